import CPython
import Foundation
import RefFuzzCore

/// Most C functions have no signature Python can inspect, so a spec with the wrong number or kind of
/// arguments shows only when the function is called. The probe calls the target with a few generated
/// cases in a child: if every call raises TypeError about its arguments, the spec is wrong, and the
/// user gets that one line instead of a fuzz run that tests nothing. For a stateful target the same holds
/// of its constructor, and a type that no generated arguments can build is refused the same way.
struct SignatureProbe {
    struct Result: Codable {
        var argumentErrors: [String]
        var calls: Int
        /// For a stateful target: how many constructor calls raised, and the last error.
        var constructorErrors = 0
        var lastConstructorError: String?
        /// For a stateful target: a call of a method the object does not have.
        var missingMethod: String?
    }

    static let cases = 8

    let server: ForkServer
    let facts: RuntimeFacts

    func check(_ target: ResolvedTarget) throws(TargetError) {
        let facts = self.facts
        let outcome = server.run { progress -> Result in
            let executor = Executor(target: target, context: ExecutionContext(facts: facts, progress: progress))
            let generator = Generator(fuzzing: target, values: [])
            var result = Result(argumentErrors: [], calls: Self.cases)
            var argumentErrors = true
            for i in 0..<Self.cases {
                progress.start(i)
                let c = generator.generate(seed: 0x5EED, index: i)
                let observation = executor.observe(c, layout: CaseLayout(c))
                for call in observation.calls {
                    if case .raised("AttributeError", let message) = call.outcome, message.hasSuffix(CaseRun.missingMethodMark) {
                        result.missingMethod = String(message.dropLast(CaseRun.missingMethodMark.count))
                    }
                }
                guard case .raised(let type, let message) = observation.outcome else { break }
                if target.spec.isStateful {
                    result.constructorErrors += 1
                    result.lastConstructorError = "\(type): \(message)"
                }
                if argumentErrors, type == "TypeError", Self.isArgumentError(message) {
                    result.argumentErrors.append(message)
                } else {
                    argumentErrors = false
                    if !target.spec.isStateful { break }
                }
            }
            return result
        }
        // A probe that crashed or hung tells nothing about the arguments: fuzzing will show what it is.
        guard case .sent(let result) = outcome else { return }
        if let missing = result.missingMethod {
            throw TargetError("target \(target.spec): \(target.spec.module).\(target.spec.function)(...) returns \(missing)")
        }
        if result.argumentErrors.count == result.calls, let first = result.argumentErrors.first {
            throw TargetError("target \(target.spec) does not match the function's arguments: every call raised TypeError: \(first)")
        }
        if result.constructorErrors == result.calls, let last = result.lastConstructorError {
            throw TargetError("target \(target.spec): no generated arguments build a \(target.spec.function): all \(result.calls) constructor calls raised, the last \(last)")
        }
    }

    /// TypeError messages about the number, names or presence of arguments, as CPython words them.
    static func isArgumentError(_ message: String) -> Bool {
        let m = message.lowercased()
        guard m.contains("argument") else { return false }
        return ["given", "takes", "expected", "missing", "unexpected", "got"].contains { m.contains($0) }
    }
}
