/// A case told as an ownership story, step by step: who owns each reference before the call, what
/// each mutation the harness ran did to the containers and which objects lost their last reference
/// there, where a dead object was used, and how the counts ended compared with the model.
///
///     let lines = Explanation(case: c, observation: o, finding: f, maskedBy: [.smallIntCache]).lines
public struct Explanation: Sendable {
    public let theCase: Case
    public let observation: Observation
    public let finding: Finding?
    public let maskedBy: [MaskingClass]

    public init(case theCase: Case, observation: Observation, finding: Finding?, maskedBy: [MaskingClass] = []) {
        self.theCase = theCase
        self.observation = observation
        self.finding = finding
        self.maskedBy = maskedBy
    }

    public var lines: [String] {
        let layout = CaseLayout(theCase)
        let story = Story(case: theCase, layout: layout, observation: observation)
        let replay = ModelReplay(case: theCase, layout: layout, observation: observation)
        let o = observation
        var out: [String] = []
        out.append("case: \(theCase.callText)")
        out.append("target: \(theCase.target)\(theCase.extraReference ? " (the caller holds an extra reference to every object)" : "")")
        out.append("")

        out.append("Before the call, who owns what:")
        let counts = referencesAfterBuild(layout: layout)
        for node in layout.nodes where o.objects.indices.contains(node.tag) && o.objects[node.tag].identity == node.tag {
            let object = o.objects[node.tag]
            var owners: [String] = []
            if object.harnessReferences > 0 { owners.append("the caller") }
            for snapshot in o.afterBuild where snapshot.elements.contains(node.tag) {
                let slots = snapshot.elements.filter { $0 == node.tag }.count
                owners.append(slots > 1 ? "\(story.path(snapshot.tag)) (\(slots) slots)" : story.path(snapshot.tag))
            }
            let total = (counts[node.tag] ?? 0) + object.harnessReferences
            var line = "  \(layout.path(of: node.tag).padded(to: 18)) \(story.describe(node.value).padded(to: 22)) "
            if node.tag == layout.objectTag {
                line += "made by the constructor's call, held by the harness until its last call"
            } else if object.shared {
                line += "shared with the interpreter (it never dies here); the case adds \(total)"
            } else if total == 0 {
                line += "no reference: it died while the arguments were built"
            } else {
                line += "\(total) reference\(total == 1 ? "" : "s"): \(owners.joined(separator: ", "))"
                if total == 1 && object.harnessReferences == 0 { line += " (its only one)" }
            }
            out.append(line)
        }
        let borrowed = layout.argumentTags.enumerated().map { i, _ in theCase.arguments[i].name ?? "arg\(i)" }
        out.append("The target borrows \(borrowed.joined(separator: ", ")) (the argument tuple holds one more reference to each until the call returns).")
        out.append("")

        out.append("During the call:")
        var events = o.events.filter { o.marks.teardown == 0 || $0.step < o.marks.teardown }
        var timeline: [(Int, String)] = []
        for record in o.steps {
            var text = "\(String(repeating: "  ", count: record.depth))[step \(record.number)] \(record.owner) runs `\(record.step.text)`"
            switch record.outcome {
            case .skipped: text += ": skipped (\(story.path(record.step.argument < layout.argumentTags.count ? layout.argumentTags[record.step.argument] : 0)) is not such a container, or is empty)"
            case .raised(let type): text += ": raised \(type) (the harness cleared it)"
            case .done: break
            }
            if let before = record.before, let after = record.after {
                text += "\n      \(story.path(before.tag)): \(contents(before, story)) -> \(contents(after, story))"
            }
            if record.reentered { text += "\n      (other steps ran inside this one)" }
            let died = o.objects.filter { $0.deathStep == record.number }
            for object in died {
                let predicted = replay.predictedDeath(of: object.tag) == record.number
                text += "\n      \(story.name(object.tag)) dies here" + (predicted ? ": its last known reference was dropped (as the model predicts)" : "")
            }
            timeline.append((record.number, text))
        }
        let stepNumbers = Set(o.steps.map(\.number))
        for object in o.objects {
            guard let death = object.deathStep, !stepNumbers.contains(death), death < o.marks.teardown || o.marks.teardown == 0 else { continue }
            timeline.append((death, "[step \(death)] \(story.name(object.tag)) dies \(story.step(death))"))
        }
        for change in replay.targetChanges {
            let snapshot = { (elements: [Int]) in ContainerSnapshot(tag: change.container, kind: replay.model.containers[change.container]?.kind ?? .list, elements: elements) }
            timeline.append((change.seenAt, "[by step \(change.seenAt)] the target's own code changed \(story.path(change.container)): \(contents(snapshot(change.from), story)) -> \(contents(snapshot(change.to), story))"))
        }
        for stale in replay.staleSlots {
            timeline.append((stale.seenAt, "[by step \(stale.seenAt)] \(story.path(stale.container)) holds \(story.name(stale.tag)), dead since step \(stale.diedAt): the target stored a pointer to a dead object  <-- use-after-free"))
        }
        for event in events {
            if event.tag == nil && event.slot == DetectorEvent.stalePointer {
                timeline.append((event.step, "[step \(event.step)] a pointer read from freed memory is used as an object \(story.step(event.step))  <-- use-after-free"))
                continue
            }
            let name = event.tag.map { story.name($0) } ?? "freed memory that was not an object of the case"
            timeline.append((event.step, "[step \(event.step)] \(name) is used (\(event.slot)) \(story.step(event.step)) after it died  <-- \(event.kind.rawValue)"))
        }
        events.removeAll()
        timeline += callTimeline(story)
        timeline.sort { $0.0 < $1.0 }
        if timeline.isEmpty { out.append("  nothing the harness did, and nothing died") }
        out.append(contentsOf: timeline.map { "  " + $0.1 })
        switch o.outcome {
        case _ where theCase.target.isStateful: break // each call's ending is in the timeline
        case .returned: out.append("The call returned a result; the harness released it.")
        case .raised(let type, let message): out.append("The call raised \(type)\(message.isEmpty ? "" : ": \(message)") (not a finding).")
        case .nullWithoutException: out.append("The call returned NULL without setting an exception.")
        case .resultWithException: out.append("The call returned a result with an exception set.")
        }
        out.append("")

        out.append("After the call (references the case knows of, against the count observed):")
        let expected = replay.expectedReferences
        for object in o.objects where object.identity == object.tag && !object.shared {
            let want = expected[object.tag] ?? 0
            if let count = object.countAfterCall {
                let mark = count == want ? "as predicted" : count > want ? "\(count - want) more than predicted" : "\(want - count) fewer than predicted"
                out.append("  \(story.name(object.tag)): \(count) (expected \(want): \(mark))")
            } else if let death = object.deathStep {
                let mark = want > 0 ? "although \(want) reference\(want == 1 ? " was" : "s were") still expected" : "as predicted"
                out.append("  \(story.name(object.tag)): dead since step \(death), \(mark)")
            }
        }
        if !o.teardown.survivors.isEmpty {
            out.append("  still alive after the harness released everything: \(o.teardown.survivors.map { story.name($0.tag) }.joined(separator: ", "))")
        }
        for residual in o.teardown.sharedResidual {
            out.append("  shared object \(residual.name): count changed by \(residual.delta) across the case")
        }
        if o.teardown.liveBlockDelta != 0 {
            out.append("  live objects changed by \(o.teardown.liveBlockDelta) across the case")
        }
        out.append("")

        if let finding {
            out.append("Verdict: \(finding.kind.rawValue): \(finding.message)")
            if finding.kind == .useAfterFree, let tag = o.events.first?.tag, let death = o.objects.first(where: { $0.tag == tag })?.deathStep {
                out.append("The target must have taken \(story.path(tag)) as a borrowed reference before step \(death): had it owned one, the object would have survived that step.")
            }
        } else {
            out.append("Verdict: no finding: every count and lifetime is as the model predicts.")
        }
        for masking in maskedBy {
            out.append("Passes with \(masking.rawValue): \(masking.why).")
        }
        return out
    }

    /// Slots per object from the containers as built.
    func referencesAfterBuild(layout: CaseLayout) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for snapshot in observation.afterBuild {
            let container = OwnershipModel.Container(kind: snapshot.kind, elements: snapshot.elements)
            for (i, element) in snapshot.elements.enumerated() where element >= 0 { counts[element, default: 0] += container.references(at: i) }
        }
        return counts
    }

    func contents(_ snapshot: ContainerSnapshot, _ story: Story) -> String {
        func show(_ tag: Int) -> String {
            guard tag >= 0 else { return "<other>" }
            if tag < story.layout.nodes.count { return story.layout.nodes[tag].value.shortText }
            return story.name(tag)
        }
        switch snapshot.kind {
        case .dict, .ordereddict:
            let pairs = stride(from: 0, to: snapshot.elements.count - 1, by: 2).map { "\(show(snapshot.elements[$0])): \(show(snapshot.elements[$0 + 1]))" }
            return "{" + pairs.joined(separator: ", ") + "}"
        case .set, .frozenset: return "{" + snapshot.elements.map(show).joined(separator: ", ") + "}"
        case .tuple: return "(" + snapshot.elements.map(show).joined(separator: ", ") + ")"
        default: return "[" + snapshot.elements.map(show).joined(separator: ", ") + "]"
        }
    }
}

extension Value {
    /// Scalars as text, containers by kind only.
    var shortText: String {
        switch self {
        case .list: "[...]"
        case .tuple: "(...)"
        case .set: "{...}"
        case .dict: "{...: ...}"
        default: text
        }
    }
}

extension String {
    func padded(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
