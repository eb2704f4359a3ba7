import Foundation
import Testing
@testable import RefFuzzCore

/// The guard-page mode's events: freed raw memory touched, named by its size and the step that freed it.
@Suite("Judge: freed raw memory")
struct JudgeRawMemoryTests {
    @Test func aReadOfABufferFreedByTheMutatorNamesTheBlockAndTheStep() throws {
        var f = try JudgeFixture()
        f.popTheCanary(diesAt: nil)
        f.o.objects[2].countAfterCall = 1
        f.o.events = [DetectorEvent(kind: .freedRawMemoryAccessed, slot: "read", tag: nil, step: 2, size: 64, freedStep: 2)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(finding.message.hasPrefix("freed raw memory (a 64-byte block freed when mutator #0 call 1 ran `arg0.pop(-1)`) was read"), "\(finding.message)")
        #expect(finding.message.contains("kept across a callback that resized or released it"))
    }

    @Test func scratchMemoryFreedByTheTargetItselfSaysSo() throws {
        var f = try JudgeFixture()
        f.o.events = [DetectorEvent(kind: .freedRawMemoryAccessed, slot: "write", tag: nil, step: 1, size: 24, freedStep: 1)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.kind == .useAfterFree)
        #expect(finding.message.hasPrefix("freed raw memory (a 24-byte block freed in the target's own code) was written in the target's own code"), "\(finding.message)")
        #expect(finding.message.contains("used after it was freed or moved"))
    }

    @Test func aBlockFreedByAnEarlierRunIsNamedSo() throws {
        var f = try JudgeFixture()
        f.o.events = [DetectorEvent(kind: .freedRawMemoryAccessed, slot: "memory write", tag: nil, step: 1, size: 8, freedStep: nil)]
        let finding = try #require(f.verdict().finding)
        #expect(finding.message.hasPrefix("freed raw memory (a 8-byte block freed by an earlier run in this process) was read or written"), "\(finding.message)")
    }

    @Test func theEventKeepsItsSizeAndStepInJSON() throws {
        let event = DetectorEvent(kind: .freedRawMemoryAccessed, slot: "read", tag: nil, step: 7, size: 49, freedStep: 5)
        let decoded = try JSONDecoder().decode(DetectorEvent.self, from: JSONEncoder().encode(event))
        #expect(decoded == event)
        // Events stored before the mode existed decode without the new fields.
        let old = try JSONDecoder().decode(DetectorEvent.self, from: Data(#"{"kind":"double-free","slot":"","step":3}"#.utf8))
        #expect(old.size == nil && old.freedStep == nil)
    }
}
