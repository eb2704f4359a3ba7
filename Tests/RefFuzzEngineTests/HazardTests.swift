import Foundation
import RefFuzzCore
import Testing

@Suite("Targets that crash, abort, hang or raise") struct HazardTests {
    @Test func noneOfThemEndsTheRun() throws {
        let scratch = try Scratch()
        let targets = ["refhazards:segfault(list)", "refhazards:abort_now(list)", "refhazards:spin(list)",
                       "refhazards:raise_error(list)", "refhazards:length(list)"]
        let (result, report) = try CLI.fuzz(targets + ["--runs", "300", "--timeout", "0.3", "--jobs", "2"], scratch: scratch)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(report.kinds["refhazards:segfault(list)"] == [.crash])
        #expect(report.kinds["refhazards:abort_now(list)"] == [.crash])
        #expect(report.kinds["refhazards:spin(list)"] == [.hang])
        #expect(report.kinds["refhazards:raise_error(list)"] == [], "an exception is not a finding")
        #expect(report.kinds["refhazards:length(list)"] == [])
        // Every target got its share of the budget although three of them kill their process.
        #expect(report.targets.allSatisfy { $0.executions == 60 }, "\(report.targets.map(\.executions))")

        let segfault = try #require(report.finding("refhazards:segfault(list)", .crash))
        #expect(segfault.message.contains("SIGSEGV"))
        #expect(segfault.ops == 2, "shrinks to the two elements it needs: \(segfault.call ?? "")")
        let abort = try #require(report.finding("refhazards:abort_now(list)", .crash))
        #expect(abort.message.contains("SIGABRT"))
        #expect(abort.ops == 1)
        let spin = try #require(report.finding("refhazards:spin(list)", .hang))
        #expect(spin.ops == 1)
    }
}
