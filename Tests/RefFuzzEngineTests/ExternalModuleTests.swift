import Foundation
import RefFuzzCore
import Testing

/// An extension module that is not part of RefFuzz, compiled here with the system compiler against the
/// embedded Python's headers, with planted bugs unlike the built-in ones, their twins, and a correct
/// function that keeps a reference.
@Suite("An external module through --module-path") struct ExternalModuleTests {
    static func build(in scratch: Scratch) throws -> String { try EmbeddedPython.fixtureModule("plantedmod", in: scratch) }

    @Test func plantedBugsAreFoundAndCorrectCodeIsNot() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let expected: [String: Set<FindingKind>] = [
            "plantedmod:hash_after_call(list,mutator)": [.useAfterFree],
            "plantedmod:hash_after_call_ok(list,mutator)": [],
            "plantedmod:set_first(list,any)": [.overDecref],
            "plantedmod:set_first_ok(list,any)": [],
            "plantedmod:keys_of(dict)": [.leak],
            "plantedmod:keys_of_ok(dict)": [],
            "plantedmod:remember(any)": [],
            "plantedmod:collect(any)": [.leak],
            "plantedmod:double_up(list)": [.useAfterFree],
            "plantedmod:double_up_ok(list)": [],
        ]
        let (result, report) = try CLI.fuzz(expected.keys.sorted() + ["--module-path", modules, "--runs", "5000", "--jobs", "2"],
                                            scratch: scratch)
        #expect(result.status == 1, "\(result.stderr)")
        for (spec, kinds) in expected {
            // A use after free may also crash, with values that leave less of the freed memory intact.
            let allowed = kinds.contains(.useAfterFree) ? kinds.union([.crash]) : kinds
            let found = report.kinds[spec] ?? []
            #expect(found.isSuperset(of: kinds) && found.isSubset(of: allowed), "\(spec): \(report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
        }
        // The replay line names the module path, so it works as printed.
        let finding = try #require(report.finding("plantedmod:set_first(list,any)", .overDecref))
        let line = try #require(finding.reproduce)
        #expect(line.contains("--module-path \(modules)"))
        let replay = try CLI.run(Array(line.split(separator: " ").dropFirst().map(String.init)))
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
    }

    @Test func targetsGuessesSpecsForAModuleWithoutATable() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let listing = try CLI.run(["targets", "plantedmod", "--module-path", modules])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains("plantedmod:remember("))
        #expect(listing.stdout.contains("plantedmod:hash_after_call("))
    }
}
