import Foundation
import RefFuzzCore
import Testing

/// The version-aware layer on the embedded CPython, whichever it is: the facts it probes agree with
/// each other, every measured assumption holds, and what a version lacks is said at start-up.
@Suite("The embedded CPython") struct VersionSupportTests {
    @Test func everyMeasuredAssumptionHolds() throws {
        let (result, facts) = try Runtime.probed.get()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let checks = try #require(facts.checks)
        #expect(Set(checks.map(\.name)) == ["free lists", "dealloc hooks", "float deaths", "immortality", "freed pointers", "interpreter caches", "type cache",
                                           "container layouts", "instance deaths", "guard pages"])
        for check in checks { #expect(check.passed, "\(check.name): \(check.detail)") }
        #expect(result.stdout.contains("embedded Python \(facts.python)"))
    }

    @Test func immortalityIsProbedObjectByObject() throws {
        let facts = try Runtime.facts()
        #expect(facts.python == facts.headers, "the build refuses other headers")
        #expect(facts.smallIntLow <= 0 && facts.smallIntHigh >= 255, "every CPython caches 0...255")
        #expect(facts.immortalShared + facts.mortalShared > facts.smallIntHigh - facts.smallIntLow)
        // A family is immortal only when every probed member is.
        if facts.immortal.contains(.smallInts) { #expect(facts.immortalShared >= facts.smallIntHigh - facts.smallIntLow + 1) }
        if !facts.immortal.isEmpty { #expect(facts.immortalShared > 0) }
        if facts.immortalShared == 0 { #expect(facts.immortal.isEmpty) }
        #expect(!facts.immortalityProbe.isEmpty)
    }

    @Test func freeListsAndObjectLayoutComeFromTheHeaders() throws {
        let facts = try Runtime.facts()
        #expect(facts.objectOffsets.first == 0)
        #expect(facts.objectOffsets.count >= 2, "a GC object starts after its GC header")
        if let lists = facts.freeLists {
            #expect(lists.tupleSizes >= 0 && lists.lists >= 0 && lists.dicts >= 0)
        } else {
            #expect(facts.notes.contains { $0.contains("live objects") }, "an uncounted free list is said")
        }
    }

    @Test func whatTheVersionLacksIsSaidOnceAtStartUp() throws {
        let facts = try Runtime.facts()
        for note in facts.notes { #expect(note.hasPrefix("detector "), "\(note)") }
        let listing = try CLI.run(["targets"])
        #expect(listing.status == 0)
        #expect(listing.noteLines.map { String($0.dropFirst("reffuzz: ".count)) } == facts.notes)
    }
}

/// A reference-counting bug that only an immortal object would show is neither claimed (its count
/// cannot move) nor silently lost: `immortal` is named among the classes that mask the bug.
@Suite("Immortal objects") struct ImmortalObjectTests {
    /// A case file of `refexamples:describe(any)` (it releases a reference to its argument it does
    /// not own) with `value` as the argument.
    static func describe(_ value: Value, in scratch: Scratch) throws -> String {
        let theCase = Case(target: try TargetSpec(parsing: "refexamples:describe(any)"), arguments: [CallArgument(value: value)])
        let path = scratch.path("describe.json")
        try CaseFile(case: theCase, finding: nil).encoded().write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func anOverDecrefOfNoneIsClaimedExactlyWhereNoneIsMortal() throws {
        let facts = try Runtime.facts()
        let scratch = try Scratch()
        let replay = try CLI.run(["replay", try Self.describe(.singleton(.none), in: scratch)])
        if facts.immortal.contains(.singletons) {
            #expect(replay.status == 0, "\(replay.stdout)")
            #expect(replay.stdout.contains("passes"))
        } else {
            #expect(replay.status == 1, "\(replay.stdout)")
            #expect(replay.stdout.contains("over-decref"))
        }
    }

    @Test func immortalMasksExactlyWhereTheRuntimeHasImmortalObjects() throws {
        let facts = try Runtime.facts()
        let scratch = try Scratch()
        let out = scratch.path("masked.json")
        let shrink = try CLI.run(["shrink", try Self.describe(.bigInt(1_000_000), in: scratch), "--budget", "0", "--out", out])
        #expect(shrink.status == 1, "an over-decref of a big int shows on every version: \(shrink.stderr)")
        let finding = try #require(try CaseFile.load(out).finding)
        #expect(finding.kind == .overDecref)
        #expect(finding.maskedBy.contains(.immortal) == !facts.immortal.isEmpty, "\(finding.maskedBy), immortal: \(facts.immortal)")
        #expect(finding.maskedBy.contains(.singleton) == facts.immortal.contains(.singletons), "\(finding.maskedBy)")
    }
}
