import CPython
import RefFuzzCore
import RefFuzzRuntime

/// Executes cases of one target in this process and judges them. Python must be initialized and the
/// GIL held by the caller for the whole time (the fork server's child does exactly that).
final class Executor {
    let target: ResolvedTarget
    let context: ExecutionContext
    let judge = Judge()
    var facts: RuntimeFacts { context.facts }

    init(target: ResolvedTarget, context: ExecutionContext) {
        self.target = target
        self.context = context
        rf_set_program_hook(programHook)
    }

    /// Runs the case once: the raw observation.
    func observe(_ theCase: Case, layout: CaseLayout) -> Observation {
        observeRun(theCase, layout: layout).observation
    }

    func observeRun(_ theCase: Case, layout: CaseLayout) -> CaseRun {
        rf_case_begin()
        let run = CaseRun(case: theCase, layout: layout, target: target, context: context)
        _ = run.run()
        return run
    }

    /// Runs and judges the case, repeating it when the counts could be a cache filling once.
    /// `known` are the kinds already found in this batch: counts that could only confirm one of them are
    /// taken for it without the repetitions, which cost a few garbage collections each.
    func execute(_ theCase: Case, known: Set<FindingKind> = []) -> (Verdict, Observation) {
        let layout = CaseLayout(theCase)
        let first = observeRun(theCase, layout: layout)
        var observation = first.observation
        let (judged, mismatches) = judge.judged(case: theCase, layout: layout, observation: observation)
        var verdict = judged
        if mismatches > 0 { context.progress?.mismatched(mismatches) }
        guard verdict == .needsRepetition else { return (verdict, observation) }
        // What the repetitions could conclude: counts too low can only be an over-decref, anything else
        // only a leak. When the batch already knows that kind, do not pay for the repetitions.
        let low = observation.teardown.sharedResidual.contains { $0.delta < 0 }
        let possible: FindingKind = low ? .overDecref : .leak
        if known.contains(possible) {
            return (.finding(Finding(kind: possible, message: "counts off again (already known in this batch)")), observation)
        }
        if replacedBySecondRun(first, theCase, layout: layout) { return (.pass, observation) }
        defer { rf_watch_clear() }
        context.progress?.repeated()
        observation.repetitions = repeatRuns(theCase, layout: layout)
        verdict = judge.confirm(case: theCase, layout: layout, observation: observation)
        if verdict == .needsLongRun {
            observation.longRun = longRun(theCase, layout: layout, runs: Judge.longRunCount)
            verdict = judge.confirm(case: theCase, layout: layout, observation: observation)
        }
        return (verdict, observation)
    }

    /// The cheap test for the commonest retentions, a cache of one (the last argument, the last result)
    /// and a cache keyed by value: run the case a second time; if that leaves no more objects alive, and
    /// moves no shared count and no live-object count further than the first run did, nothing grows, so
    /// nothing leaks (a leak grows on every repetition). Anything else goes to the full repetitions.
    func replacedBySecondRun(_ first: CaseRun, _ theCase: Case, layout: CaseLayout) -> Bool {
        let leftovers = first.observation.teardown
        rf_watch_clear()
        defer { rf_watch_clear() }
        for survivor in leftovers.survivors {
            guard let object = first.objects[survivor.tag], rf_watch(object) == 0 else { return false }
        }
        let second = observeRun(theCase, layout: layout)
        // Measured from before the first run, with the first run's own shared objects.
        let both = first.measureLeftovers(sharedBefore: first.sharedBefore, blocksBefore: first.blocksBefore)
        let alive = Int(rf_watched_alive()) + second.observation.teardown.survivors.count
        guard alive <= leftovers.survivors.count else { return false }
        let once = Dictionary(leftovers.sharedResidual.map { ($0.name, $0.delta) }, uniquingKeysWith: +)
        let twice = Dictionary(both.sharedResidual.map { ($0.name, $0.delta) }, uniquingKeysWith: +)
        return once == twice && both.liveBlockDelta == leftovers.liveBlockDelta
    }

    /// Runs the case `Judge.repetitions` more times, collecting garbage around each, and measures what
    /// each run leaves behind and whether the first run's leftovers are ever released.
    func repeatRuns(_ theCase: Case, layout: CaseLayout) -> [Repetition] {
        var repetitions: [Repetition] = []
        rf_watch_clear()
        for i in 0..<Judge.repetitions {
            collectGarbage()
            let sharedBefore = facts.snapshot()
            let blocksBefore = liveObjects()
            rf_case_begin()
            let run = CaseRun(case: theCase, layout: layout, target: target, context: context)
            _ = run.run() // ends the detectors' case
            collectGarbage()
            // Survivors after garbage collection: cycles are not leaks.
            let survivors = (0..<run.observed.count).filter { tag in
                run.observed[tag].identity == tag && !run.observed[tag].shared && run.isAlive(tag)
            }
            if i == 0 { survivors.forEach { rf_watch(run.objects[$0]!) } }
            let leftovers = run.measureLeftovers(sharedBefore: sharedBefore, blocksBefore: blocksBefore)
            repetitions.append(Repetition(survivors: survivors.count, firstRepetitionSurvivors: Int(rf_watched_alive()),
                                          sharedResidual: leftovers.sharedResidual, liveBlockDelta: leftovers.liveBlockDelta))
        }
        return repetitions
    }

    /// Runs the case `runs` more times, measuring only before and after (garbage collected at both ends);
    /// the objects the first repetition left behind are still watched.
    func longRun(_ theCase: Case, layout: CaseLayout, runs: Int) -> LongRun {
        collectGarbage()
        let sharedBefore = facts.snapshot()
        let blocksBefore = liveObjects()
        var first: CaseRun?
        for _ in 0..<runs {
            rf_case_begin()
            let run = CaseRun(case: theCase, layout: layout, target: target, context: context)
            _ = run.run()
            if first == nil { first = run }
        }
        collectGarbage()
        // The first run knows the case's own shared objects (interned strings) and their counts before
        // any of the runs: their drift over all of them is measured from there.
        let leftovers = first!.measureLeftovers(sharedBefore: sharedBefore, blocksBefore: blocksBefore)
        return LongRun(runs: runs, firstRepetitionSurvivors: Int(rf_watched_alive()),
                       sharedResidual: leftovers.sharedResidual, liveBlockDelta: leftovers.liveBlockDelta)
    }

    /// The interpreter's bounded caches emptied, a full collection, then the free lists filled again
    /// where their objects are not counted (a full collection empties them, and refilling them one case
    /// at a time would look like live blocks growing; counted, live objects are exact anyway).
    func collectGarbage() {
        InterpreterCaches.clear()
        // PyGC_Collect does nothing while automatic collection is disabled (as it is in children).
        let wasEnabled = PyGC_Enable()
        PyGC_Collect()
        if wasEnabled == 0 { _ = PyGC_Disable() }
        context.primeFreeLists()
        rf_type_cache_forget() // finalizers ran
    }
}

/// Allocated blocks that hold a live object: the allocator's live blocks minus those parked in free lists.
func liveObjects() -> Int64 { rf_live_blocks() - rf_free_list_objects() }
