/// Replays the harness's mutation steps of an observed run through the ownership model: predicts each
/// step's effect and the deaths it causes, and counts where the observation disagrees (which, outside
/// re-entrant steps, means the model is wrong: the conformance runner holds that count at zero).
public struct ModelReplay: Sendable {
    public private(set) var model: OwnershipModel
    /// Steps whose observed effect differed from the prediction.
    public private(set) var mismatches: [Int] = []
    /// Predicted deaths by tag: the step at which the model says the last reference went.
    public private(set) var predictedDeaths: [Int: Int] = [:]

    public init(case theCase: Case, layout: CaseLayout, observation o: Observation) {
        let values = Self.values(layout: layout, observation: o)
        let snapshots = Dictionary(o.afterBuild.map { ($0.tag, $0.elements) }, uniquingKeysWith: { a, _ in a })
        let semantics = PythonSemantics(
            scalar: { tag in values[tag].map(ModelScalar.init) ?? .none },
            elements: { tag in snapshots[tag] ?? [] })
        model = OwnershipModel(semantics: semantics)
        for object in o.objects where object.createdAt == 0 {
            let snapshot = o.afterBuild.first { $0.tag == object.tag }
            model.add(tag: object.tag, owned: object.harnessReferences,
                      container: snapshot.map { OwnershipModel.Container(kind: $0.kind, elements: $0.elements.filter { $0 >= 0 }) },
                      shared: object.shared)
        }
        for record in o.steps {
            guard record.outcome != .skipped, let before = record.before else { continue }
            // Step values are scalars (Case validation), owned by the step until it stores them.
            for tag in record.created {
                let object = o.objects.first { $0.tag == tag }
                model.add(tag: tag, owned: 1 + (object?.harnessReferences ?? 0), shared: object?.shared ?? false)
            }
            model.resync(before)
            var chosen: Int?
            if let after = record.after, case .setDiscard = record.step { chosen = Set(before.elements).subtracting(after.elements).first }
            if let after = record.after, case .setPop = record.step { chosen = Set(before.elements).subtracting(after.elements).first }
            var raised = false
            if case .raised = record.outcome { raised = true }
            let prediction = model.apply(record.step, to: before.tag, created: record.created, chosen: chosen,
                                         raised: raised, at: record.number)
            for tag in prediction.deaths where predictedDeaths[tag] == nil { predictedDeaths[tag] = record.number }
            if let after = record.after {
                if record.reentered || prediction.after == nil {
                    model.resync(after)
                } else if let predicted = prediction.after {
                    let observed = after.elements
                    let same = prediction.unordered ? predicted.sorted() == observed.sorted() : predicted == observed
                    if !same {
                        mismatches.append(record.number)
                        model.resync(after)
                    }
                }
            }
        }
    }

    public func predictedDeath(of tag: Int) -> Int? { predictedDeaths[tag] }

    static func values(layout: CaseLayout, observation o: Observation) -> [Int: Value] {
        var values: [Int: Value] = [:]
        for node in layout.nodes { values[node.tag] = node.value }
        for record in o.steps {
            for (i, tag) in record.created.enumerated() where i < record.step.values.count {
                values[tag] = record.step.values[i]
            }
        }
        return values
    }
}
