import CPython
import Foundation
import RefFuzzCore
import RefFuzzRuntime

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

/// The message a fuzzing child sends when it stops.
enum ChildMessage: Codable {
    case finding(index: Int, finding: Finding)
    case done
}

extension FindingKind {
    /// Kinds after which a child may keep running cases: the detectors contain the damage (dead objects
    /// are parked or quarantined, never handed out again during the batch). After a crash or a hang
    /// there is no child left.
    var leavesProcessUsable: Bool { self != .crash && self != .hang }
}

/// The first few cases (lowest index first) that showed a kind of finding for a target.
struct Candidates {
    var indices: [Int] = []
    var messages: [Int: String] = [:]
    /// Seconds from the start of the run to the first time this kind showed.
    var firstSeen: Double?

    mutating func add(_ index: Int, _ message: String) {
        guard messages[index] == nil else { return }
        indices.append(index)
        indices.sort()
        messages[index] = message
        if indices.count > 3 { messages[indices.removeLast()] = nil }
    }
}

/// Per-target bookkeeping of a fuzz run.
struct TargetState {
    let spec: TargetSpec
    let target: ResolvedTarget
    let runs: Int?
    var nextBatch: Int
    var continuations: [WorkUnit] = []
    var executions = 0
    /// Cases handed out in batches so far.
    var dispatched = 0
    var repeated = 0
    var candidates: [FindingKind: Candidates] = [:]
}

/// The heartbeat the running child bumps at every execution (in memory shared with the parent).
nonisolated(unsafe) var childHeartbeat: UnsafeMutablePointer<Int64>?
/// The counter of repeated cases of the running child (shared memory).
nonisolated(unsafe) var childRepeats: UnsafeMutablePointer<Int64>?

extension Engine {
    /// Fuzzes the targets within the budget, then confirms, shrinks, masks and stores each finding.
    public func fuzz(_ options: FuzzOptions, progress: ((FuzzProgress) -> Void)? = nil) throws(TargetError) -> Report {
        let start = Clock.now()
        var states: [TargetState] = []
        for (t, spec) in options.targets.enumerated() {
            states.append(TargetState(spec: spec, target: try target(spec), runs: options.runs(forTarget: t),
                                      nextBatch: options.shard?.index ?? 0))
        }
        progress?(FuzzProgress(seconds: 0, executions: 0, findings: 0, phase: "replaying the corpus"))
        let known = try replayCorpus(options, targets: options.targets)
        runLoop(&states, options: options, start: start, progress: progress)
        let fuzzSeconds = Clock.now() - start
        var report = finalize(states, known: known, options: options, start: start, progress: progress)
        report.fuzzSeconds = fuzzSeconds
        report.peakMemory = PeakMemory.measure()
        return report
    }

    func runLoop(_ states: inout [TargetState], options: FuzzOptions, start: Double, progress: ((FuzzProgress) -> Void)?) {
        let jobs = max(1, options.jobs)
        let slots = WorkerSlots(count: jobs)
        let deadline = options.time.map { start + $0 }
        var active: [Int: (child: Child, unit: WorkUnit, beat: Int64, beatTime: Double)] = [:]
        var lastProgress = 0.0
        let facts = self.facts
        let seed = options.seed
        let stride = options.shard?.count ?? 1

        /// The next work: a target's unfinished batch first, else a new batch of the target that has
        /// been handed the fewest cases so far (the budget is shared fairly in cases, also under --time).
        func nextUnit() -> WorkUnit? {
            let eligible = states.indices.filter { t in
                if !states[t].continuations.isEmpty { return true }
                return states[t].runs.map { states[t].nextBatch * options.batchSize < $0 } ?? true
            }
            guard let t = eligible.min(by: { (states[$0].dispatched, $0) < (states[$1].dispatched, $1) }) else { return nil }
            if !states[t].continuations.isEmpty { return states[t].continuations.removeFirst() }
            let first = states[t].nextBatch * options.batchSize
            let end = states[t].runs.map { min($0, first + options.batchSize) } ?? first + options.batchSize
            states[t].nextBatch += stride
            states[t].dispatched += end - first
            return WorkUnit(target: t, start: first, end: end, known: [])
        }

        func record(_ unit: WorkUnit, index: Int, finding: Finding) {
            states[unit.target].candidates[finding.kind, default: Candidates()].add(index, finding.message)
            if states[unit.target].candidates[finding.kind]!.firstSeen == nil {
                states[unit.target].candidates[finding.kind]!.firstSeen = Clock.now() - start
            }
            if index + 1 < unit.end {
                var rest = unit
                rest.start = index + 1
                rest.known.insert(finding.kind)
                states[unit.target].continuations.insert(rest, at: 0)
            }
        }

        func executionsSoFar() -> Int {
            states.reduce(0) { $0 + $1.executions } + active.keys.reduce(0) { $0 + Int(slots[$1].pointee.executions) }
        }

        interpreter.withGIL {
            while true {
                let now = Clock.now()
                let timeUp = deadline.map { now >= $0 } ?? false
                if !timeUp {
                    for slot in 0..<jobs where active[slot] == nil {
                        guard let unit = nextUnit() else { break }
                        let state = states[unit.target]
                        slots.reset(slot)
                        let slotPointer = slots[slot]
                        guard let child = Child.spawn(slot: slot, stderrPath: stderrPath(slot: slot), work: { send in
                            childHeartbeat = withUnsafeMutablePointer(to: &slotPointer.pointee.heartbeat) { $0 }
                            childRepeats = withUnsafeMutablePointer(to: &slotPointer.pointee.repeated) { $0 }
                            let executor = Executor(target: state.target, facts: facts)
                            let generator = Generator(spec: state.spec)
                            for i in unit.start..<unit.end {
                                slotPointer.pointee.current = Int64(i)
                                let (verdict, _) = executor.execute(generator.generate(seed: seed, index: i),
                                                                    known: unit.known)
                                slotPointer.pointee.executions += 1
                                guard let finding = verdict.finding else { continue }
                                if unit.known.contains(finding.kind) && finding.kind.leavesProcessUsable { continue }
                                send(ChildMessage.finding(index: i, finding: finding))
                                return
                            }
                            send(ChildMessage.done)
                        }) else { continue }
                        active[slot] = (child, unit, 0, Clock.now())
                    }
                }
                if active.isEmpty { break }

                var fds = active.keys.sorted().map { pollfd(fd: active[$0]!.child.pipe, events: Int16(POLLIN), revents: 0) }
                _ = poll(&fds, nfds_t(fds.count), 20)
                let polled = Clock.now()
                for slot in active.keys.sorted() {
                    var (child, unit, beat, beatTime) = active[slot]!
                    let shared = slots[slot].pointee
                    var ended = fds.first { $0.fd == child.pipe }.map { $0.revents != 0 } ?? false
                    var killedForHang = false, killedForTime = false
                    if !ended {
                        if shared.heartbeat != beat {
                            beat = shared.heartbeat
                            beatTime = polled
                            active[slot] = (child, unit, beat, beatTime)
                        } else if polled - beatTime > caseTimeout {
                            child.kill()
                            killedForHang = true
                            ended = true
                        }
                        if !ended, timeUp {
                            child.kill()
                            killedForTime = true
                            ended = true
                        }
                    }
                    guard ended else { continue }
                    let (message, ending) = child.finish()
                    active[slot] = nil
                    let final = slots[slot].pointee
                    states[unit.target].executions += Int(final.executions)
                    states[unit.target].repeated += Int(final.repeated)
                    let current = Int(final.current)
                    if killedForTime { continue }
                    let spec = states[unit.target].spec
                    let theCase = { Generator(spec: spec).generate(seed: seed, index: current) }
                    if killedForHang {
                        states[unit.target].executions += 1
                        record(unit, index: current, finding: hangFinding(theCase()))
                        continue
                    }
                    if case .signaled(let signal) = ending {
                        states[unit.target].executions += 1
                        record(unit, index: current, finding: crashFinding(signal: signal, child: child, theCase: theCase()))
                        continue
                    }
                    if let decoded = Child.decode(ChildMessage.self, message) {
                        if case .finding(let index, let finding) = decoded { record(unit, index: index, finding: finding) }
                        continue
                    }
                    states[unit.target].executions += 1
                    let status: Int32 = { if case .exited(let s) = ending { return s } else { return -1 } }()
                    record(unit, index: max(current, unit.start), finding: Finding(kind: .crash,
                        message: "the process exited with status \(status) while running \(theCase().callText)"))
                }
                if let progress, polled - lastProgress >= 0.25 {
                    lastProgress = polled
                    let findings = states.reduce(0) { $0 + $1.candidates.count }
                    progress(FuzzProgress(seconds: polled - start, executions: executionsSoFar(), findings: findings, phase: "fuzzing"))
                }
            }
        }
    }
}
