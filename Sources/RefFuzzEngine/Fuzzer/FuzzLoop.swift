import CPython
import Foundation
import RefFuzzCore

/// A run of consecutive cases of one target in one child. A unit that stops at a finding is continued
/// by a new child from the next case, knowing that kind: then only new kinds (and kinds after which
/// the process may be damaged) end the child. Batches are independent of each other (each starts in a
/// fresh child knowing nothing), and their boundaries do not depend on timing or on --jobs, so they can
/// run in any order and in parallel, even for one target: the same seed, targets and --runs give the
/// same findings.
struct WorkUnit {
    var target: Int
    var start: Int
    var end: Int
    var known: Set<FindingKind>
}

/// The message a fuzzing child sends when it stops: the case that showed a new kind of finding, or
/// none; and the cases that showed a kind the unit already knew (at most `Sighting.perKind` of each),
/// which the child went on past: more candidates for the finalizer, should the first not show its
/// finding again when run alone.
enum BatchMessage: Codable {
    case finding(index: Int, finding: Finding, seen: [Sighting])
    case done(seen: [Sighting])
}

/// A case of a batch that showed a finding of a kind already known to its unit.
struct Sighting: Codable {
    var index: Int
    var finding: Finding
    static let perKind = 4
}

extension FindingKind {
    /// Kinds after which a child may keep running cases: the detectors contain the damage (dead objects
    /// are parked or quarantined, never handed out again during the batch). After a crash or a hang
    /// there is no child left.
    var leavesProcessUsable: Bool { self != .crash && self != .hang }
}

/// The first few cases (lowest index first) that showed a kind of finding for a target. A case that
/// showed it in a batch may not show it alone, in a fresh child (a target that keeps state across calls
/// showed it only after earlier cases of the batch): the finalizer tries them in order.
struct Candidates {
    static let kept = 8
    var indices: [Int] = []
    var messages: [Int: String] = [:]
    /// Seconds from the start of the run to the first time this kind showed.
    var firstSeen: Double?

    mutating func add(_ index: Int, _ message: String) {
        guard messages[index] == nil else { return }
        indices.append(index)
        indices.sort()
        messages[index] = message
        if indices.count > Self.kept { messages[indices.removeLast()] = nil }
    }
}

/// Per-target bookkeeping of a fuzz run.
struct TargetState {
    let spec: TargetSpec
    let target: ResolvedTarget
    /// Made once, in the parent: the children inherit it with its dictionary.
    let generator: Generator
    let runs: Int?
    var nextBatch: Int
    var continuations: [WorkUnit] = []
    var executions = 0
    /// Cases handed out in batches so far.
    var dispatched = 0
    var repeated = 0
    var mismatched = 0
    var candidates: [FindingKind: Candidates] = [:]
}

/// The fuzz loop: generates cases, runs them in batches in the fork server's children, and collects
/// the first cases that showed each kind of finding per target. It knows nothing of the command line.
struct FuzzLoop {
    let server: ForkServer
    let facts: RuntimeFacts
    let options: FuzzOptions
    var states: [TargetState]

    init(server: ForkServer, facts: RuntimeFacts, options: FuzzOptions, targets: [(TargetSpec, ResolvedTarget)]) {
        self.server = server
        self.facts = facts
        self.options = options
        states = targets.enumerated().map { t, pair in
            TargetState(spec: pair.0, target: pair.1, generator: Generator(fuzzing: pair.1, values: options.values),
                        runs: options.runs(forTarget: t, of: targets.count), nextBatch: options.shard?.index ?? 0)
        }
    }

    mutating func run(start: Double, progress: ((FuzzProgress) -> Void)?) {
        let deadline = options.time.map { start + $0 }
        var lastProgress = 0.0
        let facts = self.facts
        let seed = options.seed
        let timeout = server.timeout
        let stride = options.shard?.count ?? 1
        let guardPages = options.run.guardPages

        server.pool(jobs: options.jobs, deadline: deadline, next: { nextUnit(stride: stride) }, work: { unit, child -> BatchMessage in
            let state = states[unit.target]
            let executor = Executor(target: state.target, context: ExecutionContext(facts: facts, progress: child))
            let generator = state.generator
            let guarding = guardPages.isOn && child.startGuardPages()
            var seen: [Sighting] = []
            for i in unit.start..<unit.end {
                child.start(i)
                child.guardCase(guarding && guardPages.guards(seed: seed, index: i))
                let (verdict, _) = executor.execute(generator.generate(seed: seed, index: i), known: unit.known)
                child.finished()
                guard let finding = verdict.finding else { continue }
                if unit.known.contains(finding.kind) && finding.kind.leavesProcessUsable {
                    if seen.count(where: { $0.finding.kind == finding.kind }) < Sighting.perKind {
                        seen.append(Sighting(index: i, finding: finding))
                    }
                    continue
                }
                return .finding(index: i, finding: finding, seen: seen)
            }
            return .done(seen: seen)
        }, ended: { ended, outcome in
            let unit = ended.job
            states[unit.target].executions += ended.executions
            states[unit.target].repeated += ended.repeated
            states[unit.target].mismatched += ended.mismatched
            switch outcome {
            case .sent(.finding(let index, let finding, let seen)):
                seen.forEach { note(unit.target, index: $0.index, finding: $0.finding, start: start) }
                record(unit, index: index, finding: finding, start: start)
            case .sent(.done(let seen)):
                seen.forEach { note(unit.target, index: $0.index, finding: $0.finding, start: start) }
            case .died(let death):
                let index = max(death.current, unit.start)
                let theCase = states[unit.target].generator.generate(seed: seed, index: index)
                guard let finding = death.finding(running: theCase, timeout: timeout) else { return }
                states[unit.target].executions += 1
                record(unit, index: index, finding: finding, start: start)
            }
        }, tick: { running in
            let now = Clock.now()
            guard let progress, now - lastProgress >= 0.25 else { return }
            lastProgress = now
            progress(FuzzProgress(seconds: now - start, executions: states.reduce(0) { $0 + $1.executions } + running,
                                  findings: states.reduce(0) { $0 + $1.candidates.count }, phase: "fuzzing"))
        })
    }

    /// The next work: a target's unfinished batch first, else a new batch of the target that has been
    /// handed the fewest cases so far (the budget is shared fairly in cases, also under --time).
    mutating func nextUnit(stride: Int) -> WorkUnit? {
        let batchSize = options.batchSize
        let eligible = states.indices.filter { t in
            if !states[t].continuations.isEmpty { return true }
            return states[t].runs.map { states[t].nextBatch * batchSize < $0 } ?? true
        }
        guard let t = eligible.min(by: { (states[$0].dispatched, $0) < (states[$1].dispatched, $1) }) else { return nil }
        if !states[t].continuations.isEmpty { return states[t].continuations.removeFirst() }
        let first = states[t].nextBatch * batchSize
        let end = states[t].runs.map { min($0, first + batchSize) } ?? first + batchSize
        states[t].nextBatch += stride
        states[t].dispatched += end - first
        return WorkUnit(target: t, start: first, end: end, known: [])
    }

    /// A new kind of finding ended the unit's child at case `index`: a candidate, and the rest of the
    /// unit continues in a new child that knows the kind.
    mutating func record(_ unit: WorkUnit, index: Int, finding: Finding, start: Double) {
        note(unit.target, index: index, finding: finding, start: start)
        if index + 1 < unit.end {
            var rest = unit
            rest.start = index + 1
            rest.known.insert(finding.kind)
            states[unit.target].continuations.insert(rest, at: 0)
        }
    }

    /// Case `index` of target `t` showed `finding`: a candidate for its kind.
    mutating func note(_ t: Int, index: Int, finding: Finding, start: Double) {
        states[t].candidates[finding.kind, default: Candidates()].add(index, finding.message)
        if states[t].candidates[finding.kind]!.firstSeen == nil {
            states[t].candidates[finding.kind]!.firstSeen = Clock.now() - start
        }
    }
}
