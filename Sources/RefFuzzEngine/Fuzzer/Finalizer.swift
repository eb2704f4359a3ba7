import Foundation
import RefFuzzCore

/// Turns the candidates of a fuzz run into the report: for each (target, kind), the lowest case that
/// shows it again when run alone is shrunk, its masking data classes measured, and stored.
struct Finalizer {
    let runner: CaseRunner
    let options: FuzzOptions
    let immortal: ImmortalObjects

    func report(_ states: [TargetState], known: [String: [FindingKind: KnownFinding]], start: Double,
                progress: ((FuzzProgress) -> Void)?) -> Report {
        let store = CorpusStore(directory: options.corpus)
        var targets: [TargetReport] = []
        var found = 0
        for state in states {
            var findings: [Finding] = []
            let generator = state.generator
            let knownKinds = known[state.spec.description] ?? [:]
            for kind in Set(state.candidates.keys).union(knownKinds.keys).sorted() {
                if let already = knownKinds[kind] {
                    findings.append(report(known: already))
                    found += 1
                    continue
                }
                progress?(FuzzProgress(seconds: Clock.now() - start, executions: states.reduce(0) { $0 + $1.executions },
                                       findings: found, phase: "shrinking \(kind.rawValue) in \(state.spec)"))
                let candidates = state.candidates[kind]!
                let confirmed = candidates.indices.lazy.map { index in (generator.generate(seed: self.options.seed, index: index), index) }
                    .first { theCase, _ in runner.kind(theCase) == kind }
                guard let (failing, index) = confirmed, var entry = report(failing, kind: kind, store: store) else { continue }
                entry.firstCase = index
                entry.secondsToFind = candidates.firstSeen
                findings.append(entry)
                found += 1
            }
            var entry = TargetReport(target: state.spec.description, executions: state.executions, findings: findings)
            entry.repeated = state.repeated
            entry.modelMismatches = state.mismatched
            targets.append(entry)
        }
        return Report(seed: options.seed, seconds: Clock.now() - start,
                      executions: targets.reduce(0) { $0 + $1.executions }, targets: targets)
    }

    /// Shrinks, masks and stores one confirmed finding.
    func report(_ failing: Case, kind: FindingKind, store: CorpusStore) -> Finding? {
        let shrunk = Self.shrink(failing, kind: kind, budget: options.shrinkBudget, runner: runner)
        guard var finding = (try? runner.run(shrunk))?.finding, finding.kind == kind else { return nil }
        finding.maskedBy = Self.maskingClasses(of: shrunk, runner: runner, immortal: immortal)
        guard let path = try? store.store(CaseFile(case: shrunk, finding: finding)) else { return nil }
        var entry = finding.reported(case: shrunk, caseFile: path, modulePaths: options.run.modulePaths)
        entry.isNew = true
        return entry
    }

    /// The report entry for a finding the corpus already had (stored, not shrunk again).
    func report(known: KnownFinding) -> Finding {
        var finding = known.finding
        finding.maskedBy = known.stored?.kind == finding.kind ? known.stored!.maskedBy
            : Self.maskingClasses(of: known.theCase, runner: runner, immortal: immortal)
        var entry = finding.reported(case: known.theCase, caseFile: known.path, modulePaths: options.run.modulePaths)
        entry.isNew = false
        return entry
    }

    /// The smallest case that still shows a finding of `kind`, each candidate run in its own child.
    static func shrink(_ failing: Case, kind: FindingKind, budget: Int, runner: CaseRunner) -> Case {
        // A hang costs the whole time limit per candidate: try fewer.
        let shrinker = Shrinker(budget: kind == .hang ? min(budget, 25) : budget)
        return shrinker.shrink(failing) { runner.kind($0) == kind }.shrunk
    }

    /// The data classes under which the same program passes.
    static func maskingClasses(of theCase: Case, runner: CaseRunner, immortal: ImmortalObjects) -> [MaskingClass] {
        MaskingClass.allCases.filter { masking in
            // `.immortal` substitutes the objects this runtime makes immortal (nothing on 3.11).
            guard let substituted = theCase.substituting(masking, immortal: immortal), let result = try? runner.run(substituted) else { return false }
            return result.finding == nil
        }
    }
}
