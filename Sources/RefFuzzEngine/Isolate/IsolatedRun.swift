import CPython
import Foundation
import RefFuzzCore
import RefFuzzRuntime

/// What running one case in its own child process showed.
public enum CaseOutcome: Hashable, Sendable {
    /// No finding. `call` says how the call ended (returned or raised).
    case pass(call: CallOutcome)
    case finding(Finding)

    public var finding: Finding? {
        if case .finding(let f) = self { return f }
        return nil
    }
}

/// The message a child sends after running a case alone.
struct IsolatedResult: Codable {
    var finding: Finding?
    var call: CallOutcome
    var modelMismatches: Int
    /// The whole observation, when asked for (explain, minimize).
    var observation: Observation?
}

/// A case run alone, with what it showed and, unless it crashed or hung, the observation.
public struct ObservedRun: Sendable {
    public var outcome: CaseOutcome
    public var observation: Observation?
    /// Steps where the ownership model's prediction differed from what happened (0 expected).
    public var modelMismatches: Int
}

extension Engine {
    /// Runs `theCase` in a fresh child of this process: crashes, hangs and findings are the outcome,
    /// never a failure of the caller. Used to confirm, shrink, mask and replay.
    public func run(_ theCase: Case) throws(TargetError) -> CaseOutcome {
        try runObserved(theCase, keepObservation: false).outcome
    }

    /// Runs `theCase` alone in a fresh child and returns the observation with the outcome.
    public func runObserved(_ theCase: Case, keepObservation: Bool = true) throws(TargetError) -> ObservedRun {
        let target = try target(theCase.target)
        let facts = self.facts
        let slots = singleSlot
        slots.reset(0)
        return interpreter.withGIL {
            let slot = slots[0]
            let child = Child.spawn(slot: 0, stderrPath: stderrPath(slot: 0)) { send in
                childHeartbeat = withUnsafeMutablePointer(to: &slot.pointee.heartbeat) { $0 }
                let executor = Executor(target: target, facts: facts)
                slot.pointee.current = 0
                let (verdict, observation) = executor.execute(theCase)
                let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: observation)
                let result = IsolatedResult(finding: verdict.finding, call: observation.outcome,
                                            modelMismatches: replay.mismatches.count,
                                            observation: keepObservation ? observation : nil)
                send(result)
            }
            guard let child else {
                return ObservedRun(outcome: .finding(Finding(kind: .crash, message: "could not fork a child process to run the case")),
                                   observation: nil, modelMismatches: 0)
            }
            return wait(for: child, case: theCase, slots: slots)
        }
    }

    /// Waits for a single-case child, killing it when one execution of the case (the first run or a
    /// repetition: the child's heartbeat tells) exceeds the case time limit.
    func wait(for child: Child, case theCase: Case, slots: WorkerSlots) -> ObservedRun {
        func alone(_ outcome: CaseOutcome) -> ObservedRun { ObservedRun(outcome: outcome, observation: nil, modelMismatches: 0) }
        var poller = pollfd(fd: child.pipe, events: Int16(POLLIN), revents: 0)
        var beat = slots[0].pointee.heartbeat
        var deadline = Clock.now() + caseTimeout
        var hung = false
        while true {
            let now = Clock.now()
            if slots[0].pointee.heartbeat != beat {
                beat = slots[0].pointee.heartbeat
                deadline = now + caseTimeout
            }
            if now >= deadline {
                hung = true
                child.kill()
                break
            }
            let ready = poll(&poller, 1, Int32(min(deadline - now, 0.02) * 1000) + 1)
            if ready > 0 { break }
        }
        let (message, ending) = child.finish()
        if hung {
            return alone(.finding(hangFinding(theCase)))
        }
        if case .signaled(let signal) = ending {
            return alone(.finding(crashFinding(signal: signal, child: child, theCase: theCase)))
        }
        guard let result = Child.decode(IsolatedResult.self, message) else {
            let status: Int32 = { if case .exited(let s) = ending { return s } else { return -1 } }()
            return alone(.finding(Finding(kind: .crash, message: "the process exited with status \(status) while running \(theCase.callText)\(child.stderrTail().map { ": \($0)" } ?? "")")))
        }
        let outcome: CaseOutcome = result.finding.map { .finding($0) } ?? .pass(call: result.call)
        return ObservedRun(outcome: outcome, observation: result.observation, modelMismatches: result.modelMismatches)
    }

    func hangFinding(_ theCase: Case) -> Finding {
        Finding(kind: .hang, message: "\(theCase.callText) did not finish within \(Self.format(caseTimeout)) s (an endless loop, a deadlock, or work that big: --timeout sets the limit)")
    }

    func crashFinding(signal: Int32, child: Child, theCase: Case) -> Finding {
        var message = "the process died by \(signalName(signal)) while running \(theCase.callText)"
        if let tail = child.stderrTail() { message += " (\(tail))" }
        return Finding(kind: .crash, message: message)
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}
