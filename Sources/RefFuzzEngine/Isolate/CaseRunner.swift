import CPython
import Foundation
import RefFuzzCore

/// What running one case alone showed.
public struct RunResult: Sendable, Codable {
    public var finding: Finding?
    /// How the call ended (nil when the process crashed or hung).
    public var call: CallOutcome?
    /// The whole observation, when asked for (explain, minimize) and the child lived to send it.
    public var observation: Observation?
    /// Steps where the ownership model's prediction differed from what happened (0 expected).
    public var modelMismatches = 0
    /// Live objects whose count after the call is not the model's (0 for a target that keeps nothing;
    /// with no finding, references the target kept a while and gave back by the teardown).
    public var countsOffModel = 0
}

/// Runs single cases, each in a fresh child of the fork server: crashes, hangs and findings are the
/// result, never a failure of the caller. Used to confirm, shrink, mask, replay, explain and minimize.
struct CaseRunner {
    let server: ForkServer
    let facts: RuntimeFacts
    let target: (TargetSpec) throws(TargetError) -> ResolvedTarget

    func run(_ theCase: Case, keepObservation: Bool = false) throws(TargetError) -> RunResult {
        let resolved = try target(theCase.target)
        let facts = self.facts
        let outcome = server.run { progress -> RunResult in
            progress.start(0)
            let executor = Executor(target: resolved, context: ExecutionContext(facts: facts, progress: progress))
            let (verdict, observation) = executor.execute(theCase)
            let replay = ModelReplay(case: theCase, layout: CaseLayout(theCase), observation: observation)
            let expected = replay.expectedReferences
            let off = observation.objects.filter { object in
                guard object.tag == object.identity, !object.shared, let count = object.countAfterCall else { return false }
                return count != expected[object.tag] ?? 0
            }
            return RunResult(finding: verdict.finding, call: observation.outcome,
                             observation: keepObservation ? observation : nil, modelMismatches: replay.mismatches.count,
                             countsOffModel: off.count)
        }
        switch outcome {
        case .sent(let result): return result
        case .died(let death): return RunResult(finding: death.finding(running: theCase.callText, timeout: server.timeout))
        }
    }

    /// The kind of finding the case shows alone, or nil when it passes (or cannot be run).
    func kind(_ theCase: Case) -> FindingKind? { (try? run(theCase))?.finding?.kind }
}
