import CPython
import Foundation
import RefFuzzCore

/// The spec-inference stage: turns a module into specs before fuzzing (`reffuzz targets MODULE`, a bare
/// MODULE on `reffuzz fuzz`, `MODULE:Type(ARGS){}`). The module is imported here, in the engine's
/// process, as for any target; everything that runs Python code of the module happens in children of
/// the fork server: one survey (introspection: signatures, stubs, docstrings) and then one child per
/// probe call, so that a probe that crashes or hangs costs that call and nothing else.
struct SpecInference {
    let interpreter: Interpreter
    let server: ForkServer

    /// A spec, or a line saying why not, for every public function and type of `module`.
    func targets(of module: String) throws(TargetError) -> [InferredTarget] {
        let survey = try self.survey(module, only: nil)
        return ModuleInference(survey: survey, probe: { probe(module, $0) }).targets()
    }

    /// `spec` (`MODULE:Type(ARGS){}`) with every public method of the type and their inferred kinds,
    /// then a line for each method left out.
    func methods(of spec: TargetSpec) throws(TargetError) -> [InferredTarget] {
        let survey = try self.survey(spec.module, only: spec.function)
        guard let member = survey.members.first, member.isType else {
            throw TargetError("'{}' (every method) needs a type, and \(spec.module):\(spec.function) is not one (target \(spec))")
        }
        let inferred = ModuleInference(survey: survey, probe: { probe(spec.module, $0) }).type(member, constructor: spec.arguments)
        guard let first = inferred.first, let expanded = first.spec else {
            throw TargetError("cannot fuzz every method of \(spec.module):\(spec.function): \(inferred.first?.note ?? "nothing inferred") (target \(spec))")
        }
        guard expanded.isStateful else {
            throw TargetError("\(spec.module):\(spec.function) has no method whose arguments could be inferred (target \(spec)): list them as {METHOD(ARGS),...}")
        }
        return inferred
    }

    /// Imports the module here (a module that cannot be imported is one line), then surveys it in a child.
    func survey(_ module: String, only: String?) throws(TargetError) -> ModuleSurvey {
        try interpreter.withGIL { () throws(TargetError) in
            Py_DECREF(try ModuleImport.module(module, for: "")) // new
            InferenceHelper.prepare()
        }
        let outcome = server.run { progress -> InferenceHelper.SurveyMessage in
            progress.start(0)
            return InferenceHelper.survey(module, only: only)
        }
        switch outcome {
        case .sent(let message):
            guard let json = message.json else {
                throw TargetError("cannot list the functions and types of module '\(module)': \(message.error ?? "unknown error")")
            }
            do { return try JSONDecoder().decode(ModuleSurvey.self, from: Data(json.utf8)) } catch {
                throw TargetError("cannot read the survey of module '\(module)': \(error)")
            }
        case .died(let death):
            throw TargetError("listing the functions and types of module '\(module)' \(Self.describe(death))")
        }
    }

    /// Probe calls in one child, one after the other (as a fuzzing batch runs its cases). When the
    /// child dies, the call it was on is run again alone (unless it was the first: a crash may have
    /// been set up by an earlier call; a hang is not run twice), and the others in another child.
    func probe(_ module: String, _ requests: [ProbeRequest]) -> [ProbeOutcome] {
        guard !requests.isEmpty else { return [] }
        let outcome = server.run { progress -> [ProbeOutcome] in
            requests.indices.map { i in
                progress.start(i)
                return InferenceHelper.probe(module, requests[i])
            }
        }
        switch outcome {
        case .sent(let results) where results.count == requests.count: return results
        case .sent: return Array(repeating: .setupFailed("the probe child answered for other calls"), count: requests.count)
        case .died(let death):
            let died: ProbeOutcome = switch death.how {
            case .hung, .stopped: .hung
            case .signaled(let signal): .crashed(signalName(signal))
            case .exited(let status): .crashed("exit status \(status)")
            }
            guard requests.count > 1, requests.indices.contains(death.current) else {
                return Array(repeating: died, count: requests.count)
            }
            let c = death.current
            var results = Array(repeating: ProbeOutcome.returned, count: requests.count)
            // Run first in its child, nothing but itself can have caused its death.
            results[c] = died == .hung || c == 0 ? died : probe(module, [requests[c]])[0]
            // The calls after it first: when the next one dies too, it is the first of its child.
            let others = Array(requests.indices[(c + 1)...]) + Array(requests.indices[..<c])
            for (i, result) in zip(others, probe(module, others.map { requests[$0] })) { results[i] = result }
            return results
        }
    }

    static func describe(_ death: ChildDeath) -> String {
        switch death.how {
        case .hung, .stopped: "hung"
        case .signaled(let signal): "crashed (\(signalName(signal)))"
        case .exited(let status): "ended with status \(status)\(death.stderrTail.map { ": \($0)" } ?? "")"
        }
    }
}
