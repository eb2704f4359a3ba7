import CPython
import Foundation
import RefFuzzCore

/// The fork server: every piece of work that runs Python code of a target (a case, a batch of cases,
/// a signature probe, a conformance program) runs in a child forked from this process, which initialized
/// the interpreter once. The server owns spawning, the heartbeat and the time limit, and turns a child
/// that died into a `ChildDeath` (which `ChildDeath.finding` names as a crash or a hang): a target that
/// crashes or hangs is the child's problem, never the caller's.
///
///     let server = ForkServer(interpreter: try .shared(), timeout: 1)
///     switch server.run({ progress in progress.start(0); return executor.run(theCase) }) {
///     case .sent(let result): ...
///     case .died(let death): death.finding(running: theCase.callText, timeout: 1)
///     }
///
/// Single-threaded by design: `fork()` must be called from the only thread that touches Python.
final class ForkServer: @unchecked Sendable {
    /// Seconds a child may go without a heartbeat before it is killed as hung.
    let timeout: Double
    private let interpreter: Interpreter
    /// Where children's stderr goes (read after a crash), removed with the server.
    private let scratch: String
    /// The shared-memory slot of single children.
    private let single = WorkerSlots(count: 1)

    init(interpreter: Interpreter, timeout: Double) throws(TargetError) {
        self.interpreter = interpreter
        self.timeout = timeout
        var template = Array("/tmp/reffuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TargetError("cannot create a scratch folder in /tmp") }
        scratch = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    private func stderrPath(slot: Int) -> String { "\(scratch)/child-\(slot).stderr" }

    /// Runs `work` in one child and waits for its message. The child is killed when its heartbeat
    /// (`ChildProgress.start` or `beat`, and the spawn itself) stops for longer than `limit` seconds
    /// (the time limit by default).
    func run<Message: Codable>(limit: Double? = nil, _ work: (ChildProgress) -> Message) -> ChildOutcome<Message> {
        let timeout = limit ?? self.timeout
        single.reset(0)
        let progress = ChildProgress(slot: single[0])
        return interpreter.withGIL {
            guard let child = Child.spawn(slot: 0, stderrPath: stderrPath(slot: 0), work: { send in send(work(progress)) }) else {
                return .died(ChildDeath(how: .exited(-1), current: -1, stderrTail: "could not fork a child process"))
            }
            var poller = pollfd(fd: child.pipe, events: Int16(POLLIN), revents: 0)
            var beat = progress.slot.pointee.heartbeat
            var deadline = Clock.now() + timeout
            var hung = false
            while true {
                let now = Clock.now()
                if progress.slot.pointee.heartbeat != beat {
                    beat = progress.slot.pointee.heartbeat
                    deadline = now + timeout
                }
                if now >= deadline {
                    hung = true
                    child.kill()
                    break
                }
                if poll(&poller, 1, Int32(min(deadline - now, 0.02) * 1000) + 1) > 0 { break }
            }
            return outcome(of: child, hung: hung, stopped: false, slot: progress.slot)
        }
    }

    /// A child of a pool, as the pool's `ended` callback sees it.
    struct Ended<Job> {
        var job: Job
        /// Items the child finished, cases it ran again and steps the model mispredicted, from its
        /// shared counters.
        var executions: Int
        var repeated: Int
        var mismatched: Int
    }

    /// Runs jobs in up to `jobs` children at a time until `next` has no more, or until `deadline`
    /// (children still running then are stopped: `.died` with `.stopped`). `tick` is called about every
    /// 20 ms with the items finished so far by the running children.
    func pool<Job, Message: Codable>(jobs: Int, deadline: Double?, next: () -> Job?,
                                     work: (Job, ChildProgress) -> Message,
                                     ended: (Ended<Job>, ChildOutcome<Message>) -> Void,
                                     tick: (_ runningExecutions: Int) -> Void) {
        let jobs = max(1, jobs)
        let slots = WorkerSlots(count: jobs)
        var active: [Int: (child: Child, job: Job, beat: Int64, beatTime: Double)] = [:]
        interpreter.withGIL {
            while true {
                let timeUp = deadline.map { Clock.now() >= $0 } ?? false
                if !timeUp {
                    for slot in 0..<jobs where active[slot] == nil {
                        guard let job = next() else { break }
                        slots.reset(slot)
                        let progress = ChildProgress(slot: slots[slot])
                        guard let child = Child.spawn(slot: slot, stderrPath: stderrPath(slot: slot), work: { send in
                            send(work(job, progress))
                        }) else { continue }
                        active[slot] = (child, job, 0, Clock.now())
                    }
                }
                if active.isEmpty { break }

                var fds = active.keys.sorted().map { pollfd(fd: active[$0]!.child.pipe, events: Int16(POLLIN), revents: 0) }
                _ = poll(&fds, nfds_t(fds.count), 20)
                let polled = Clock.now()
                for slot in active.keys.sorted() {
                    let (child, job, beat, beatTime) = active[slot]!
                    let shared = slots[slot].pointee
                    var finished = fds.first { $0.fd == child.pipe }.map { $0.revents != 0 } ?? false
                    var hung = false, stopped = false
                    if !finished {
                        if shared.heartbeat != beat {
                            active[slot] = (child, job, shared.heartbeat, polled)
                        } else if polled - beatTime > timeout {
                            child.kill()
                            hung = true
                            finished = true
                        }
                        if !finished, timeUp {
                            child.kill()
                            stopped = true
                            finished = true
                        }
                    }
                    guard finished else { continue }
                    active[slot] = nil
                    let result: ChildOutcome<Message> = outcome(of: child, hung: hung, stopped: stopped, slot: slots[slot])
                    let final = slots[slot].pointee
                    ended(Ended(job: job, executions: Int(final.executions), repeated: Int(final.repeated),
                                 mismatched: Int(final.mismatched)), result)
                }
                tick(active.keys.reduce(0) { $0 + Int(slots[$1].pointee.executions) })
            }
        }
    }

    /// Reaps `child` and decodes its message, or says how it died.
    private func outcome<Message: Codable>(of child: Child, hung: Bool, stopped: Bool,
                                           slot: UnsafeMutablePointer<WorkerSlots.Slot>) -> ChildOutcome<Message> {
        let (data, ending) = child.finish()
        let current = Int(slot.pointee.current)
        if hung { return .died(ChildDeath(how: .hung, current: current)) }
        if stopped { return .died(ChildDeath(how: .stopped, current: current)) }
        if case .signaled(let signal) = ending {
            return .died(ChildDeath(how: .signaled(signal), current: current, stderrTail: child.stderrTail()))
        }
        if let data, let message = try? JSONDecoder().decode(Message.self, from: data) { return .sent(message) }
        let status: Int32 = { if case .exited(let s) = ending { return s } else { return -1 } }()
        return .died(ChildDeath(how: .exited(status), current: current, stderrTail: child.stderrTail()))
    }
}
