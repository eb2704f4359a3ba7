import Foundation
import RefFuzzCore
import RefFuzzTesting
import Testing

/// The Swift Testing helper on the built-in examples: it fails with the shrunk case and its replay line
/// on a buggy target, passes on the correct twin, and pins seeds with `.fixedSeed`.
@Suite("fuzz() in swift test") struct FuzzPropertyTests {
    let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("reffuzz-testing-\(UUID().uuidString)").path

    @Test func correctTwinPasses() async throws {
        let report = try await fuzz("refexamples:pop_and_call_safe(list,mutator)", runs: 400, corpus: corpus)
        #expect(report.executions == 400)
        #expect(report.findingCount == 0)
    }

    @Test func buggyTargetFailsWithTheShrunkCaseAndTheLineThatReplaysIt() async throws {
        try await withKnownIssue {
            try await fuzz("refexamples:pop_and_call(list,mutator)", runs: 400, seed: 3, corpus: corpus)
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined(separator: "\n")
            return text.contains("use-after-free in refexamples:pop_and_call(list,mutator)")
                && text.contains("shrunk to ") && text.contains("replay: reffuzz replay \(corpus)/refexamples/")
        }
    }

    @Test(.fixedSeed(42)) func fixedSeedPinsEveryRun() async throws {
        #expect(FixedSeed.current == 42)
        var firstCases: [Int?] = []
        for run in 0..<2 {
            await withKnownIssue {
                // A corpus of its own per run: a known finding would be replayed instead of found.
                let report = try await fuzz("refexamples:largest(list)", runs: 600, corpus: "\(corpus)-\(run)")
                firstCases.append(report.targets.first?.findings.first?.firstCase)
            }
        }
        #expect(firstCases.count == 2)
        #expect(firstCases.first! != nil)
        #expect(firstCases.first! == firstCases.last!)
    }

    @Test func aStatefulTargetIsFuzzedToo() async throws {
        let report = try await fuzz("refexamples:Bucket_safe(){add(any),peek(),take()}", runs: 300, corpus: corpus)
        #expect(report.executions == 300)
        #expect(report.findingCount == 0)
        try await withKnownIssue {
            try await fuzz("refexamples:Bucket(){add(any),peek(),take()}", runs: 400, seed: 3, corpus: corpus)
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined(separator: "\n")
            return text.contains("over-decref in refexamples:Bucket(){add(any),peek(),take()}") && text.contains("obj.peek()")
        }
    }

    @Test func badTargetThrowsInsteadOfFuzzing() async throws {
        await #expect(throws: FuzzSetupError.self) {
            try await fuzz("refexamples:pop_and_call(list)", runs: 10, corpus: corpus)
        }
    }
}

/// The curated regression cases in the repository's Corpus/ folder replay as stored.
@Suite("Curated corpus") struct CuratedCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Corpus").standardizedFileURL.path

    @Test func everyCuratedCaseReplaysAsStored() async throws {
        try await replayCorpus(Self.corpus)
    }
}
