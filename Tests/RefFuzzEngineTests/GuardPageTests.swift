import Foundation
import RefFuzzCore
import Testing

/// Freed raw memory caught on use: stale pointers into storage that holds no objects (a bytearray's
/// buffer, PyMem_Malloc scratch memory), in a fixture module of their own (`Fixtures/guardmod.c`),
/// found by the guard-page mode and silent without it.
@Suite("Guard pages: freed raw memory caught on use") struct GuardPageTests {
    static func build(in scratch: Scratch) throws -> String { try EmbeddedPython.fixtureModule("guardmod", in: scratch) }

    static let bugs = ["guardmod:keep_in_list(list,mutator)", "guardmod:grow_and_read(list,mutator)", "guardmod:sum_ints(list)",
                       "guardmod:lookup_after_free(list)", "guardmod:read_past_end(list)"]
    static let twins = ["guardmod:keep_in_list_ok(list,mutator)", "guardmod:grow_and_read_ok(list,mutator)", "guardmod:sum_ints_ok(list)",
                        "guardmod:lookup_after_free_ok(list)", "guardmod:read_past_end_ok(list)"]

    @Test func staleBufferPointersAreUsesAfterFreeAndTheTwinsAreClean() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let (result, report) = try CLI.fuzz(Self.bugs + Self.twins + ["--module-path", modules, "--runs", "4800", "--jobs", "2"], scratch: scratch)
        #expect(result.status == 1, "\(result.stderr)")
        let expected: [String: Set<FindingKind>] = [
            "guardmod:keep_in_list(list,mutator)": [.useAfterFree],
            "guardmod:grow_and_read(list,mutator)": [.useAfterFree],
            "guardmod:sum_ints(list)": [.useAfterFree],
            "guardmod:lookup_after_free(list)": [.useAfterFree],
            "guardmod:read_past_end(list)": [.crash],
        ]
        for spec in Self.twins { #expect(report.kinds[spec] == [], "\(spec): \(report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])") }
        for (spec, kinds) in expected {
            #expect(report.kinds[spec] == kinds, "\(spec): \(report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
        }

        // The buffer the mutator's step released, by its size and that step.
        let kept = try #require(report.finding("guardmod:keep_in_list(list,mutator)", .useAfterFree))
        #expect(kept.message.range(of: #"^freed raw memory \(a \d+-byte block freed when mutator #0 call \d+ ran `[^`]+`\) was read in the target's own code: a pointer into a buffer"#,
                                   options: .regularExpression) != nil, "\(kept.message)")
        // A buffer the target moved itself (a growth), and scratch memory freed on an error path.
        let grown = try #require(report.finding("guardmod:grow_and_read(list,mutator)", .useAfterFree))
        #expect(grown.message.hasPrefix("freed raw memory (a "), "\(grown.message)")
        #expect(grown.message.contains("-byte block freed in the target's own code) was read in the target's own code"), "\(grown.message)")
        let summed = try #require(report.finding("guardmod:sum_ints(list)", .useAfterFree))
        #expect(summed.message.contains("-byte block freed in the target's own code) was read in the target's own code"), "\(summed.message)")
        // A read the handler let go on, after which the poison the target read crashed it: the child's
        // shared record makes the death a use-after-free, not a crash.
        let followed = try #require(report.finding("guardmod:lookup_after_free(list)", .useAfterFree))
        #expect(followed.message.hasPrefix("freed raw memory (a "), "\(followed.message)")
        #expect(followed.message.contains("the process went on and then died by SIGSEGV"), "\(followed.message)")
        // An overflow into the guard page after a live block is a crash that says so.
        let overflow = try #require(report.finding("guardmod:read_past_end(list)", .crash))
        #expect(overflow.message.contains("-byte block, past its end, was read"), "\(overflow.message)")

        // The stored case replays as the same finding (a case run alone is guarded too), and not without the mode.
        let line = try #require(kept.reproduce)
        let arguments = Array(line.split(separator: " ").dropFirst().map(String.init))
        let replay = try CLI.run(arguments)
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("freed raw memory"), "\(replay.stdout)")
        let unguarded = try CLI.run(arguments + ["--guard-pages", "off"])
        #expect(unguarded.status == 0, "without guard pages the stale read goes unseen: \(unguarded.stdout)")
    }

    @Test func withoutGuardPagesTheSameBugsGoUnseen() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let (_, report) = try CLI.fuzz(Self.bugs + ["--module-path", modules, "--runs", "2500", "--jobs", "2", "--guard-pages", "off"],
                                       scratch: scratch)
        // The quarantine's poison is read as data: nothing to see...
        for spec in ["guardmod:keep_in_list(list,mutator)", "guardmod:grow_and_read(list,mutator)", "guardmod:sum_ints(list)",
                     "guardmod:read_past_end(list)"] {
            #expect(report.kinds[spec] == [], "\(spec): \(report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
        }
        // ... unless the target follows it somewhere: then it is a crash, never a use-after-free.
        #expect(report.kinds["guardmod:lookup_after_free(list)"]?.isSubset(of: [.crash]) ?? false)
    }

    @Test func aShareOfTheCasesFindsTheSameBugAgainWithTheSameSeed() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let arguments = ["guardmod:keep_in_list(list,mutator)", "guardmod:keep_in_list_ok(list,mutator)",
                         "--module-path", modules, "--runs", "3000", "--jobs", "2", "--seed", "5", "--guard-pages", "1/4"]
        let (_, first) = try CLI.fuzz(arguments, scratch: scratch)
        #expect(first.kinds["guardmod:keep_in_list(list,mutator)"] == [.useAfterFree])
        #expect(first.kinds["guardmod:keep_in_list_ok(list,mutator)"] == [])
        let again = try Scratch()
        let (_, second) = try CLI.fuzz(arguments, scratch: again)
        let index = { (r: Report) in r.targets.first { $0.target == "guardmod:keep_in_list(list,mutator)" }?.findings.first?.firstCase }
        #expect(index(first) == index(second), "the same seed guards the same cases")
    }

    /// A bytearray argument that a mutator's step resizes: only once the harness passes real bytearrays
    /// (the executor of the new kinds), which leak_if_bytearray tells by leaking one.
    @Test func aBytearrayArgumentResizedByTheMutator() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let (_, report) = try CLI.fuzz(["guardmod:leak_if_bytearray(bytearray)", "guardmod:keep_bytearray(bytearray,mutator)",
                                        "guardmod:keep_bytearray_ok(bytearray,mutator)",
                                        "--module-path", modules, "--runs", "3000", "--jobs", "2"], scratch: scratch)
        #expect(report.kinds["guardmod:keep_bytearray_ok(bytearray,mutator)"] == [])
        guard report.kinds["guardmod:leak_if_bytearray(bytearray)"] == [.leak] else {
            #expect(report.kinds["guardmod:keep_bytearray(bytearray,mutator)"] == [], "no bytearray, no bug")
            return
        }
        let finding = try #require(report.finding("guardmod:keep_bytearray(bytearray,mutator)", .useAfterFree))
        #expect(finding.message.range(of: #"^freed raw memory \(a \d+-byte block freed when mutator #0 call \d+ ran `arg0\."#,
                                      options: .regularExpression) != nil, "\(finding.message)")
    }

    /// A stale block far into a call that churns through blocks of one site: past the site's first
    /// guarded blocks, a sample of its later ones is guarded, the same ones on every run.
    @Test func aBlockPastASitesFirstShareIsSampled() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let (_, report) = try CLI.fuzz(["guardmod:churn_and_read(list)", "guardmod:churn_and_read_ok(list)",
                                        "--module-path", modules, "--runs", "200", "--jobs", "2"], scratch: scratch)
        #expect(report.kinds["guardmod:churn_and_read_ok(list)"] == [])
        let finding = try #require(report.finding("guardmod:churn_and_read(list)", .useAfterFree))
        #expect(finding.message.hasPrefix("freed raw memory (a 32-byte block freed in the target's own code) was read"), "\(finding.message)")
    }

    /// CPython 3.11's own bytearray_ass_subscript takes the buffer's address, then calls the value's
    /// __index__, which may grow the bytearray, and writes the byte through the old address.
    @Test func cpythonsBytearraySetitemWritesIntoTheBufferItsIndexFreed() throws {
        let scratch = try Scratch()
        let (_, report) = try CLI.fuzz(["operator:setitem(bytearray,int,any)", "--runs", "3000", "--jobs", "2", "--seed", "1"], scratch: scratch)
        let finding = try #require(report.finding("operator:setitem(bytearray,int,any)", .useAfterFree))
        #expect(finding.message.range(of: #"^freed raw memory \(a \d+-byte block freed when evil #0 __index__ call 1 ran `arg0\.[^`]+`\) was written in the target's own code"#,
                                      options: .regularExpression) != nil, "\(finding.message)")
    }

    @Test func aBadRateIsOneLine() throws {
        let result = try CLI.run(["fuzz", "--guard-pages", "sometimes", "--runs", "1"])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--guard-pages"))
    }
}
