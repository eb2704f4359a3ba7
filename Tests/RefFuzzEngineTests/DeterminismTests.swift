import Foundation
import RefFuzzCore
import RefFuzzEngine
import Testing

@Suite("Same seed, same findings") struct DeterminismTests {
    /// What must be equal between two runs: every finding with its story, size and case file name.
    static func fingerprint(_ report: Report) -> [String] {
        report.targets.flatMap { target in
            target.findings.map { "\(target.target) \($0.kind.rawValue) \($0.ops ?? -1) \($0.message) \((($0.caseFile ?? "") as NSString).lastPathComponent) \($0.maskedBy)" }
        }
    }

    @Test func sameSeedAndRunsGiveTheSameFindingsWhateverTheJobs() throws {
        let targets = ["refexamples:pop_and_call(list,mutator)", "refexamples:largest(list)", "refexamples:sum_items(list)",
                       "refexamples:largest_safe(list)", "refexamples:describe(any)"]
        var prints: [[String]] = []
        for jobs in ["1", "2", "1"] {
            let scratch = try Scratch()
            let (_, report) = try CLI.fuzz(targets + ["--runs", "3000", "--seed", "42", "--jobs", jobs], scratch: scratch)
            prints.append(Self.fingerprint(report))
        }
        #expect(prints[0].count == 4)
        #expect(prints[0] == prints[1])
        #expect(prints[0] == prints[2])
    }

    @Test func anotherSeedRunsOtherCases() throws {
        // Separate corpora: a stored finding would be replayed instead of found again.
        let (_, first) = try CLI.fuzz(["refexamples:largest(list)", "--runs", "500", "--seed", "1", "--jobs", "1"], scratch: try Scratch())
        let (_, second) = try CLI.fuzz(["refexamples:largest(list)", "--runs", "500", "--seed", "2", "--jobs", "1"], scratch: try Scratch())
        let a = first.targets[0].findings.first?.firstCase, b = second.targets[0].findings.first?.firstCase
        #expect(a != nil && b != nil)
        #expect(a != b, "different seeds should not find the bug at the same case index")
    }
}

@Suite("Shards") struct ShardTests {
    /// Two shards of a CI matrix run disjoint batches whose union is the whole budget, and each finds
    /// the bugs of its own cases.
    @Test func twoShardsSplitTheBudgetWithoutOverlap() throws {
        var executions: [Int] = []
        var firstCases: [Int] = []
        for shard in ["0/2", "1/2"] {
            let (_, report) = try CLI.fuzz(["refexamples:pop_and_call(list,mutator)", "--runs", "2000", "--seed", "5",
                                            "--shard", shard, "--jobs", "1"], scratch: try Scratch())
            executions.append(report.executions)
            let first = try #require(report.targets[0].findings.first?.firstCase)
            firstCases.append(first)
        }
        // Batch b covers cases b * size ..< (b + 1) * size; shard i of 2 runs the batches with b % 2 == i.
        let size = FuzzOptions(targets: []).batchSize
        let batches = stride(from: 0, to: 2000, by: size).map { min(size, 2000 - $0) }
        let expected = (0..<2).map { shard in batches.indices.filter { $0 % 2 == shard }.reduce(0) { $0 + batches[$1] } }
        #expect(executions == expected, "batches of \(size): each shard runs every other batch")
        #expect((firstCases[0] / size) % 2 == 0)
        #expect((firstCases[1] / size) % 2 == 1)
    }
}
