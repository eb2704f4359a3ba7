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
        #expect(Set(checks.map(\.name)) == ["free lists", "dealloc hooks", "float deaths", "immortality", "freed pointers", "interpreter caches"])
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
