import Foundation
import RefFuzzCore

extension Engine {
    /// Development aid (`reffuzz observe`): runs generated cases of a target in this process (no
    /// isolation: only for correct targets) and returns, per case, why it was repeated, if it was.
    public func observeInProcess(_ spec: TargetSpec, seed: UInt64, indices: Range<Int>) throws(TargetError) -> [String] {
        let target = try target(spec)
        let facts = self.facts
        return interpreter.withGIL {
            let executor = Executor(target: target, facts: facts)
            let generator = Generator(spec: spec)
            var lines: [String] = []
            for i in indices {
                let c = generator.generate(seed: seed, index: i)
                let layout = CaseLayout(c)
                let o = executor.observe(c, layout: layout)
                let verdict = Judge().verdict(case: c, layout: layout, observation: o)
                guard verdict != .pass else { continue }
                let expected = Judge().expectedReferences(o)
                let excess = o.objects.filter { $0.tag == $0.identity && !$0.shared && ($0.countAfterCall ?? 0) > (expected[$0.tag] ?? 0) }
                lines.append("[\(i)] \(verdict) \(c.callText) survivors=\(o.teardown.survivors) shared=\(o.teardown.sharedResidual) blocks=\(o.teardown.liveBlockDelta) excess=\(excess.map(\.tag)) outcome=\(o.outcome)")
            }
            return lines
        }
    }
}
