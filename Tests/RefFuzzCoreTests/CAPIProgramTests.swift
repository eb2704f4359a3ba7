import Foundation
import Testing
@testable import RefFuzzCore

@Suite("C-API programs") struct CAPIProgramTests {
    @Test func wellFormedProgramsAreAcceptedByTheModelStepByStep() throws {
        let generator = CAPIGenerator()
        var sawSteal = false, sawBorrow = false, sawCycle = false, sawAlias = false, sawPopItem = false
        for index in 0..<300 {
            let program = generator.wellFormed(seed: 9, index: index)
            #expect(!program.ops.isEmpty)
            var model = CAPIModel()
            for op in program.ops {
                try model.apply(op)
                switch op {
                case .newTuple(_, let items) where !items.isEmpty: sawSteal = true
                case .listSetItem: sawSteal = true
                case .listGetItem, .dictGetItem, .dictNext, .tupleGetItem: sawBorrow = true
                case .listAppend(let l, let i) where l == i: sawCycle = true
                case .dictPopItem: sawPopItem = true
                default: break
                }
            }
            // Aliasing: some object sits in two containers at once.
            let slots = model.model.containers.values.flatMap(\.elements)
            if Set(slots).count < slots.count { sawAlias = true }
        }
        #expect(sawSteal && sawBorrow && sawCycle && sawAlias && sawPopItem)
    }

    @Test func sameSeedSameProgram() {
        #expect(CAPIGenerator().wellFormed(seed: 4, index: 7) == CAPIGenerator().wellFormed(seed: 4, index: 7))
        #expect(CAPIGenerator().wellFormed(seed: 4, index: 7) != CAPIGenerator().wellFormed(seed: 4, index: 8))
    }

    @Test func danglingProgramsUseAHandleTheModelSaysIsDead() throws {
        for index in 0..<30 {
            let program = CAPIGenerator().dangling(seed: 1, index: index, value: .bigInt(1_000_123), extraReference: false)
            var model = CAPIModel()
            for op in program.ops.dropLast() { try model.apply(op) }
            #expect(throws: CAPIModel.Failure.dangling(3)) { try model.apply(program.ops.last!) }
        }
    }

    @Test func anExtraReferenceOrASharedValueKeepsTheBorrowAlive() throws {
        for (value, extra) in [(Value.bigInt(1_000_123), true), (.smallInt(7), false), (.singleton(.none), false)] {
            for index in 0..<10 {
                let program = CAPIGenerator().dangling(seed: 1, index: index, value: value, extraReference: extra)
                var model = CAPIModel()
                for op in program.ops { try model.apply(op) }
            }
        }
    }

    @Test func stealingFromAHandleThatOwnsNothingIsRejected() {
        var model = CAPIModel()
        #expect(throws: CAPIModel.Failure.self) {
            try model.apply(.newList(0))
            try model.apply(.newValue(1, .bigInt(1_000_001)))
            try model.apply(.listAppend(list: 0, item: 1))
            try model.apply(.decref(1))
            try model.apply(.listSetItem(list: 0, index: 0, item: 1)) // h1 borrows: nothing to steal
        }
    }

    @Test func programsRoundTripThroughJSON() throws {
        let program = CAPIGenerator().wellFormed(seed: 2, index: 3)
        let data = try JSONEncoder().encode(program)
        #expect(try JSONDecoder().decode(CAPIProgram.self, from: data) == program)
        #expect(program.text.contains("/* new */"))
    }
}
