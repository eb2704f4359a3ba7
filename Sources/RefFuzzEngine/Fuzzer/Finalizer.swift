import Foundation
import RefFuzzCore

extension Engine {
    /// Turns the candidates of a fuzz run into report entries: for each (target, kind), the lowest case
    /// that shows it again when run alone is shrunk, its masking data classes measured, and stored.
    func finalize(_ states: [TargetState], known: [String: [FindingKind: KnownFinding]], options: FuzzOptions,
                  start: Double, progress: ((FuzzProgress) -> Void)?) -> Report {
        let store = CorpusStore(directory: options.corpus)
        var targets: [TargetReport] = []
        var found = 0
        for state in states {
            var findings: [ReportedFinding] = []
            let generator = Generator(spec: state.spec)
            let knownKinds = known[state.spec.description] ?? [:]
            for kind in Set(state.candidates.keys).union(knownKinds.keys).sorted() {
                if let already = knownKinds[kind] {
                    findings.append(report(known: already, options: options))
                    found += 1
                    continue
                }
                progress?(FuzzProgress(seconds: Clock.now() - start, executions: states.reduce(0) { $0 + $1.executions },
                                       findings: found, phase: "shrinking \(kind.rawValue) in \(state.spec)"))
                let candidates = state.candidates[kind]!
                var confirmed: (Case, Int)?
                for index in candidates.indices {
                    let theCase = generator.generate(seed: options.seed, index: index)
                    if (try? run(theCase))?.finding?.kind == kind {
                        confirmed = (theCase, index)
                        break
                    }
                }
                guard let (failing, index) = confirmed else { continue }
                if var entry = report(failing, kind: kind, firstCase: index, options: options, store: store) {
                    entry.secondsToFind = candidates.firstSeen
                    findings.append(entry)
                    found += 1
                }
            }
            var entry = TargetReport(target: state.spec.description, executions: state.executions, findings: findings)
            entry.repeated = state.repeated
            targets.append(entry)
        }
        return Report(seed: options.seed, seconds: Clock.now() - start,
                      executions: targets.reduce(0) { $0 + $1.executions }, targets: targets)
    }

    /// Shrinks, masks and stores one confirmed finding.
    func report(_ failing: Case, kind: FindingKind, firstCase: Int?, options: FuzzOptions, store: CorpusStore) -> ReportedFinding? {
        let shrunk = shrink(failing, kind: kind, budget: options.shrinkBudget)
        guard let finding = (try? run(shrunk))?.finding, finding.kind == kind else { return nil }
        let masked = maskingClasses(of: shrunk)
        let file = CaseFile(case: shrunk, finding: StoredFinding(kind: kind, message: finding.message, maskedBy: masked))
        guard let path = try? store.store(file) else { return nil }
        var entry = ReportedFinding(kind: kind, message: finding.message, maskedBy: masked, ops: shrunk.size,
                                    caseFile: path, firstCase: firstCase, call: shrunk.callText)
        entry.isNew = true
        if !options.modulePaths.isEmpty {
            entry.reproduce += options.modulePaths.map { " --module-path \($0)" }.joined()
        }
        return entry
    }

    /// The smallest case that still shows a finding of `kind`, each candidate run in its own child.
    public func shrink(_ failing: Case, kind: FindingKind, budget: Int = 300) -> Case {
        // A hang costs the whole time limit per candidate: try fewer.
        let shrinker = Shrinker(budget: kind == .hang ? min(budget, 25) : budget)
        return shrinker.shrink(failing) { candidate in
            (try? run(candidate))?.finding?.kind == kind
        }.shrunk
    }

    /// The data classes under which the same program passes.
    public func maskingClasses(of theCase: Case) -> [MaskingClass] {
        MaskingClass.allCases.filter { masking in
            // `.immortal` substitutes the objects this runtime makes immortal (nothing on 3.11).
            guard let substituted = theCase.substituting(masking, immortal: facts.immortal) else { return false }
            if case .pass = (try? run(substituted)) ?? .finding(Finding(kind: .crash, message: "")) { return true }
            return false
        }
    }
}
