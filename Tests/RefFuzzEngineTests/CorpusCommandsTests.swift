import Foundation
import RefFuzzCore
import Testing

/// Shrink, minimize, explain and the corpus's resistance to a killed run, through the command line.
@Suite("Corpus commands") struct CorpusCommandsTests {
    /// A failing pop_and_call case far from minimal: six elements, three mutator calls.
    static let bigCase = #"""
    {"reffuzz_case": 1, "case": {"target": "refexamples:pop_and_call(list,mutator)",
     "arguments": [{"value": {"list": [{"big-int": 1000001}, {"canary": 0}, {"fresh-str": "abc"}, {"small-int": 3},
                                        {"list": [{"canary": 1}]}, {"big-int": 1000002}]}},
                   {"value": {"mutator": 0}}],
     "mutators": [{"calls": [[{"op": "append", "arg": 0, "value": {"canary": 2}}, {"op": "clear", "arg": 0}],
                             [{"op": "pop", "arg": 0, "index": -1}], [{"op": "reverse", "arg": 0}]]}]}}
    """#

    @Test func shrinkWritesAMinimalCaseThatShowsTheSameFinding() throws {
        let scratch = try Scratch()
        let input = scratch.path("big.json"), output = scratch.path("small.json")
        try Self.bigCase.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try CLI.run(["shrink", input, "--out", output])
        #expect(result.status == 1, "\(result.stderr)")
        let small = try CaseFile.load(output)
        #expect(small.finding?.kind == .useAfterFree)
        #expect(small.theCase.size <= 3, "\(small.theCase.callText)")
        #expect(small.finding?.maskedBy.contains(.smallIntCache) == true)
        let replay = try CLI.run(["replay", output])
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("use-after-free"))
    }

    @Test func explainTellsTheOwnershipStory() throws {
        let scratch = try Scratch()
        let input = scratch.path("big.json")
        try Self.bigCase.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try CLI.run(["explain", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Before the call, who owns what:"))
        #expect(result.stdout.contains("runs `arg0.clear()`"))
        #expect(result.stdout.contains("dies here"))
        #expect(result.stdout.contains("<-- "))
        #expect(result.stdout.contains("Verdict: use-after-free"))
    }

    @Test func minimizeKeepsEveryDistinctFindingNeverGrowsAndReplaysTheSame() throws {
        let scratch = try Scratch()
        let corpus = scratch.path("corpus")
        // Three runs of the classic examples with different seeds store three cases of most findings.
        let classic = classicBugs.flatMap { [$0.0, twin(of: $0.0)] }
        for seed in ["1", "2", "3"] {
            _ = try CLI.fuzz(classic + ["--runs", "4400", "--seed", seed, "--jobs", "2"], scratch: scratch)
            try FileManager.default.copyItem(atPath: scratch.path("corpus"), toPath: scratch.path("corpus-\(seed)"))
            try FileManager.default.removeItem(atPath: scratch.path("corpus"))
        }
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        var count = 0
        for seed in ["1", "2", "3"] {
            for file in try FileManager.default.subpathsOfDirectory(atPath: scratch.path("corpus-\(seed)")) where file.hasSuffix(".json") {
                count += 1
                try FileManager.default.copyItem(atPath: scratch.path("corpus-\(seed)/\(file)"), toPath: "\(corpus)/\(seed)-\((file as NSString).lastPathComponent)")
            }
        }
        let minimized = scratch.path("minimized")
        let result = try CLI.run(["minimize", corpus, "--out", minimized])
        #expect(result.status == 0, "\(result.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: minimized).filter { $0.hasSuffix(".json") }
        #expect(kept.count < count, "minimize keeps \(kept.count) of \(count)")

        let before = try findings(replaying: corpus, scratch: scratch)
        let after = try findings(replaying: minimized, scratch: scratch)
        #expect(before == after)
        // Every classic bug, and perhaps more: `any` may reach CPython's own bugs through a twin
        // (describe_safe's repr of an OrderedDict whose key's __hash__ clears it, on 3.11).
        #expect(Set(classicBugs.map { "\($0.0) \($0.1.rawValue)" }).isSubset(of: before), "\(before.sorted())")

        // Again: every case is known from the journal, and the result is the same.
        let again = try CLI.run(["minimize", corpus, "--out", minimized])
        #expect(again.stdout.contains("\(count) already known from the journal"), "\(again.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: minimized).filter { $0.hasSuffix(".json") }.sorted() == kept.sorted())
    }

    /// (target, kind) of every finding that replaying `folder` shows.
    func findings(replaying folder: String, scratch: Scratch) throws -> Set<String> {
        let report = scratch.path("replay-\(UUID().uuidString).json")
        _ = try CLI.run(["replay", folder, "--report", report])
        let decoded = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        return Set(decoded.targets.flatMap { t in t.findings.map { "\(t.target) \($0.kind.rawValue)" } })
    }

    @Test func aRunKilledAtAnyMomentLeavesOnlyReadableCaseFiles() throws {
        let scratch = try Scratch()
        let corpus = scratch.path("corpus")
        // How long a whole run takes on this machine now: the kills below land all along it, most of
        // them while findings are being shrunk and stored.
        let started = Date()
        _ = try CLI.run(["fuzz", "--runs", "2200", "--seed", "99", "--jobs", "2", "--corpus", scratch.path("timing")])
        let whole = Date().timeIntervalSince(started)
        for (i, fraction) in stride(from: 0.1, through: 0.95, by: 0.07).enumerated() {
            let delay = whole * fraction
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["fuzz", "--runs", "2200", "--seed", "\(i)", "--jobs", "2", "--corpus", corpus]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let storedBefore = CorpusStore.caseFiles(at: corpus).count
            try process.run()
            if fraction < 0.5 {
                Thread.sleep(forTimeInterval: delay)
            } else {
                // The later kills wait for this run to store a finding (a loaded machine runs slower than
                // the timing run did), then land while it stores the next ones.
                let deadline = Date().addingTimeInterval(max(whole * 3, 10))
                while process.isRunning, CorpusStore.caseFiles(at: corpus).count == storedBefore, Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                Thread.sleep(forTimeInterval: whole * (fraction - 0.5) / 4)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let files = CorpusStore.caseFiles(at: corpus)
        #expect(!files.isEmpty, "some runs got as far as storing findings")
        for file in files {
            #expect(throws: Never.self) { try CaseFile.load(file) }
        }
        // What a killed run may leave is a hidden temporary file, never a torn case file.
        let everything = (try? FileManager.default.subpathsOfDirectory(atPath: corpus)) ?? []
        for name in everything where name.hasSuffix(".json") || name.hasSuffix(".tmp") {
            let base = (name as NSString).lastPathComponent
            #expect(base.hasSuffix(".json") && !base.hasPrefix(".") || base.hasPrefix("."), "\(name)")
        }
    }
}
