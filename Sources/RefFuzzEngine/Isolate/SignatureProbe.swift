import CPython
import Foundation
import RefFuzzCore

/// Most C functions have no signature Python can inspect, so a spec with the wrong number or kind of
/// arguments shows only when the function is called. The probe calls the target with a few generated
/// cases in a child: if every call raises TypeError about its arguments, the spec is wrong, and the
/// user gets that one line instead of a fuzz run that tests nothing.
struct ProbeResult: Codable {
    var argumentErrors: [String]
    var calls: Int
}

extension Engine {
    static let probeCases = 8

    func probeSignature(_ target: ResolvedTarget) throws(TargetError) {
        let facts = self.facts
        let outcome: ProbeResult? = interpreter.withGIL {
            let child = Child.spawn(slot: 0, stderrPath: stderrPath(slot: 0)) { send in
                let executor = Executor(target: target, facts: facts)
                let generator = Generator(spec: target.spec)
                var errors: [String] = []
                for i in 0..<Self.probeCases {
                    let c = generator.generate(seed: 0x5EED, index: i)
                    let observation = executor.observe(c, layout: CaseLayout(c))
                    guard case .raised(let type, let message) = observation.outcome, type == "TypeError",
                          Self.isArgumentError(message) else { break }
                    errors.append(message)
                }
                send(ProbeResult(argumentErrors: errors, calls: Self.probeCases))
            }
            guard let child else { return nil }
            let message = child.finish(within: caseTimeout * Double(Self.probeCases)).message
            return Child.decode(ProbeResult.self, message)
        }
        guard let outcome, outcome.argumentErrors.count == outcome.calls, let first = outcome.argumentErrors.first else { return }
        throw TargetError("target \(target.spec) does not match the function's arguments: every call raised TypeError: \(first)")
    }

    /// TypeError messages about the number, names or presence of arguments, as CPython words them.
    static func isArgumentError(_ message: String) -> Bool {
        let m = message.lowercased()
        guard m.contains("argument") else { return false }
        return ["given", "takes", "expected", "missing", "unexpected", "got"].contains { m.contains($0) }
    }
}
