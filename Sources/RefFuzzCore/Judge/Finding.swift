/// The kinds of finding of TARGETS.md.
public enum FindingKind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case useAfterFree = "use-after-free"
    case leak
    case overDecref = "over-decref"
    case crash
    case hang
    case badException = "bad-exception"

    public static func < (a: FindingKind, b: FindingKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A divergence between what the model predicts and what the case did.
public struct Finding: Hashable, Sendable, Codable {
    public var kind: FindingKind
    /// One line telling the ownership story.
    public var message: String

    public init(kind: FindingKind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The judge's answer for one observation.
public enum Verdict: Hashable, Sendable {
    case pass
    case finding(Finding)
    /// Counts are off in a way that a cache filling once also explains: run the case again a few times
    /// and judge the repetitions (`Judge.confirm`).
    case needsRepetition
    /// The repetitions show growth on every call: run the case many more times (`Observation.longRun`)
    /// to tell a leak (grows without bound) from a cache that is still filling.
    case needsLongRun

    public var finding: Finding? {
        if case .finding(let f) = self { return f }
        return nil
    }
}
