import Foundation
import RefFuzzCore

/// A finding a stored case of the corpus still shows.
struct KnownFinding {
    var theCase: Case
    var path: String
    var finding: Finding
    var stored: StoredFinding?
}

extension Engine {
    /// Replays the corpus cases of the run's targets (each in its own child) before fuzzing: what they
    /// still show is known, reported with the stored case (not shrunk again) and not called new.
    /// A corpus file that cannot be read stops the run: it is never skipped, rewritten or lost.
    func replayCorpus(_ options: FuzzOptions, targets: [TargetSpec]) throws(TargetError) -> [String: [FindingKind: KnownFinding]] {
        let wanted = Set(targets.map(\.description))
        var known: [String: [FindingKind: KnownFinding]] = [:]
        for path in CorpusStore.caseFiles(at: options.corpus) {
            let file: CaseFile
            do { file = try CaseFile.load(path) } catch { throw TargetError(error.description) }
            let target = file.theCase.target.description
            guard wanted.contains(target), case .finding(let finding) = try run(file.theCase) else { continue }
            if let existing = known[target]?[finding.kind], existing.theCase.size <= file.theCase.size { continue }
            known[target, default: [:]][finding.kind] = KnownFinding(theCase: file.theCase, path: path, finding: finding,
                                                                     stored: file.finding)
        }
        return known
    }

    /// The report entry for a finding the corpus already had.
    func report(known: KnownFinding, options: FuzzOptions) -> ReportedFinding {
        let masked = known.stored?.kind == known.finding.kind ? known.stored!.maskedBy : maskingClasses(of: known.theCase)
        var entry = ReportedFinding(kind: known.finding.kind, message: known.finding.message, maskedBy: masked,
                                    ops: known.theCase.size, caseFile: known.path, call: known.theCase.callText)
        entry.isNew = false
        entry.reproduce += options.modulePaths.map { " --module-path \($0)" }.joined()
        return entry
    }
}
