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

/// A divergence between what the model predicts and what the case did: the one finding type of
/// RefFuzz, from the judge (kind and message) through shrinking and masking (`maskedBy`), the corpus
/// (a case file stores kind, message and `maskedBy`), the report (where it is stored, how to replay it)
/// and the Swift Testing helper.
///
///     var f = Finding(kind: .leak, message: "arg0[0] ends the call with 1 reference more ...")
///     f.maskedBy = [.smallIntCache]   // measured after shrinking
public struct Finding: Hashable, Sendable, Codable {
    public var kind: FindingKind
    /// One line telling the ownership story.
    public var message: String
    /// The data classes under which the same program passes (TARGETS.md `masked_by`).
    public var maskedBy: [MaskingClass]

    // Filled when the finding is reported: the shrunk, stored case and how it came about.
    /// Size of the shrunk case (`Case.size`).
    public var ops: Int?
    /// The stored, shrunk case file.
    public var caseFile: String?
    /// The command line that replays it.
    public var reproduce: String?
    /// The index of the case that first showed it, and the seconds it took to show.
    public var firstCase: Int?
    public var secondsToFind: Double?
    /// The shrunk call as Python-like text.
    public var call: String?
    /// False when a case already in the corpus showed it (nightly CI fails on new findings only).
    public var isNew: Bool?

    public init(kind: FindingKind, message: String, maskedBy: [MaskingClass] = []) {
        self.kind = kind
        self.message = message
        self.maskedBy = maskedBy
    }

    enum CodingKeys: String, CodingKey {
        case kind, message, maskedBy = "masked_by", ops, caseFile = "case", reproduce, firstCase = "first_case"
        case secondsToFind = "seconds_to_find", call, isNew = "new"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(FindingKind.self, forKey: .kind)
        message = try c.decode(String.self, forKey: .message)
        maskedBy = try c.decodeIfPresent([MaskingClass].self, forKey: .maskedBy) ?? []
        ops = try c.decodeIfPresent(Int.self, forKey: .ops)
        caseFile = try c.decodeIfPresent(String.self, forKey: .caseFile)
        reproduce = try c.decodeIfPresent(String.self, forKey: .reproduce)
        firstCase = try c.decodeIfPresent(Int.self, forKey: .firstCase)
        secondsToFind = try c.decodeIfPresent(Double.self, forKey: .secondsToFind)
        call = try c.decodeIfPresent(String.self, forKey: .call)
        isNew = try c.decodeIfPresent(Bool.self, forKey: .isNew)
    }

    /// The finding as a case file stores it: what it is and what masks it, not where it was reported.
    public var stored: Finding { Finding(kind: kind, message: message, maskedBy: maskedBy) }

    /// The finding as reported for `theCase`, stored at `caseFile`.
    public func reported(case theCase: Case, caseFile: String, modulePaths: [String] = []) -> Finding {
        var f = self
        f.ops = theCase.size
        f.caseFile = caseFile
        f.call = theCase.callText
        f.reproduce = "reffuzz replay \(caseFile)" + modulePaths.map { " --module-path \($0)" }.joined()
        return f
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
