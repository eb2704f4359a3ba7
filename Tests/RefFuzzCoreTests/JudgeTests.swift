import Testing
@testable import RefFuzzCore

/// `m:f(list,mutator)` called with `arg0 = [1000001, <canary #0>]` and mutator #0 running `arg0.pop(-1)`.
/// Tags: 0 the list, 1 the big int (`arg0[0]`), 2 the canary (`arg0[-1]`), 3 the mutator.
/// Harness steps: 1 call start, 2 the mutator's pop, 3 call end, 4 result released, 5 arguments
/// released, 6 teardown.
struct JudgeFixture {
    let theCase: Case
    let layout: CaseLayout
    /// A clean run in which the target did not run the mutator and left everything as it found it.
    var o = Observation()

    init() throws {
        theCase = Case(target: try parse("m:f(list,mutator)"),
                       arguments: [CallArgument(value: .list([.bigInt(1_000_001), .canary(0)])), CallArgument(value: .mutator(0))],
                       mutators: [MutatorProgram(calls: [[.pop(argument: 0, at: -1)]])])
        layout = CaseLayout(theCase)
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .bigInt, identity: 1, shared: false, harnessReferences: 0, countAfterCall: 1),
            ObservedObject(tag: 2, dataClass: .canary, identity: 2, shared: false, harnessReferences: 0, countAfterCall: 1),
            ObservedObject(tag: 3, dataClass: .mutator, identity: 3, shared: false, harnessReferences: 1, countAfterCall: 1),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 2])]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 2])]
        o.marks.callStart = 1
        o.marks.callEnd = 3
        o.marks.resultReleased = 4
        o.marks.argumentsReleased = 5
        o.marks.teardown = 6
    }

    /// The mutator's `arg0.pop(-1)` ran as harness step 2, removing the canary from the list.
    mutating func popTheCanary(diesAt death: Int? = 2) {
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(.mutator(0, call: 0)), position: 0, step: .pop(argument: 0, at: -1),
                              depth: 0, outcome: .done, before: ContainerSnapshot(tag: 0, kind: .list, elements: [1, 2]),
                              after: ContainerSnapshot(tag: 0, kind: .list, elements: [1]))]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [1])]
        o.objects[2].countAfterCall = nil
        o.objects[2].deathStep = death
    }

    func verdict() -> Verdict { Judge().verdict(case: theCase, layout: layout, observation: o) }
    func confirm() -> Verdict { Judge().confirm(case: theCase, layout: layout, observation: o) }
}

@Suite("Judge: one observation")
struct JudgeVerdictTests {
    @Test func aCleanObservationPasses() throws {
        let f = try JudgeFixture()
        #expect(f.verdict() == .pass)
        #expect(ModelReplay(case: f.theCase, layout: f.layout, observation: f.o).expectedReferences == [0: 1, 1: 1, 2: 1, 3: 1])
    }

    @Test func anObjectTheTargetRemovedMayDie() throws {
        var f = try JudgeFixture()
        f.popTheCanary()
        #expect(f.verdict() == .pass)
    }

    @Test func aRaisedExceptionIsNotAFinding() throws {
        var f = try JudgeFixture()
        f.o.outcome = .raised(type: "TypeError", message: "no")
        #expect(f.verdict() == .pass)
    }

    @Test func fewerReferencesThanHeldIsAnOverDecref() throws {
        var f = try JudgeFixture()
        f.o.objects[2].harnessReferences = 1   // the caller keeps an extra reference to the canary
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .overDecref)
        #expect(finding.message.hasPrefix("arg0[-1] (canary #0) ends the call with 1 reference where 2 are held (the caller and arg0)"))
    }

    @Test func aContainerWithTooFewReferencesIsAnOverDecref() throws {
        var f = try JudgeFixture()
        f.o.objects[0].countAfterCall = 0
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .overDecref)
        #expect(finding.message.contains("arg0 (list) ends the call with 0 references where 1 is held (the caller)"))
    }

    @Test func sharedObjectsAreNotCounted() throws {
        var f = try JudgeFixture()
        f.o.objects[1].shared = true
        f.o.objects[1].countAfterCall = 0
        #expect(f.verdict() == .pass)
    }

    @Test func dyingWhileStillInALiveContainerIsAnOverDecref() throws {
        var f = try JudgeFixture()
        f.o.objects[2].countAfterCall = nil
        f.o.objects[2].deathStep = 2
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .overDecref)
        #expect(finding.message.hasPrefix("arg0[-1] (canary #0) died in the target's own code although arg0 still held it"))
    }

    @Test func aUseOfADeadObjectIsAUseAfterFree() throws {
        var f = try JudgeFixture()
        f.popTheCanary()
        f.o.events = [DetectorEvent(kind: .useAfterDeath, slot: "repr", tag: 2, step: 4)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(finding.message.hasPrefix("arg0[-1] (canary #0) died when mutator #0 call 1 ran `arg0.pop(-1)`"))
        #expect(finding.message.contains("which dropped its last known reference"))
        #expect(finding.message.contains("used (repr) when the harness released the call's result"))
    }

    @Test func aDeathTheModelDidNotPredictIsNotCalledExpected() throws {
        var f = try JudgeFixture()
        f.popTheCanary(diesAt: 3)   // it died later than the pop that dropped its last reference
        f.o.events = [DetectorEvent(kind: .countAfterDeath, slot: "incref", tag: 2, step: 3)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(!finding.message.contains("last known reference"))
        #expect(finding.message.contains("increfed or decrefed"))
    }

    @Test func aUseOfUnknownFreedMemoryIsAUseAfterFree() throws {
        var f = try JudgeFixture()
        f.o.events = [DetectorEvent(kind: .freedMemoryWritten, slot: "", tag: nil, step: 2)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(finding.message.hasPrefix("freed memory that was not an object of the case was written to"))
    }

    @Test func aUseSeenOnlyAtTeardownIsStillAUseAfterFree() throws {
        var f = try JudgeFixture()
        f.o.events = [DetectorEvent(kind: .doubleFree, slot: "", tag: 1, step: 7)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(finding.message.contains("arg0[0] (big int 1000001)"))
        #expect(finding.message.contains("freed a second time"))
    }

    @Test func aUseAfterAnEarlyDeathIsReportedAsTheOverDecrefThatCausedIt() throws {
        var f = try JudgeFixture()
        f.o.objects[2].countAfterCall = nil
        f.o.objects[2].deathStep = 2
        f.o.events = [DetectorEvent(kind: .useAfterDeath, slot: "repr", tag: 2, step: 5)]
        #expect(f.verdict().finding?.kind == .overDecref)
        // A use before the early death is the use-after-free.
        f.o.events = [DetectorEvent(kind: .useAfterDeath, slot: "repr", tag: 1, step: 1)]
        #expect(f.verdict().finding?.kind == .useAfterFree)
    }

    @Test func nullWithoutExceptionIsABadException() throws {
        var f = try JudgeFixture()
        f.o.outcome = .nullWithoutException
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .badException)
        #expect(finding.message == "the target returned NULL without setting an exception (for m.f([1000001, <canary #0>], <mutator #0>))")
    }

    @Test func aResultWithAnExceptionIsABadException() throws {
        var f = try JudgeFixture()
        f.o.outcome = .resultWithException
        #expect(f.verdict().finding?.kind == .badException)
        #expect(f.verdict().finding?.message.contains("returned a result with an exception set") == true)
    }

    @Test func aCountTooHighThatTheTeardownGivesBackPasses() throws {
        // A cache (or the type attribute cache holding a name) kept a reference for a while.
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        #expect(f.verdict() == .pass)
    }

    @Test func aCountTooHighThatSurvivesTheTeardownNeedsRepetition() throws {
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        f.o.teardown.survivors = [Survivor(tag: 1, count: 1)]
        #expect(f.verdict() == .needsRepetition)
    }

    @Test func anUncleanTeardownNeedsRepetition() throws {
        var f = try JudgeFixture()
        f.o.teardown.liveBlockDelta = 3
        #expect(f.verdict() == .needsRepetition)
        f.o.teardown = TeardownObservation()
        f.o.teardown.sharedResidual = [SharedResidual(name: "7", tag: nil, delta: 1)]
        #expect(f.verdict() == .needsRepetition)
        f.o.teardown = TeardownObservation()
        f.o.teardown.survivors = [Survivor(tag: 1, count: 1)]
        #expect(f.verdict() == .needsRepetition)
    }

    @Test func aContainerTheTargetReordersIsExplainedNotJudged() throws {
        var f = try JudgeFixture()
        f.o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [2, 1])]   // it reversed arg0
        #expect(f.verdict() == .pass)
        let replay = ModelReplay(case: f.theCase, layout: f.layout, observation: f.o)
        #expect(replay.targetChanges == [ModelReplay.TargetChange(container: 0, from: [1, 2], to: [2, 1], seenAt: 3)])
        #expect(replay.staleSlots.isEmpty)
    }

    @Test func anItemTheTargetKeptAliveAndPutBackIsNotAUseAfterFree() throws {
        // The pop dropped the list's reference, but the target held its own and appended the canary again.
        var f = try JudgeFixture()
        f.popTheCanary(diesAt: nil)
        f.o.objects[2].countAfterCall = 1
        f.o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 2])]
        #expect(f.verdict() == .pass)
    }

    /// `m:f(list,list)` with `arg0 = [<evil #0>]` and `arg1 = [<canary #0>]`: the target borrows arg1's
    /// items, clears arg0 (evil #0's `__del__` then runs `arg1.clear()`, which frees the canary), and
    /// appends the pointers it borrowed to arg0. Tags: 0 arg0, 1 evil #0, 2 arg1, 3 the canary.
    static func copiesDanglingPointers() throws -> (Case, CaseLayout, Observation) {
        let theCase = Case(target: try parse("m:f(list,list)"),
                           arguments: [CallArgument(value: .list([.evil(0)])), CallArgument(value: .list([.canary(0)]))],
                           evils: [EvilSpec(programs: [.del: [[.clear(argument: 1)]]])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .evil, identity: 1, shared: false, harnessReferences: 0, deathStep: 3),
            ObservedObject(tag: 2, dataClass: .container, identity: 2, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 3, dataClass: .canary, identity: 3, shared: false, harnessReferences: 0, deathStep: 2),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .list, elements: [1]), ContainerSnapshot(tag: 2, kind: .list, elements: [3])]
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(.evil(0, .del, call: 0)), position: 0, step: .clear(argument: 1),
                              depth: 0, outcome: .done, before: ContainerSnapshot(tag: 2, kind: .list, elements: [3]),
                              after: ContainerSnapshot(tag: 2, kind: .list, elements: []))]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [3]), ContainerSnapshot(tag: 2, kind: .list, elements: [])]
        o.marks.callStart = 1
        o.marks.callEnd = 4
        o.marks.resultReleased = 5
        o.marks.argumentsReleased = 6
        o.marks.teardown = 7
        return (theCase, CaseLayout(theCase), o)
    }

    @Test func aDanglingPointerTheTargetStoresIsAUseAfterFreeNotAReference() throws {
        let (theCase, layout, o) = try Self.copiesDanglingPointers()
        let finding = try #require(Judge().verdict(case: theCase, layout: layout, observation: o).finding)
        #expect(finding.kind == .useAfterFree, "\(finding.message)")
        #expect(finding.message.hasPrefix("arg1[0] (canary #0) died when evil #0 __del__ call 1 ran `arg1.clear()`, which dropped its last known reference, and the target then stored it in arg0"))
        let replay = ModelReplay(case: theCase, layout: layout, observation: o)
        #expect(replay.staleSlots == [ModelReplay.StaleSlot(container: 0, tag: 3, diedAt: 2, seenAt: 4)])
        #expect(replay.referencesAtDeath[3] == 0)
    }

    @Test func aBorrowedItemStoredElsewhereWithoutAReferenceIsAnOverDecref() throws {
        // The target copies arg1[0]'s pointer into arg0 without a reference of its own, then clears arg1.
        var (theCase, layout, o) = try Self.copiesDanglingPointers()
        o.steps = []
        o.objects[1].deathStep = nil
        o.objects[1].countAfterCall = 1
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 3]), ContainerSnapshot(tag: 2, kind: .list, elements: [])]
        theCase.evils = [EvilSpec()]
        let finding = try #require(Judge().verdict(case: theCase, layout: layout, observation: o).finding)
        #expect(finding.kind == .overDecref, "\(finding.message)")
        #expect(finding.message.hasPrefix("arg1[0] (canary #0) died in the target's own code although arg0 still held it"))
    }

    @Test func expectedReferencesMergeTagsOfOneObject() throws {
        // arg0 = [3, 3]: both elements are the cached int 3 (identity 1).
        let theCase = Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([.smallInt(3), .smallInt(3)]))])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .smallInt, identity: 1, shared: true, harnessReferences: 0, countAfterCall: 2),
            ObservedObject(tag: 2, dataClass: .smallInt, identity: 1, shared: true, harnessReferences: 0, countAfterCall: 2),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 1])]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [1, 1, -1])]
        #expect(ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o).expectedReferences == [0: 1, 1: 2])
    }
}

@Suite("Judge: repetitions")
struct JudgeConfirmTests {
    static func repetitions(_ survivors: [Int], first: [Int]? = nil) -> [Repetition] {
        zip(survivors, first ?? survivors).map {
            Repetition(survivors: $0, firstRepetitionSurvivors: $1, sharedResidual: [], liveBlockDelta: 0)
        }
    }

    static func residuals(_ deltas: [Int?], tag: Int? = nil) -> [Repetition] {
        deltas.map { delta in
            Repetition(survivors: 0, firstRepetitionSurvivors: 0,
                       sharedResidual: delta.map { [SharedResidual(name: "7", tag: tag, delta: $0)] } ?? [], liveBlockDelta: 0)
        }
    }

    static func blocks(_ deltas: [Int]) -> [Repetition] {
        deltas.map { Repetition(survivors: 0, firstRepetitionSurvivors: 0, sharedResidual: [], liveBlockDelta: $0) }
    }

    static func longRun(firstSurvivors: Int = 0, residual: Int? = nil, tag: Int? = nil, blocks: Int = 0) -> LongRun {
        LongRun(runs: Judge.longRunCount, firstRepetitionSurvivors: firstSurvivors,
                sharedResidual: residual.map { [SharedResidual(name: "7", tag: tag, delta: $0)] } ?? [], liveBlockDelta: blocks)
    }

    @Test func withoutRepetitionsThereIsNothingToConfirm() throws {
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        #expect(f.confirm() == .pass)
        f.o.repetitions = Self.repetitions([1])
        #expect(f.confirm() == .pass)
    }

    @Test func survivorsOnEveryRepetitionAreALeakIfTheLongRunKeepsThem() throws {
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        f.o.repetitions = Self.repetitions([1, 1, 1, 1])
        #expect(Judge.repetitions == 4)
        #expect(f.confirm() == .needsLongRun)
        f.o.longRun = Self.longRun(firstSurvivors: 1)
        let finding = try #require(f.confirm().finding)
        #expect(finding.kind == .leak)
        #expect(finding.message.hasPrefix("arg0[0] (big int 1000001) ends the call with 1 reference more than the case holds, on every repetition"))
    }

    @Test func aBoundedCacheThatLetsTheFirstRunsObjectsGoIsNotALeak() throws {
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        f.o.repetitions = Self.repetitions([1, 1, 1, 1])
        f.o.longRun = Self.longRun(firstSurvivors: 0)
        #expect(f.confirm() == .pass)
    }

    @Test func aLeakWithoutAnExcessCountNamesTheSurvivor() throws {
        var f = try JudgeFixture()
        f.o.teardown.survivors = [Survivor(tag: 2, count: 1)]
        f.o.repetitions = Self.repetitions([2, 2, 2, 2])
        f.o.longRun = Self.longRun(firstSurvivors: 2)
        let finding = try #require(f.confirm().finding)
        #expect(finding.kind == .leak)
        #expect(finding.message.hasPrefix("arg0[-1] (canary #0) outlives the case on every repetition"))
    }

    @Test func retentionIsNotALeak() throws {
        var f = try JudgeFixture()
        f.o.objects[1].countAfterCall = 2
        // A cache keeps the first run's objects, then nothing more.
        f.o.repetitions = Self.repetitions([1, 0, 0, 0], first: [1, 1, 1, 1])
        #expect(f.confirm() == .pass)
        // Each run's objects replace the previous run's in the cache.
        f.o.repetitions = Self.repetitions([1, 1, 1, 1], first: [1, 0, 0, 0])
        #expect(f.confirm() == .pass)
        // One judged repetition without survivors is enough.
        f.o.repetitions = Self.repetitions([1, 1, 0, 1], first: [1, 1, 1, 1])
        #expect(f.confirm() == .pass)
    }

    @Test func aSharedObjectGainingOnEveryRunIsALeak() throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.residuals([5, 1, 1, 1])   // the first, unjudged, run may differ
        #expect(f.confirm() == .needsLongRun)
        f.o.longRun = Self.longRun(residual: Judge.longRunCount)
        let finding = try #require(f.confirm().finding)
        #expect(finding.kind == .leak)
        #expect(finding.message.hasPrefix("the cached object 7 (not an argument: one the target made or looked up itself) gains 1 reference on every call"))
    }

    @Test func aSharedObjectLosingOnEveryRunIsAnOverDecref() throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.residuals([0, -2, -2, -2], tag: 1)
        // No long run for a count that drops: it would only drive the object to zero.
        let finding = try #require(f.confirm().finding)
        #expect(finding.kind == .overDecref)
        #expect(finding.message.hasPrefix("arg0[0] (big int 1000001) loses 2 references on every call"))
    }

    @Test("a shared count that stops drifting in the long run is not a finding", arguments: [0, 10, 300, -400])
    func sharedResidualNotSustained(total: Int) throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.residuals([1, 1, 1, 1])
        f.o.longRun = Self.longRun(residual: total)
        #expect(f.confirm() == .pass)
    }

    @Test("an inconsistent shared residual is not a finding", arguments: [
        [1, 1, 0, 1], [0, 1, 2, 1], [0, -1, 1, -1], [1, 1, nil, 1], [3, 0, 0, 0],
    ] as [[Int?]])
    func inconsistentSharedResidual(deltas: [Int?]) throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.residuals(deltas)
        #expect(f.confirm() == .pass)
    }

    @Test func blocksLeftOnEveryRunAreALeak() throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.blocks([0, 3, 2, 4])
        #expect(f.confirm() == .needsLongRun)
        f.o.longRun = Self.longRun(blocks: 2 * Judge.longRunCount)
        let finding = try #require(f.confirm().finding)
        #expect(finding.kind == .leak)
        // The least of the judged runs' counts (the first run is not judged), and the call.
        #expect(finding.message.hasPrefix("2 more live "))
        #expect(finding.message.contains("after every repeated call of m.f([1000001, <canary #0>], <mutator #0>)"))
    }

    @Test func blocksThatStopGrowingInTheLongRunAreNotALeak() throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.blocks([0, 3, 2, 4])
        f.o.longRun = Self.longRun(blocks: 50)
        #expect(f.confirm() == .pass)
    }

    @Test func blocksLeftOnSomeRunsOnlyAreNotALeak() throws {
        var f = try JudgeFixture()
        f.o.repetitions = Self.blocks([5, 3, 0, 4])
        #expect(f.confirm() == .pass)
    }

    @Test func sustainedGrowthIsNinetyPercentOfTheRateWithTheSameSign() {
        #expect(Judge.sustained(total: 400, perRun: 1, runs: 400))
        #expect(Judge.sustained(total: 360, perRun: 1, runs: 400))
        #expect(!Judge.sustained(total: 359, perRun: 1, runs: 400))
        #expect(Judge.sustained(total: -720, perRun: -2, runs: 400))
        #expect(!Judge.sustained(total: 720, perRun: -2, runs: 400))
        #expect(!Judge.sustained(total: 0, perRun: 0, runs: 400))
    }
}

@Suite("Model replay")
struct ModelReplayTests {
    @Test func predictsTheDeathOfWhatAStepRemoves() throws {
        var f = try JudgeFixture()
        f.popTheCanary()
        let replay = ModelReplay(case: f.theCase, layout: f.layout, observation: f.o)
        #expect(replay.mismatches.isEmpty)
        #expect(replay.predictedDeath(of: 2) == 2)
        #expect(replay.predictedDeath(of: 1) == nil)
        #expect(replay.model.containers[0]?.elements == [1])
    }

    @Test func countsAStepWhoseObservedEffectDiffers() throws {
        var f = try JudgeFixture()
        f.popTheCanary()
        f.o.steps[0].after = ContainerSnapshot(tag: 0, kind: .list, elements: [2])   // it removed the first one
        f.o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [2])]
        let replay = ModelReplay(case: f.theCase, layout: f.layout, observation: f.o)
        #expect(replay.mismatches == [2])
        #expect(replay.model.containers[0]?.elements == [2])   // resynced to what was observed
        #expect(replay.targetChanges.isEmpty)   // the harness's own step did it, not the target
    }

    /// `arg0 = {None: <canary #0>}` and a mutator running `arg0[None] = 1000009`, observed as the engine
    /// records it: the step's None (tag 4) is the same object as the dict's (identity 1), so the dict's
    /// contents after the step show the layout's tag 1, and the canary died at the step.
    @Test func replaysADictSetOfTheKeyNone() throws {
        let theCase = Case(target: try parse("m:f(dict,mutator)"),
                           arguments: [CallArgument(value: .dict([DictEntry(key: .singleton(.none), value: .canary(0))])),
                                       CallArgument(value: .mutator(0))],
                           mutators: [MutatorProgram(calls: [[.dictSet(argument: 0, key: .singleton(.none), value: .bigInt(1_000_009))]])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .singleton, identity: 1, shared: true, harnessReferences: 0, countAfterCall: 1),
            ObservedObject(tag: 2, dataClass: .canary, identity: 2, shared: false, harnessReferences: 0, deathStep: 2),
            ObservedObject(tag: 3, dataClass: .mutator, identity: 3, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 4, dataClass: .singleton, identity: 1, shared: true, harnessReferences: 0, countAfterCall: 1, createdAt: 2, madeBy: 0),
            ObservedObject(tag: 5, dataClass: .bigInt, identity: 5, shared: false, harnessReferences: 0, countAfterCall: 1, createdAt: 2, madeBy: 1),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 2])]
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(.mutator(0, call: 0)), position: 0, step: theCase.mutators[0].calls[0][0],
                              depth: 0, outcome: .done, created: [4, 5], before: ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 2]),
                              after: ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 5]))]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 5])]
        let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o)
        #expect(replay.mismatches.isEmpty)
        #expect(replay.predictedDeath(of: 2) == 2)
    }

    /// `arg0 = []` and a mutator appending the cached int 3 twice: the second 3 (tag 3) is the first
    /// one's object (identity 2), and the list's contents show it by that first tag.
    @Test func aSharedObjectIsComparedByIdentity() throws {
        let theCase = Case(target: try parse("m:f(list,mutator)"),
                           arguments: [CallArgument(value: .list([])), CallArgument(value: .mutator(0))],
                           mutators: [MutatorProgram(calls: [[.append(argument: 0, value: .smallInt(3)), .append(argument: 0, value: .smallInt(3))]])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .mutator, identity: 1, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 2, dataClass: .smallInt, identity: 2, shared: true, harnessReferences: 0, createdAt: 2, madeBy: 0),
            ObservedObject(tag: 3, dataClass: .smallInt, identity: 2, shared: true, harnessReferences: 0, createdAt: 3, madeBy: 0),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .list, elements: [])]
        let steps = theCase.mutators[0].calls[0]
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(.mutator(0, call: 0)), position: 0, step: steps[0], depth: 0, outcome: .done,
                              created: [2], before: ContainerSnapshot(tag: 0, kind: .list, elements: []),
                              after: ContainerSnapshot(tag: 0, kind: .list, elements: [2])),
                   StepRecord(number: 3, owner: OwnerRecord(.mutator(0, call: 0)), position: 1, step: steps[1], depth: 0, outcome: .done,
                              created: [3], before: ContainerSnapshot(tag: 0, kind: .list, elements: [2]),
                              after: ContainerSnapshot(tag: 0, kind: .list, elements: [2, 2]))]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .list, elements: [2, 2])]
        let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o)
        #expect(replay.mismatches.isEmpty)
        #expect(replay.targetChanges.isEmpty)
        #expect(replay.expectedReferences[2] == 2)
    }

    /// `list(it)` with `it` over [1000001, [1000002]]: its first __next__ runs `next(it)` (step 2),
    /// whose __next__ runs `next(it)` again (step 3, inside it). Step 3 takes 1000001; step 2 then gets
    /// the list, not the item its `before` shows first: what it let go is known from its `after`.
    @Test func aStepOtherStepsRanInsideOfIsJudgedByItsAfter() throws {
        let theCase = Case(target: try parse("m:f(iterator)"), arguments: [CallArgument(value: .iterator(0))],
                           iterators: [IteratorSpec(items: [.bigInt(1_000_001), .list([.bigInt(1_000_002)])],
                                                    calls: [[.next(argument: 0)], [.next(argument: 0)]])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .iterator, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .bigInt, identity: 1, shared: false, harnessReferences: 0, deathStep: 3),
            ObservedObject(tag: 2, dataClass: .container, identity: 2, shared: false, harnessReferences: 0, deathStep: 2),
            ObservedObject(tag: 3, dataClass: .bigInt, identity: 3, shared: false, harnessReferences: 0, deathStep: 2),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .iterator, elements: [1, 2]), ContainerSnapshot(tag: 2, kind: .list, elements: [3])]
        let full = ContainerSnapshot(tag: 0, kind: .iterator, elements: [1, 2])
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(ProgramOwner(.iterator(0), call: 0)), position: 0, step: .next(argument: 0),
                              depth: 0, outcome: .done, before: full, after: ContainerSnapshot(tag: 0, kind: .iterator, elements: []),
                              reentered: true),
                   StepRecord(number: 3, owner: OwnerRecord(ProgramOwner(.iterator(0), call: 1)), position: 0, step: .next(argument: 0),
                              depth: 1, outcome: .done, before: full, after: ContainerSnapshot(tag: 0, kind: .iterator, elements: [2]))]
        o.steps[0].seen = o.afterBuild
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .iterator, elements: [])]
        o.marks.callEnd = 4
        let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o)
        #expect(replay.predictedDeath(of: 1) == 3)
        #expect(replay.predictedDeath(of: 2) == 2)
        #expect(replay.predictedDeath(of: 3) == 2)
        #expect(replay.referencesAtDeath[3] == 0)
        #expect(Judge().verdict(case: theCase, layout: CaseLayout(theCase), observation: o) == .pass)
    }

    /// `arg0 = {}` and `callable` answering 1000007 (tag 3: made by a harness object, with no value in the
    /// layout or a step), which the target stores as a key of arg0; then the callable's second call
    /// runs `arg0[None] = None`. The model cannot take tag 3 for None: whether the key is replaced is
    /// Python's to say, so the observed effect (a new entry) is no mismatch.
    @Test func anObjectAHarnessObjectHandedOutHasNoValueTheModelKnows() throws {
        let theCase = Case(target: try parse("m:f(dict,callable)"),
                           arguments: [CallArgument(value: .dict([])), CallArgument(value: .mutator(0))],
                           mutators: [MutatorProgram(calls: [[], [.dictSet(argument: 0, key: .singleton(.none), value: .singleton(.none))]],
                                                     results: [.value(.bigInt(1_000_007))])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .mutator, identity: 1, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 2, dataClass: .bigInt, identity: 2, shared: false, harnessReferences: 0, countAfterCall: 1, createdAt: 2),
            ObservedObject(tag: 3, dataClass: .singleton, identity: 3, shared: true, harnessReferences: 0, createdAt: 3, madeBy: 0),
            ObservedObject(tag: 4, dataClass: .singleton, identity: 3, shared: true, harnessReferences: 0, createdAt: 3, madeBy: 1),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .dict, elements: [])]
        let before = ContainerSnapshot(tag: 0, kind: .dict, elements: [2, 2])
        o.steps = [StepRecord(number: 3, owner: OwnerRecord(.mutator(0, call: 1)), position: 0, step: theCase.mutators[0].calls[1][0],
                              depth: 0, outcome: .done, created: [3, 4], before: before,
                              after: ContainerSnapshot(tag: 0, kind: .dict, elements: [2, 2, 3, 3]))]
        o.steps[0].seen = [before]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .dict, elements: [2, 2, 3, 3])]
        o.marks.callEnd = 4
        let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o)
        #expect(replay.mismatches.isEmpty)
    }
}

@Suite("Story")
struct StoryTests {
    @Test func namesLayoutObjectsByPathAndValue() throws {
        let f = try JudgeFixture()
        let story = Story(case: f.theCase, layout: f.layout, observation: f.o)
        #expect(story.name(0) == "arg0 (list)")
        #expect(story.name(1) == "arg0[0] (big int 1000001)")
        #expect(story.name(2) == "arg0[-1] (canary #0)")
        #expect(story.name(3) == "arg1 (mutator #0)")
        #expect(story.path(2) == "arg0[-1]")
        #expect(story.name(42) == "object #42")
    }

    @Test func namesObjectsMadeBySteps() throws {
        var f = try JudgeFixture()
        f.o.steps = [StepRecord(number: 2, owner: OwnerRecord(.evil(0, .hash, call: 1)), position: 0,
                                step: .append(argument: 0, value: .bigInt(1_000_009)), depth: 1, outcome: .done, created: [4])]
        let story = Story(case: f.theCase, layout: f.layout, observation: f.o)
        #expect(story.name(4) == "the big int 1000009 stored by arg0.append(1000009) (evil #0 __hash__ call 2)")
        #expect(story.path(4) == story.name(4))
    }

    @Test("names the harness's steps", arguments: [
        (0, "while the harness built the arguments"),
        (2, "when mutator #0 call 1 ran `arg0.pop(-1)`"),
        (3, "during the call"),
        (4, "when the harness released the call's result"),
        (5, "when the harness released the argument tuple after the call"),
        (6, "when the harness released the case's objects after the call"),
        (9, "when the harness released the case's objects after the call"),
    ])
    func stepNames(number: Int, text: String) throws {
        var f = try JudgeFixture()
        f.popTheCanary()
        #expect(Story(case: f.theCase, layout: f.layout, observation: f.o).step(number) == text)
    }

    @Test func ownerRecordsRoundTripTheirOwner() {
        for owner in [ProgramOwner.mutator(2, call: 0), .evil(1, .del, call: 3)] {
            #expect(OwnerRecord(owner).owner == owner)
            #expect(OwnerRecord(owner).description == owner.description)
        }
    }
}

@Suite("Model replay: objects that are not the case's")
struct ForeignObjectTests {
    /// `_collections._count_elements({}, [None, <evil #0>])`: the target stores its own int 1 under None,
    /// then evil #0's `__hash__` runs `arg0[None] = None`. The dict's contents hold an object that is not
    /// the case's (-1): the pairs must stay aligned, and the model must not trap on it.
    @Test func aDictValueTheTargetMadeKeepsThePairsAligned() throws {
        let theCase = Case(target: try parse("m:f(dict,mutator)"),
                           arguments: [CallArgument(value: .dict([])), CallArgument(value: .mutator(0))],
                           mutators: [MutatorProgram(calls: [[.dictSet(argument: 0, key: .singleton(.none), value: .singleton(.none))]])])
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .container, identity: 0, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 1, dataClass: .mutator, identity: 1, shared: false, harnessReferences: 1, countAfterCall: 1),
            ObservedObject(tag: 2, dataClass: .singleton, identity: 2, shared: true, harnessReferences: 0, createdAt: 2, madeBy: 0),
            ObservedObject(tag: 3, dataClass: .singleton, identity: 2, shared: true, harnessReferences: 0, createdAt: 2, madeBy: 1),
        ]
        o.afterBuild = [ContainerSnapshot(tag: 0, kind: .dict, elements: [])]
        let before = ContainerSnapshot(tag: 0, kind: .dict, elements: [2, -1])
        o.steps = [StepRecord(number: 2, owner: OwnerRecord(.mutator(0, call: 0)), position: 0, step: theCase.mutators[0].calls[0][0],
                              depth: 0, outcome: .done, created: [2, 3], before: before,
                              after: ContainerSnapshot(tag: 0, kind: .dict, elements: [2, 2]))]
        o.steps[0].seen = [before]
        o.afterCall = [ContainerSnapshot(tag: 0, kind: .dict, elements: [2, 2])]
        o.marks.callEnd = 3
        let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: o)
        #expect(replay.targetChanges.map(\.to) == [[2, -1]])
        #expect(Judge().verdict(case: theCase, layout: CaseLayout(theCase), observation: o) == .pass)
    }
}

/// `m:Queue(){put(any),visit(mutator)}`: `obj.put(<canary #0>)`, then `obj.visit(<mutator #0>)`, whose
/// callback runs `self.get()`: the queue gives up the canary, the harness lets the returned reference
/// go, the canary dies, and visit (which borrowed it) uses it. Tags: 0 the object, 1 the canary, 2 the mutator.
@Suite("Judge: stateful targets")
struct StatefulJudgeTests {
    static func visitAfterGet() throws -> (Case, CaseLayout, Observation) {
        let theCase = Case(target: try parse("m:Queue(){put(any),visit(mutator)}"),
                           arguments: [CallArgument(value: .canary(0)), CallArgument(value: .mutator(0))],
                           mutators: [MutatorProgram(calls: [[.callMethod(name: "get", values: [])]])],
                           calls: [MethodCall(method: "put"), MethodCall(method: "visit")])
        let layout = CaseLayout(theCase)
        var o = Observation()
        o.objects = [
            ObservedObject(tag: 0, dataClass: .selfObject, identity: 0, shared: false, harnessReferences: 0, deathStep: 12, createdAt: 2),
            ObservedObject(tag: 1, dataClass: .canary, identity: 1, shared: false, harnessReferences: 1, deathStep: 8),
            ObservedObject(tag: 2, dataClass: .mutator, identity: 2, shared: false, harnessReferences: 1, deathStep: 11),
        ]
        o.marks.callStart = 1
        o.marks.callEnd = 2
        o.calls = [
            CallRecord(call: -1, start: 1, end: 2, outcome: .returned, result: 0, released: 3),
            CallRecord(call: 0, start: 4, end: 5, outcome: .returned, released: 6, releasedTags: [1]),
            CallRecord(call: 1, start: 7, end: 10, outcome: .returned, released: 11, releasedTags: [2]),
        ]
        var get = StepRecord(number: 8, owner: OwnerRecord(.mutator(0, call: 0)), position: 0,
                             step: .callMethod(name: "get", values: []), depth: 0, outcome: .done)
        get.seen = []
        o.steps = [get]
        o.events = [DetectorEvent(kind: .useAfterDeath, slot: "repr", tag: 1, step: 9)]
        o.marks.objectReleased = 12
        o.marks.teardown = 13
        return (theCase, layout, o)
    }

    @Test func aBorrowedItemFreedByAReentrantCallIsAUseAfterFree() throws {
        let (theCase, layout, o) = try Self.visitAfterGet()
        let finding = try #require(Judge().verdict(case: theCase, layout: layout, observation: o).finding)
        #expect(finding.kind == .useAfterFree, "\(finding.message)")
        #expect(finding.message.hasPrefix("put#1 arg0 (canary #0) died when mutator #0 call 1 ran `self.get()`"), "\(finding.message)")
        #expect(finding.message.contains("during `obj.visit(<mutator #0>)`"), "\(finding.message)")
    }

    @Test func aCorrectQueuePasses() throws {
        var (theCase, layout, o) = try Self.visitAfterGet()
        o.events = []
        #expect(Judge().verdict(case: theCase, layout: layout, observation: o) == .pass)
        // The object dying before the harness let it go is an over-decref of the object.
        o.objects[0].deathStep = 9
        let finding = try #require(Judge().verdict(case: theCase, layout: layout, observation: o).finding)
        #expect(finding.kind == .overDecref && finding.message.hasPrefix("obj (the Queue object) died"), "\(finding.message)")
        _ = theCase
    }

    @Test func aCallReturningNullWithoutAnExceptionNamesTheCall() throws {
        var (theCase, layout, o) = try Self.visitAfterGet()
        o.events = []
        o.calls[2].outcome = .nullWithoutException
        let finding = try #require(Judge().verdict(case: theCase, layout: layout, observation: o).finding)
        #expect(finding.kind == .badException)
        #expect(finding.message.hasPrefix("`obj.visit(<mutator #0>)` returned NULL without setting an exception (call 2 of 2"), "\(finding.message)")
    }
}
