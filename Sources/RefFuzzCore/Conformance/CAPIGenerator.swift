/// Makes C-API programs for the conformance runner.
///
/// Well-formed programs never use a handle whose object the model says is dead: every op is tried on a
/// copy of the model and kept only if the model accepts it. They cover the New / Stolen / Borrowed
/// contracts, every data class, nested containers, aliasing (one object in several containers) and a
/// container inside itself. Dangling-use programs are built to use a borrowed handle after its object
/// died, to show what each data class does with such a bug.
public struct CAPIGenerator: Sendable {
    public var length: ClosedRange<Int>

    public init(length: ClosedRange<Int> = 12...40) { self.length = length }

    public func wellFormed(seed: UInt64, index: Int) -> CAPIProgram {
        var rng = SplitMix64(seed: SplitMix64.caseSeed(run: seed, target: "conformance", index: index))
        var model = CAPIModel()
        var ops: [CAPIOp] = []
        var nextHandle = 0
        var canaries = 0
        let target = rng.int(in: length)
        var attempts = 0
        while ops.count < target && attempts < target * 20 {
            attempts += 1
            let handles = HandlePicker(model: model)
            func any() -> Int? { handles.any(&rng) }
            func ofKind(_ kind: ArgumentKind) -> Int? { handles.ofKind(kind, &rng) }
            func owned() -> Int? { handles.owned(&rng) }
            func size(_ h: Int) -> Int { handles.size(h) }
            func index(_ n: Int) -> Int { n == 0 ? 0 : Int(rng.next() % UInt64(n)) }
            let r = nextHandle
            var op: CAPIOp?
            if rng.chance(45) {
                op = newKindsOp(r, &rng, model: model)
            } else {
            switch rng.pick([10, 16, 10, 8, 6, 10, 6, 6, 6, 6, 8, 5, 5, 4, 3]) {
            case 0:
                op = [CAPIOp.newList(r), .newDict(r), .newSet(r)][rng.pick([5, 3, 2])]
            case 1:
                var value: Value
                switch rng.pick([20, 20, 10, 12, 8, 20]) {
                case 0: value = .smallInt(rng.int(in: 0...9))
                case 1: value = .bigInt(1_000_000 + rng.int(in: 0...30))
                case 2: value = .internedString(Generator.identifiers[Int(rng.next() % UInt64(Generator.identifiers.count))])
                case 3: value = .freshString(["ab", "cd", "ef", "ab"][Int(rng.next() % 4)])
                case 4: value = .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
                default:
                    value = .canary(canaries)
                    canaries += 1
                }
                op = .newValue(r, value)
            case 2:
                if let l = ofKind(.list), let i = any() { op = .listAppend(list: l, item: i) }
            case 3:
                if let l = ofKind(.list), let i = any() { op = .listInsert(list: l, index: rng.int(in: -2...3), item: i) }
            case 4:
                if let l = ofKind(.list), size(l) > 0, let i = owned() { op = .listSetItem(list: l, index: index(size(l)), item: i) }
            case 5:
                if let l = ofKind(.list), size(l) > 0 { op = .listGetItem(r, list: l, index: index(size(l))) }
                else if let d = ofKind(.dict), size(d) > 0 { op = .dictNext(key: r, value: r + 1, dict: d, entry: index(size(d) / 2)) }
            case 6:
                if let l = ofKind(.list), size(l) > 0 {
                    switch rng.pick([3, 2, 3, 2, 1, 1]) {
                    case 0: op = .listDelItem(list: l, index: index(size(l)))
                    case 1: op = .listDelSlice(list: l, from: rng.int(in: -2...1), to: rng.int(in: 0...3))
                    case 2: op = .listClear(list: l)
                    case 3: op = .listPop(r, list: l, index: index(size(l)))
                    case 4: op = .listSort(list: l)
                    default: op = .listReverse(list: l)
                    }
                }
            case 7:
                if let d = ofKind(.dict), let k = any(), let v = any() { op = .dictSetItem(dict: d, key: k, value: v) }
            case 8:
                if let d = ofKind(.dict), let k = any() {
                    switch rng.pick([4, 4, 2, 1]) {
                    case 0: op = .dictGetItem(r, dict: d, key: k)
                    case 1: op = .dictDelItem(dict: d, key: k)
                    case 2: op = .dictPopItem(r, dict: d)
                    default: op = .dictClear(dict: d)
                    }
                }
            case 9:
                if let s = ofKind(.set), let i = any() {
                    switch rng.pick([5, 3, 1, 1]) {
                    case 0: op = .setAdd(set: s, item: i)
                    case 1: op = .setDiscard(set: s, item: i)
                    case 2: if size(s) == 1 { op = .setPop(r, set: s) } // the one member: Python's choice is known
                    default: op = .setClear(set: s)
                    }
                }
            case 10:
                let items = (0..<rng.int(in: 0...3)).compactMap { _ in owned() }
                if Set(items).count == items.count, items.allSatisfy({ model.handles[$0]!.owned >= 1 }) { op = .newTuple(r, items: items) }
            case 11:
                if let t = ofKind(.tuple), size(t) > 0 { op = .tupleGetItem(r, tuple: t, index: index(size(t))) }
            case 12:
                if let x = any() { op = .incref(x) }
            case 13:
                if let x = owned() { op = .decref(x) }
            default:
                if let x = any() { op = .use(x, CAPIOp.UseKind.allCases[rng.pick([4, 3, 2, 2])]) }
            }
            }
            guard let chosen = op else { continue }
            // A C function given a container it may let go of items of does not hold the container for
            // the call (PyODict_SetItem goes on with the OrderedDict after its dict released the old
            // value, deque += x returns the deque after its bound dropped items): the caller must own
            // a reference to it, which a program whose handle only borrows it does not.
            if let operand = chosen.heldOperand, let tag = model.handles[operand]?.tag,
               chosen.mustHold(model.contents(of: tag)?.kind), (model.model.owned[tag] ?? 0) == 0 { continue }
            var trial = model
            guard (try? trial.apply(chosen)) != nil else { continue }
            model = trial
            ops.append(chosen)
            nextHandle += (chosen.results)
        }
        return CAPIProgram(ops: ops, seed: seed, index: index)
    }

    /// An op of the kinds past list, dict, tuple and set: deques through their methods, frozensets,
    /// OrderedDicts through the C API and their methods, buffers (which hold no objects) and the
    /// abstract sequence protocol. Nil when the op drawn has nothing to act on yet.
    func newKindsOp(_ r: Int, _ rng: inout SplitMix64, model: CAPIModel) -> CAPIOp? {
        let handles = HandlePicker(model: model)
        func index(_ n: Int) -> Int { n == 0 ? 0 : Int(rng.next() % UInt64(n)) }
        /// A live handle to `tag` (the item itself), or any handle.
        func handle(to tag: Int) -> Int? { handles.live.first { model.handles[$0]!.tag == tag } ?? handles.any(&rng) }
        /// A sequence of one of `kinds`, picked among the kinds that have one.
        func sequence(_ kinds: [ArgumentKind]) -> Int? {
            let found = kinds.compactMap { handles.ofKind($0, &rng) }
            return found.isEmpty ? nil : found[Int(rng.next() % UInt64(found.count))]
        }
        /// An iterable: a list, tuple, deque, set, frozenset, dict or OrderedDict.
        func iterable() -> Int? { sequence([.list, .tuple, .deque, .set, .frozenset, .dict, .ordereddict]) }
        /// A key of the OrderedDict `d` (a handle to it, or to another object that may equal one).
        func key(of d: Int) -> Int? {
            let e = model.contents(of: model.handles[d]!.tag)?.elements ?? []
            guard !e.isEmpty, rng.chance(60) else {
                return handles.one(of: handles.live.filter { model.contents(of: model.handles[$0]!.tag) == nil }, &rng) ?? handles.any(&rng)
            }
            let tag = e[2 * index(e.count / 2)]
            return handle(to: tag)
        }
        switch rng.pick([7, 12, 14, 4, 3, 6, 8, 4, 6, 4, 4, 6]) {
        case 0:
            switch rng.pick([4, 4, 2, 1, 1]) {
            case 0: return .newDeque(r, maxlen: rng.chance(40) ? rng.int(in: 0...3) : nil)
            case 1: return .newOrderedDict(r)
            case 2: return .newFrozenSet(r, from: rng.chance(85) ? iterable() : nil)
            case 3: return .newBuffer(r, .bytearray)
            default: return .newBuffer(r, .array)
            }
        case 1:
            guard let d = handles.ofKind(.deque, &rng) else { return nil }
            switch rng.pick([4, 3, 2, 2, 2, 2, 1]) {
            case 0: return handles.any(&rng).map { .dequeAppend(deque: d, item: $0) }
            case 1: return handles.any(&rng).map { .dequeAppendLeft(deque: d, item: $0) }
            case 2: return handles.size(d) > 0 ? .dequePop(r, deque: d) : nil
            case 3: return handles.size(d) > 0 ? .dequePopLeft(r, deque: d) : nil
            case 4: return iterable().map { .dequeExtend(deque: d, from: $0) }
            case 5: return .dequeRotate(deque: d, by: rng.int(in: -3...3))
            default: return .dequeClear(deque: d)
            }
        case 2:
            guard let d = handles.ofKind(.ordereddict, &rng) else { return nil }
            switch rng.pick([8, 2, 3, 3, 1, 1]) {
            case 0:
                guard let k = key(of: d), let v = handles.any(&rng) else { return nil }
                // PyDict_SetItem on an OrderedDict bypasses its order: only for a key it has.
                return rng.chance(20) ? .dictSetItem(dict: d, key: k, value: v) : .odictSetItem(odict: d, key: k, value: v)
            case 1: return key(of: d).map { .odictDelItem(odict: d, key: $0) }
            case 2: return key(of: d).map { .odictMoveToEnd(odict: d, key: $0, last: rng.chance(50)) }
            case 3: return handles.size(d) > 0 ? .odictPopItem(r, odict: d, last: rng.chance(50)) : nil
            case 4: return key(of: d).map { .dictGetItem(r, dict: d, key: $0) }
            default: return .odictClear(odict: d)
            }
        case 3:
            let ints = handles.live.filter { if case .int? = model.values[model.handles[$0]!.tag].map(ModelScalar.init) { true } else { false } }
            guard let b = sequence([.bytearray, .array]), let i = handles.one(of: ints, &rng) else { return nil }
            return .bufferAppend(buffer: b, item: i)
        case 4:
            guard let b = sequence([.bytearray, .array]) else { return nil }
            switch rng.pick([2, 1, 1]) {
            case 0: return sequence([.bytearray, .array]).map { .seqInPlaceConcat(r, a: b, b: $0) }
            case 1: return sequence([.bytearray, .array]).map { .seqConcat(r, a: b, b: $0) }
            default: return .listDelSlice(list: b, from: 0, to: Int.max)
            }
        case 5:
            guard let s = sequence([.list, .tuple, .deque]), handles.size(s) > 0 else { return nil }
            return .seqGetItem(r, seq: s, index: rng.int(in: -handles.size(s)...(handles.size(s) - 1)))
        case 6:
            guard let s = sequence([.list, .deque]), handles.size(s) > 0, let i = handles.any(&rng) else { return nil }
            return .seqSetItem(seq: s, index: rng.int(in: -handles.size(s)...(handles.size(s) - 1)), item: i)
        case 7:
            guard let s = sequence([.list, .deque]), handles.size(s) > 0 else { return nil }
            return .seqDelItem(seq: s, index: rng.int(in: -handles.size(s)...(handles.size(s) - 1)))
        case 8:
            guard let s = sequence([.list, .tuple, .deque, .set, .frozenset, .dict, .ordereddict]) else { return nil }
            // Mostly an item that is there (or equal to one), sometimes anything.
            let c = model.contents(of: model.handles[s]!.tag)!
            let step = c.kind == .dict || c.kind == .ordereddict ? 2 : 1
            let e = stride(from: 0, to: c.elements.count, by: step).map { c.elements[$0] }
            guard let item = !e.isEmpty && rng.chance(60) ? handle(to: e[index(e.count)]) : handles.any(&rng) else { return nil }
            switch c.kind {
            case .dict, .ordereddict: return .dictContains(dict: s, key: item)
            case .set, .frozenset: return .seqContains(seq: s, item: item)
            default: return rng.chance(50) ? .seqContains(seq: s, item: item) : .seqIndex(seq: s, item: item)
            }
        case 9:
            guard let a = sequence([.list, .tuple, .deque]) else { return nil }
            let kind = model.contents(of: model.handles[a]!.tag)!.kind
            return handles.ofKind(kind, &rng).map { .seqConcat(r, a: a, b: $0) }
        case 10:
            guard let a = sequence([.list, .tuple, .deque]) else { return nil }
            let kind = model.contents(of: model.handles[a]!.tag)!.kind
            return (kind == .tuple ? handles.ofKind(.tuple, &rng) : iterable()).map { .seqInPlaceConcat(r, a: a, b: $0) }
        default:
            guard let x = handles.owned(&rng) else { return nil }
            return .decref(x)
        }
    }

    /// A program that uses a borrowed handle after the container it was borrowed from let its object go:
    /// make a container, put `value` in it and drop our own reference (unless `extraReference`), borrow it
    /// back, mutate the container so that it dies, then use the borrowed handle.
    public func dangling(seed: UInt64, index: Int, value: Value, extraReference: Bool) -> CAPIProgram {
        var rng = SplitMix64(seed: SplitMix64.caseSeed(run: seed, target: "dangling", index: index))
        var ops: [CAPIOp] = []
        let filler: Value = .bigInt(2_000_000 + index)
        switch rng.pick([4, 3, 2]) {
        case 0: // a list: PyList_GetItem, then a mutation that drops the item
            ops += [.newList(0), .newValue(1, value), .newValue(2, filler), .listAppend(list: 0, item: 2),
                    .listAppend(list: 0, item: 1), .decref(2)]
            if !extraReference { ops.append(.decref(1)) }
            ops.append(.listGetItem(3, list: 0, index: 1))
            ops.append([CAPIOp.listClear(list: 0), .listDelItem(list: 0, index: 1), .listDelSlice(list: 0, from: 1, to: 2)][rng.pick([3, 2, 1])])
        case 1: // a dict: PyDict_GetItem, then the entry deleted or the dict cleared
            ops += [.newDict(0), .newValue(1, value), .newValue(2, .internedString("keys")), .dictSetItem(dict: 0, key: 2, value: 1)]
            if !extraReference { ops.append(.decref(1)) }
            ops.append(.dictGetItem(3, dict: 0, key: 2))
            ops.append(rng.chance(50) ? .dictDelItem(dict: 0, key: 2) : .dictClear(dict: 0))
        default: // a tuple inside a list: PyTuple_GetItem, then the tuple dropped with the list's items
            ops += [.newList(0), .newValue(1, value)]
            if extraReference { ops.append(.incref(1)) }
            ops += [.newTuple(2, items: [1]), .listAppend(list: 0, item: 2), .decref(2), .tupleGetItem(3, tuple: 2, index: 0),
                    .listClear(list: 0)]
        }
        // What real code does between the mutation and the use: make objects, which a stock allocator
        // builds in the memory just freed (the freed object then shows another value, or crashes).
        switch rng.pick([2, 3, 3, 2]) {
        case 0: break
        case 1: ops += (0..<3).map { .newValue(10 + $0, .bigInt(3_000_000 + 11 * $0 + index)) }
        case 2: ops += (0..<3).map { .newValue(10 + $0, .freshString("churn\($0)-\(index)")) }
        default: ops += [.newList(10), .newDict(11), .newValue(12, .bigInt(4_000_000 + index))]
        }
        ops.append(.use(3, .repr))
        return CAPIProgram(ops: ops, seed: seed, index: index)
    }
}

/// Draws the handles an op acts on, among those whose objects are alive.
private struct HandlePicker {
    let model: CAPIModel
    let live: [Int]

    init(model: CAPIModel) {
        self.model = model
        live = model.liveHandles.keys.sorted()
    }

    func any(_ rng: inout SplitMix64) -> Int? { live.isEmpty ? nil : live[Int(rng.next() % UInt64(live.count))] }

    func ofKind(_ kind: ArgumentKind, _ rng: inout SplitMix64) -> Int? {
        one(of: live.filter { model.contents(of: model.handles[$0]!.tag)?.kind == kind }, &rng)
    }

    func owned(_ rng: inout SplitMix64) -> Int? { one(of: live.filter { model.handles[$0]!.owned > 0 }, &rng) }

    func size(_ h: Int) -> Int { model.contents(of: model.handles[h]!.tag)?.elements.count ?? 0 }

    func one(of handles: [Int], _ rng: inout SplitMix64) -> Int? {
        handles.isEmpty ? nil : handles[Int(rng.next() % UInt64(handles.count))]
    }
}

extension CAPIOp {
    /// The container a C function (not a method: a method call holds its object) may let go of items
    /// of, for the generator to check that the program owns a reference to it.
    var heldOperand: Int? {
        switch self {
        case .odictSetItem(let d, _, _), .odictDelItem(let d, _), .dictSetItem(let d, _, _): d
        case .seqSetItem(let s, _, _), .seqDelItem(let s, _), .seqInPlaceConcat(_, let s, _): s
        default: nil
        }
    }

    /// Whether the program must own the `heldOperand` of this op when it is of `kind`: always for the
    /// functions added with the new kinds; PyDict_SetItem only on an OrderedDict (a dict's own
    /// functions release what they let go of last, once done with the dict).
    func mustHold(_ kind: ArgumentKind?) -> Bool {
        if case .dictSetItem = self { return kind == .ordereddict }
        return true
    }

    /// How many new handle numbers the op takes.
    var results: Int {
        switch self {
        case .newList, .newDict, .newSet, .newTuple, .newValue, .listGetItem, .listPop, .dictGetItem, .dictPopItem,
             .tupleGetItem, .setPop, .newDeque, .dequePop, .dequePopLeft, .newFrozenSet, .newOrderedDict, .odictPopItem,
             .newBuffer, .seqGetItem, .seqConcat, .seqInPlaceConcat: 1
        case .dictNext: 2
        default: 0
        }
    }
}
