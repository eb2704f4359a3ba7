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

    /// What conformance taught the model of the new kinds, in the model's own terms.
    @Test func theSequenceSemanticsOfTheNewKinds() throws {
        var model = CAPIModel()
        let ops: [CAPIOp] = [
            .newValue(0, .bigInt(1_000_001)), .newValue(1, .bigInt(1_000_001)), .newValue(2, .canary(0)),
            .newDeque(3, maxlen: 2), .newList(4), .listAppend(list: 4, item: 0), .listAppend(list: 4, item: 2),
            .listAppend(list: 4, item: 1),
            // A bounded deque extended by three items keeps the last two and lets go of the first.
            .dequeExtend(deque: 3, from: 4),
            // Equal items collapse to the first one in a frozenset.
            .newFrozenSet(5, from: 4),
            // `t + ()` is t itself; deque + deque keeps the first one's maxlen.
            .newTuple(6, items: [0]), .newTuple(7, items: []), .seqConcat(8, a: 6, b: 7), .seqConcat(9, a: 3, b: 3),
            // A sequence search compares by value: the second big int is found where the first one is.
            .newValue(10, .bigInt(1_000_001)), .seqIndex(seq: 4, item: 10),
        ]
        for op in ops { try model.apply(op) }
        let tag = { (h: Int) in model.handles[h]!.tag }
        #expect(model.contents(of: tag(3))?.elements == [tag(2), tag(1)])
        #expect(model.contents(of: tag(5))?.elements.count == 2)
        #expect(model.contents(of: tag(5))?.elements.contains(tag(0)) == true)
        #expect(tag(8) == tag(6))
        #expect(model.contents(of: tag(9))?.maxlen == 2)
        #expect(model.answer == 0)
        // A bytearray equals any buffer with its bytes, which the model does not keep: it does not guess.
        try model.apply(.newBuffer(11, .bytearray))
        try model.apply(.newBuffer(12, .array))
        try model.apply(.newList(13))
        try model.apply(.listAppend(list: 13, item: 12))
        #expect(throws: CAPIModel.Failure.self) { try model.apply(.seqContains(seq: 13, item: 11)) }
    }

    @Test func programsRoundTripThroughJSON() throws {
        let program = CAPIGenerator().wellFormed(seed: 2, index: 3)
        let data = try JSONEncoder().encode(program)
        #expect(try JSONDecoder().decode(CAPIProgram.self, from: data) == program)
        #expect(program.text.contains("/* new */"))
    }
}
