import Foundation
import RefFuzzCore

/// A finding a stored case of the corpus still shows.
struct KnownFinding {
    var theCase: Case
    var path: String
    var finding: Finding
    /// What the case file says it showed when it was saved.
    var stored: Finding?
}

/// Replays the corpus cases of a run's targets (each in its own child) before fuzzing: what they still
/// show is known, reported with the stored case (not shrunk again) and not called new.
struct CorpusReplay {
    let runner: CaseRunner

    /// A corpus file that cannot be read stops the run: it is never skipped, rewritten or lost.
    func knownFindings(in corpus: String, targets: [TargetSpec]) throws(TargetError) -> [String: [FindingKind: KnownFinding]] {
        let wanted = Set(targets.map(\.description))
        var known: [String: [FindingKind: KnownFinding]] = [:]
        for path in CorpusStore.caseFiles(at: corpus) {
            let file: CaseFile
            do { file = try CaseFile.load(path) } catch { throw TargetError(error.description) }
            let target = file.theCase.target.description
            guard wanted.contains(target), let finding = try runner.run(file.theCase).finding else { continue }
            if let existing = known[target]?[finding.kind], existing.theCase.size <= file.theCase.size { continue }
            known[target, default: [:]][finding.kind] = KnownFinding(theCase: file.theCase, path: path, finding: finding,
                                                                     stored: file.finding)
        }
        return known
    }
}
