/// A stateful case's calls in the explanation's timeline: when each started and how it ended.
extension Explanation {
    func callTimeline(_ story: Story) -> [(Int, String)] {
        var timeline: [(Int, String)] = []
        for call in observation.calls {
            let text = call.call < 0 ? theCase.callText(ofCall: nil) : theCase.callText(ofCall: call.call)
            let which = call.call < 0 ? "the constructor's call" : "call \(call.call + 1) of \(theCase.calls.count)"
            timeline.append((call.start, "[step \(call.start)] \(which): `\(text)`"))
            var ended: String
            switch call.outcome {
            case .returned:
                // A result that is none of the case's objects is named after the call: say it plainly.
                ended = call.result.map { $0 < story.layout.nodes.count ? "returned \(story.name($0))" : "returned a new object (object #\($0))" }
                    ?? "returned None (or an object not of the case)"
            case .raised(let type, let message): ended = "raised \(type)\(message.isEmpty ? "" : ": \(message)") (not a finding)"
            case .nullWithoutException: ended = "returned NULL without setting an exception"
            case .resultWithException: ended = "returned a result with an exception set"
            }
            if !call.releasedTags.isEmpty {
                ended += "; then the harness released \(call.releasedTags.map(story.path).joined(separator: ", "))"
            }
            timeline.append((call.end, "[step \(call.end)] `\(text)` \(ended)"))
        }
        if observation.marks.objectReleased > 0 {
            timeline.append((observation.marks.objectReleased, "[step \(observation.marks.objectReleased)] the harness lets the \(theCase.target.function) object go"))
        }
        return timeline
    }
}
