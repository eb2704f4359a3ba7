/// What a case exercised, as `minimize` compares cases: how the call ended, which mutations ran to
/// completion or raised, which dunders and mutators called back, whether that was re-entrant, and the
/// data classes of the objects that died during the call. Two cases with the same signature (and no
/// finding, or the same finding) exercise the same contracts, so the corpus keeps only the smaller one.
public struct BehaviourSignature: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String

    public init(observation o: Observation) {
        var parts: [String] = []
        switch o.outcome {
        case .returned: parts.append("returned")
        case .raised(let type, _): parts.append("raised:\(type)")
        case .nullWithoutException: parts.append("null-without-exception")
        case .resultWithException: parts.append("result-with-exception")
        }
        var steps = Set<String>(), callers = Set<String>()
        var reentered = false
        for record in o.steps {
            switch record.outcome {
            case .done: steps.insert(record.step.name)
            case .raised(let type): steps.insert("\(record.step.name)!\(type)")
            case .skipped: continue
            }
            callers.insert(record.owner.dunder.map { "evil.\($0.rawValue)" } ?? "mutator")
            reentered = reentered || record.reentered
        }
        parts.append("steps:" + steps.sorted().joined(separator: ","))
        parts.append("by:" + callers.sorted().joined(separator: ","))
        if reentered { parts.append("reentrant") }
        let died = Set(o.objects.compactMap { object -> String? in
            guard let death = object.deathStep, death >= o.marks.callStart, death < max(o.marks.callEnd, o.marks.callStart) else { return nil }
            return object.dataClass.rawValue
        })
        parts.append("died:" + died.sorted().joined(separator: ","))
        text = parts.joined(separator: " ")
    }

    public var description: String { text }
    public static func < (a: BehaviourSignature, b: BehaviourSignature) -> Bool { a.text < b.text }
}
