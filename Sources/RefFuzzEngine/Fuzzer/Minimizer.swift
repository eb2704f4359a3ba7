import Foundation
import RefFuzzCore

/// Corpus minimization: keeps, for each distinct finding (target and kind) and for each distinct
/// behaviour (target and `BehaviourSignature`), the smallest case that shows it. Incremental and
/// resumable: what each case showed is journaled in the output folder as soon as it is known, so a
/// run that is stopped goes on where it stopped, and a later run only runs the new cases.
public struct MinimizeSummary: Sendable {
    public var input: Int
    public var kept: [String]
    public var findings: Int
    public var behaviours: Int
    public var resumed: Int
}

/// What one case showed, as journaled.
struct MinimizeEntry: Codable {
    var target: String
    var size: Int
    /// The finding kind, or nil when it passes.
    var kind: FindingKind?
    var signature: String?
}

/// Minimizes a corpus, each case run alone through `runner`.
struct Minimizer {
    let runner: CaseRunner

    static let journalName = ".reffuzz-minimize.json"

    func minimize(corpus: String, into output: String,
                         progress: ((Int, Int) -> Void)? = nil) throws(MinimizeError) -> MinimizeSummary {
        // Every file is read first: a malformed one stops the command before anything is written.
        var files: [(path: String, name: String, file: CaseFile)] = []
        for path in CorpusStore.caseFiles(at: corpus) {
            do {
                let file = try CaseFile.load(path)
                let relative = String(path.dropFirst(corpus.count).drop { $0 == "/" })
                files.append((path, relative, file))
            } catch { throw MinimizeError(description: error.description) }
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch { throw MinimizeError(description: "cannot create \(output): \(error.localizedDescription)") }
        let journalPath = (output as NSString).appendingPathComponent(Self.journalName)
        var journal = (try? JSONDecoder().decode([String: MinimizeEntry].self,
                                                 from: Data(contentsOf: URL(fileURLWithPath: journalPath)))) ?? [:]
        let resumed = files.filter { journal[Self.journalKey($0.file)] != nil }.count

        for (i, entry) in files.enumerated() {
            progress?(i, files.count)
            let key = Self.journalKey(entry.file)
            guard journal[key] == nil else { continue }
            let observed: RunResult
            do { observed = try runner.run(entry.file.theCase, keepObservation: true) } catch { throw MinimizeError(description: error.description) }
            journal[key] = MinimizeEntry(target: entry.file.theCase.target.description, size: entry.file.theCase.size,
                                         kind: observed.finding?.kind,
                                         signature: observed.observation.map { BehaviourSignature(observation: $0).text })
            if (i + 1) % 25 == 0 || i + 1 == files.count { try Self.writeJournal(journal, to: journalPath) }
        }
        try Self.writeJournal(journal, to: journalPath)

        // The smallest case per finding and per behaviour (ties: the first file name).
        var best: [String: (size: Int, name: String)] = [:]
        var findingKeys = Set<String>(), behaviourKeys = Set<String>()
        for entry in files.sorted(by: { $0.name < $1.name }) {
            guard let seen = journal[Self.journalKey(entry.file)] else { continue }
            var keys: [String] = []
            if let kind = seen.kind {
                keys.append("finding \(seen.target) \(kind.rawValue)")
                findingKeys.insert(keys.last!)
            }
            if let signature = seen.signature {
                keys.append("behaviour \(seen.target) \(seen.kind?.rawValue ?? "pass") \(signature)")
                behaviourKeys.insert(keys.last!)
            }
            if keys.isEmpty { keys.append("finding \(seen.target) \(seen.kind?.rawValue ?? "pass")") }
            for key in keys where best[key].map({ seen.size < $0.size }) ?? true {
                best[key] = (seen.size, entry.name)
            }
        }
        let keep = Set(best.values.map(\.name))
        for entry in files where keep.contains(entry.name) {
            let destination = (output as NSString).appendingPathComponent(entry.name)
            do {
                try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                if !FileManager.default.fileExists(atPath: destination) {
                    try CorpusStore.writeAtomically(try entry.file.encoded(), to: destination)
                }
            } catch { throw MinimizeError(description: "cannot write \(destination): \(error.localizedDescription)") }
        }
        return MinimizeSummary(input: files.count, kept: keep.sorted(), findings: findingKeys.count,
                               behaviours: behaviourKeys.count, resumed: resumed)
    }

    /// A case's journal key: a hash of its program (the same case under another name is the same key).
    static func journalKey(_ file: CaseFile) -> String {
        (try? CorpusStore.name(for: CaseFile(case: file.theCase, finding: nil))) ?? file.theCase.callText
    }

    static func writeJournal(_ journal: [String: MinimizeEntry], to path: String) throws(MinimizeError) {
        do { try CorpusStore.writeAtomically(try CanonicalJSON.encode(journal), to: path) } catch {
            throw MinimizeError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

public struct MinimizeError: Error, CustomStringConvertible {
    public let description: String
}
