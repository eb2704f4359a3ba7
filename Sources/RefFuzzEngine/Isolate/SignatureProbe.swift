import CPython
import Foundation
import RefFuzzCore

/// Most C functions have no signature Python can inspect, so a spec with the wrong number or kind of
/// arguments shows only when the function is called. The probe calls the target with a few generated
/// cases in a child: if every call raises TypeError about its arguments, the spec is wrong, and the
/// user gets that one line instead of a fuzz run that tests nothing.
struct SignatureProbe {
    struct Result: Codable {
        var argumentErrors: [String]
        var calls: Int
    }

    static let cases = 8

    let server: ForkServer
    let facts: RuntimeFacts

    func check(_ target: ResolvedTarget) throws(TargetError) {
        let facts = self.facts
        let outcome = server.run { progress -> Result in
            let executor = Executor(target: target, context: ExecutionContext(facts: facts, progress: progress))
            let generator = Generator(fuzzing: target, values: [])
            var errors: [String] = []
            for i in 0..<Self.cases {
                progress.start(i)
                let c = generator.generate(seed: 0x5EED, index: i)
                let observation = executor.observe(c, layout: CaseLayout(c))
                guard case .raised(let type, let message) = observation.outcome, type == "TypeError",
                      Self.isArgumentError(message) else { break }
                errors.append(message)
            }
            return Result(argumentErrors: errors, calls: Self.cases)
        }
        // A probe that crashed or hung tells nothing about the arguments: fuzzing will show what it is.
        guard case .sent(let result) = outcome, result.argumentErrors.count == result.calls,
              let first = result.argumentErrors.first else { return }
        throw TargetError("target \(target.spec) does not match the function's arguments: every call raised TypeError: \(first)")
    }

    /// TypeError messages about the number, names or presence of arguments, as CPython words them.
    static func isArgumentError(_ message: String) -> Bool {
        let m = message.lowercased()
        guard m.contains("argument") else { return false }
        return ["given", "takes", "expected", "missing", "unexpected", "got"].contains { m.contains($0) }
    }
}
