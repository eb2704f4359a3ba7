/// Compares what a case did (`Observation`) with what the ownership model predicts, and decides.
///
/// The contract checked: the target borrows its arguments and returns a new reference or NULL with an
/// exception set. After the call (its result released), every live object of the case must have exactly
/// the references the case knows of: the caller's, and one per slot of a live container of the case.
public struct Judge: Sendable {
    public init() {}

    /// How many repetitions `confirm` wants; the first one warms caches up and is not judged.
    public static let repetitions = 4
    /// How many more runs tell a leak from a bounded cache that was still filling up: a leak must keep
    /// growing at (nearly) the same rate over all of them.
    public static let longRunCount = 400

    public func verdict(case theCase: Case, layout: CaseLayout, observation o: Observation) -> Verdict {
        judged(case: theCase, layout: layout, observation: o).verdict
    }

    /// The verdict (its story noting aliased arguments), and the steps whose effect the model predicted
    /// otherwise (`ModelReplay.mismatches`).
    public func judged(case theCase: Case, layout: CaseLayout, observation o: Observation) -> (verdict: Verdict, mismatches: Int) {
        // The model replays the case; the observation is compared with what it predicts.
        let replay = ModelReplay(case: theCase, layout: layout, observation: o)
        let verdict = verdict(replay: replay, case: theCase, layout: layout, observation: o)
        return (Story(case: theCase, layout: layout, observation: o).noting(aliasesIn: verdict), replay.mismatches.count)
    }

    private func verdict(replay: ModelReplay, case theCase: Case, layout: CaseLayout, observation o: Observation) -> Verdict {
        let story = Story(case: theCase, layout: layout, observation: o)
        let expected = replay.expectedReferences
        let beforeTeardown = { (step: Int) in o.marks.teardown == 0 || step < o.marks.teardown }

        // Objects that died although the case still knew of a reference to them.
        var earlyDeaths: [(tag: Int, step: Int)] = []
        for object in o.objects where object.tag == object.identity {
            guard let died = object.deathStep, beforeTeardown(died), (replay.referencesAtDeath[object.tag] ?? 0) > 0 else { continue }
            earlyDeaths.append((object.tag, died))
        }
        earlyDeaths.sort { ($0.step, $0.tag) < ($1.step, $1.tag) }
        let deadTags = Set(earlyDeaths.map(\.tag))

        // Uses of dead objects before the teardown, that are not the harness tripping over an early death,
        // and containers the target made hold a pointer to an object that had died.
        var uses: [(step: Int, onEarlyDeath: Bool, message: () -> String)] = []
        // A stateful target's object holds references the model cannot see: a case object it let die and
        // then released again (nobody used it) lost a reference it was owed, which is an over-decref.
        let releasedAgain = o.events.filter { theCase.target.isStateful && $0.isReleaseAfterDeath }
        for event in o.events where beforeTeardown(event.step) && !releasedAgain.contains(event) {
            if let tag = event.tag, deadTags.contains(tag), event.kind != .useAfterDeath, event.kind != .freedObjectUsed { continue }
            uses.append((event.step, event.tag.map(deadTags.contains) ?? false, { useMessage(event, story: story, replay: replay) }))
        }
        for stale in replay.staleSlots {
            uses.append((stale.seenAt, deadTags.contains(stale.tag), { staleMessage(stale, story: story, replay: replay) }))
        }
        uses.sort { $0.step < $1.step }
        if let first = uses.first, earlyDeaths.first.map({ first.step < $0.step || !first.onEarlyDeath }) ?? true {
            return .finding(Finding(kind: .useAfterFree, message: first.message()))
        }
        if let death = earlyDeaths.first {
            let holders = holderNames(replay.holdersAtDeath[death.tag], story: story)
            let message = "\(story.name(death.tag)) died \(story.step(death.step)) although \(holders) still held it: the target released a reference it did not own"
            return .finding(Finding(kind: .overDecref, message: message))
        }

        if let missing = o.objectReferencesMissing, missing > 0, let tag = layout.objectTag {
            let message = "\(story.name(tag)) outlived the harness letting it go, and the objects it reaches hold \(missing) reference\(missing == 1 ? "" : "s") to it more than its count says: a call released a reference to the object that it did not own"
            return .finding(Finding(kind: .overDecref, message: message))
        }

        // Counts of the live objects that only the case references.
        for object in o.objects where object.tag == object.identity && !object.shared {
            guard let count = object.countAfterCall else { continue }
            let want = expected[object.tag] ?? 0
            if count < want {
                let holders = holderNames(replay.model.holderTags(of: object.tag), story: story)
                let message = "\(story.name(object.tag)) ends the call with \(count) reference\(count == 1 ? "" : "s") where \(want) \(want == 1 ? "is" : "are") held (\(holders)): \(want - count) released that \(want - count == 1 ? "was" : "were") never owned"
                return .finding(Finding(kind: .overDecref, message: message))
            }
        }

        // Uses of freed memory found only when the harness released everything: still use-after-free.
        if let late = o.events.first(where: { event in !(event.tag.map(deadTags.contains) ?? false) && !releasedAgain.contains(event) }) {
            return .finding(Finding(kind: .useAfterFree, message: useMessage(late, story: story, replay: replay)))
        }
        if let again = releasedAgain.first, let tag = again.tag {
            let death = o.objects.first { $0.tag == tag }?.deathStep.map { " \(story.step($0))" } ?? ""
            let message = "\(story.name(tag)) died\(death) while the \(theCase.target.function) object still held it, which then released it again \(story.step(again.step)): a call gave away a reference it did not own"
            return .finding(Finding(kind: .overDecref, message: message))
        }

        switch o.outcome {
        case .nullWithoutException:
            return .finding(Finding(kind: .badException, message: "the target returned NULL without setting an exception (for \(theCase.callText))"))
        case .resultWithException:
            return .finding(Finding(kind: .badException, message: "the target returned a result with an exception set (for \(theCase.callText))"))
        case .returned, .raised:
            break
        }
        for call in o.calls where call.call >= 0 {
            let text = theCase.callText(ofCall: call.call)
            switch call.outcome {
            case .nullWithoutException:
                return .finding(Finding(kind: .badException, message: "`\(text)` returned NULL without setting an exception (call \(call.call + 1) of \(theCase.calls.count) in \(theCase.callText))"))
            case .resultWithException:
                return .finding(Finding(kind: .badException, message: "`\(text)` returned a result with an exception set (call \(call.call + 1) of \(theCase.calls.count) in \(theCase.callText))"))
            case .returned, .raised:
                continue
            }
        }

        // A count too high after the call is a leak only if the reference is never given back: a cache
        // (or the type attribute cache holding a name) may keep it a while. What is still held once the
        // harness released everything and emptied the interpreter's caches decides.
        if !o.teardown.isClean { return .needsRepetition }
        return .pass
    }

    /// Judges the repetitions of a case whose first run left references or blocks behind.
    public func confirm(case theCase: Case, layout: CaseLayout, observation o: Observation) -> Verdict {
        Story(case: theCase, layout: layout, observation: o).noting(aliasesIn: confirmed(case: theCase, layout: layout, observation: o))
    }

    func confirmed(case theCase: Case, layout: CaseLayout, observation o: Observation) -> Verdict {
        guard let reps = o.repetitions, reps.count >= 2 else { return .pass }
        let story = Story(case: theCase, layout: layout, observation: o)
        let judged = reps.dropFirst()
        let expected = ModelReplay(case: theCase, layout: layout, observation: o).expectedReferences

        // Objects of the case that each run leaves alive, and that later runs never release.
        if judged.allSatisfy({ $0.survivors > 0 }), let last = reps.last, last.firstRepetitionSurvivors > 0 {
            guard let long = o.longRun else { return .needsLongRun }
            guard long.firstRepetitionSurvivors > 0 else { return .pass } // a bounded cache let them go
            let higher = o.objects.filter { object in
                object.tag == object.identity && !object.shared && (object.countAfterCall ?? 0) > (expected[object.tag] ?? 0)
            }
            // The leaked object is one the teardown found alive: a count higher than the model's that the
            // teardown gave back is the model's under-estimate, not the leak, when another object is the
            // one that outlives the case.
            let surviving = Set(o.teardown.survivors.map(\.tag))
            let leaked = higher.first { surviving.contains($0.tag) } ?? higher.first
            if let leaked, let count = leaked.countAfterCall {
                let extra = count - (expected[leaked.tag] ?? 0)
                return .finding(Finding(kind: .leak, message: "\(story.name(leaked.tag)) ends the call with \(extra) reference\(extra == 1 ? "" : "s") more than the case holds, on every repetition: the target took a reference it never released"))
            }
            let survivor = o.teardown.survivors.first.map { story.name($0.tag) } ?? "an object of the case"
            return .finding(Finding(kind: .leak, message: "\(survivor) outlives the case on every repetition: a reference to it was never released"))
        }

        // A shared object (cached int, singleton, interned string) whose count drifts on every run.
        let names = Set(judged.flatMap { $0.sharedResidual.map(\.name) })
        for name in names.sorted() {
            let deltas = judged.map { rep in rep.sharedResidual.first { $0.name == name }?.delta ?? 0 }
            guard let first = deltas.first, first != 0, deltas.allSatisfy({ $0 == first }) else { continue }
            // Growth could be a cache still filling: it must last. A count that drops by the same amount
            // on every call is an over-decref already (no cache gives references back on every call), and
            // hundreds more calls would only drive the object to zero and abort the interpreter.
            if first > 0 {
                guard let long = o.longRun else { return .needsLongRun }
                let total = long.sharedResidual.first { $0.name == name }?.delta ?? 0
                guard Self.sustained(total: total, perRun: first, runs: long.runs) else { continue }
            }
            let tag = judged.lazy.compactMap { $0.sharedResidual.first { $0.name == name }?.tag }.first
            let what = tag.map { story.sharedName($0) } ?? "the cached object \(name) (not an argument: one the target made or looked up itself)"
            if first > 0 {
                return .finding(Finding(kind: .leak, message: "\(what) gains \(first) reference\(first == 1 ? "" : "s") on every call and never loses \(first == 1 ? "it" : "them"): the target leaks a reference (the object is shared, so the leak shows only as its count rising)"))
            }
            return .finding(Finding(kind: .overDecref, message: "\(what) loses \(-first) reference\(first == -1 ? "" : "s") on every call: the target releases a reference it does not own (the object is shared, so only its count shows it, until it is freed under its owners)"))
        }

        // Blocks that every run leaves allocated: new objects made by the target and never released.
        if judged.allSatisfy({ $0.liveBlockDelta > 0 }) {
            let per = judged.map(\.liveBlockDelta).min() ?? 0
            guard let long = o.longRun else { return .needsLongRun }
            guard Self.sustained(total: long.liveBlockDelta, perRun: per, runs: long.runs) else { return .pass }
            return .finding(Finding(kind: .leak, message: "\(per) more live object\(per == 1 ? "" : "s") after every repeated call of \(theCase.callText): the target leaks objects it made itself (intermediates), none of them an object of the case"))
        }
        return .pass
    }

    /// True when `total` over `runs` runs is at least 90% of `perRun` every run, with the same sign.
    static func sustained(total: Int, perRun: Int, runs: Int) -> Bool {
        guard perRun != 0, (total > 0) == (perRun > 0) else { return false }
        return abs(total) * 10 >= abs(perRun) * runs * 9
    }

    /// "the caller and arg0", from the model's holders of an object.
    func holderNames(_ holders: (harness: Bool, containers: [Int])?, story: Story) -> String {
        guard let holders else { return "nothing" }
        let names = (holders.harness ? ["the caller"] : []) + holders.containers.map(story.path)
        return names.isEmpty ? "nothing" : names.joined(separator: " and ")
    }

    func staleMessage(_ stale: ModelReplay.StaleSlot, story: Story, replay: ModelReplay) -> String {
        var message = "\(story.name(stale.tag)) died \(story.step(stale.diedAt))"
        if replay.predictedDeath(of: stale.tag) == stale.diedAt { message += ", which dropped its last known reference," }
        return message + " and the target then stored it in \(story.path(stale.container)) (seen \(story.step(stale.seenAt))): it kept a borrowed pointer to the object and used it after the object was freed"
    }

    func useMessage(_ event: DetectorEvent, story: Story, replay: ModelReplay) -> String {
        if event.kind == .freedRawMemoryAccessed { return rawMemoryMessage(event, story: story) }
        let how: String
        switch event.kind {
        case .useAfterDeath, .freedObjectUsed: how = "used (\(event.slot))"
        case .countAfterDeath: how = "increfed or decrefed"
        case .deallocAfterDeath: how = "increfed and decrefed again (freed twice)"
        case .freedMemoryWritten: how = "written to (its freed memory changed)"
        case .doubleFree: how = "freed a second time"
        case .freedRawMemoryAccessed: how = "touched"
        }
        guard let tag = event.tag else {
            if event.slot == DetectorEvent.stalePointer {
                return "the target used a pointer it read from freed memory (an item array or field it kept while its owner was resized or freed) as an object, \(story.step(event.step))"
            }
            return "freed memory that was not an object of the case was \(how) \(story.step(event.step))"
        }
        guard let death = story.observation.objects.first(where: { $0.tag == tag })?.deathStep else {
            return "\(story.name(tag)) was \(how) \(story.step(event.step)) although it was freed"
        }
        var message = "\(story.name(tag)) died \(story.step(death))"
        if replay.predictedDeath(of: tag) == death { message += ", which dropped its last known reference," }
        message += " and was then \(how) \(story.step(event.step))"
        return message + ": the target held only a borrowed reference to it"
    }

    /// "freed raw memory (a 64-byte block freed when mutator #0 call 1 ran `arg0.clear()`) was read in
    /// the target's own code: ...", for a fault on a guarded freed block.
    func rawMemoryMessage(_ event: DetectorEvent, story: Story) -> String {
        let size = event.size.map { "a \($0)-byte block" } ?? "a block"
        let freed = event.freedStep.map { "freed \(story.step($0))" } ?? "freed by an earlier run in this process"
        let how = event.slot == "read" ? "read" : event.slot == "write" ? "written" : "read or written"
        let byHarness = event.freedStep.map { step in story.observation.steps.contains { $0.number == step } } ?? false
        let why = byHarness
            ? "a pointer into a buffer (storage that holds no objects) kept across a callback that resized or released it"
            : "a pointer into a buffer or scratch memory (storage that holds no objects) used after it was freed or moved"
        return "freed raw memory (\(size) \(freed)) was \(how) \(story.step(event.step)): \(why)"
    }
}

extension DetectorEvent {
    /// A dead object's count changed or its memory was written, or it was freed again: what its owner
    /// does when it releases the reference it was owed, not a use of the object.
    var isReleaseAfterDeath: Bool {
        tag != nil && [.countAfterDeath, .deallocAfterDeath, .freedMemoryWritten, .doubleFree].contains(kind)
    }
}
