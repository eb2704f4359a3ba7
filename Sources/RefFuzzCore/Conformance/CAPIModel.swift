/// The ownership model driven by C-API operations: which handle owns or borrows what, what each
/// container holds, and which objects die at each step. The conformance runner applies the same
/// operations to the real interpreter and compares counts and contents after every step.
public struct CAPIModel: Sendable {
    public struct Handle: Hashable, Sendable {
        public var tag: Int
        /// References this handle owns (0: it borrows).
        public var owned: Int
    }

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The op names a handle the program does not have.
        case noHandle(Int)
        /// The op uses a handle whose object the model says is dead.
        case dangling(Int)
        /// The op does not apply (wrong container type, bad index, not owned, missing key).
        case invalid(String)

        public var description: String {
            switch self {
            case .noHandle(let h): "no handle h\(h)"
            case .dangling(let h): "h\(h) dangles: its object is dead"
            case .invalid(let why): why
            }
        }
    }

    public private(set) var model: OwnershipModel
    public private(set) var handles: [Int: Handle] = [:]
    /// The abstract value of every object, by tag (containers by kind).
    public private(set) var values: [Int: Value] = [:]
    /// Shared objects (cached ints, interned strings, singletons) by value: the same object every time.
    private var sharedTags: [Value: Int] = [:]
    public private(set) var objectCount = 0
    public private(set) var step = 0
    /// What the last op answered, when it answers a number the runner checks (PySequence_Contains: 0 or
    /// 1; PySequence_Index: the position, -1 when missing); nil for the other ops.
    public private(set) var answer: Int?

    public init() {
        model = OwnershipModel(semantics: PythonSemantics(scalar: { _ in .none }, elements: { _ in [] }))
        refreshSemantics()
    }

    /// Objects the interpreter shares: their counts include references from outside the program.
    public func isShared(_ tag: Int) -> Bool { model.immortal.contains(tag) }
    public func isAlive(_ tag: Int) -> Bool { model.isAlive(tag) }
    /// References the model says the object has (from handles and container slots).
    public func references(to tag: Int) -> Int { model.references(to: tag) }

    /// Objects the runtime makes immortal (3.12+: cached ints, singletons, interned strings...), as the
    /// runner probed them: their counts never move, whatever the program does.
    public private(set) var immortal: Set<Int> = []
    /// Records that the runtime says `tag` is immortal (a probe of the object, not a guess by version).
    public mutating func markImmortal(_ tag: Int) { immortal.insert(tag) }
    /// How far the object's count has moved since the program first saw it, as the model predicts:
    /// its known references (handles and container slots), or 0 for an immortal object.
    public func predictedCount(of tag: Int) -> Int { immortal.contains(tag) ? 0 : model.references(to: tag) }
    public func contents(of tag: Int) -> OwnershipModel.Container? { model.containers[tag] }

    mutating func refreshSemantics() {
        let values = self.values
        let containers = model.containers
        model.semantics = PythonSemantics(
            scalar: { tag in values[tag].map(ModelScalar.init) ?? .none },
            elements: { tag in containers[tag]?.elements ?? [] })
    }

    func live(_ h: Int) throws(Failure) -> Handle {
        guard let handle = handles[h] else { throw .noHandle(h) }
        guard model.isAlive(handle.tag) else { throw .dangling(h) }
        return handle
    }

    func container(_ h: Int, _ kind: ArgumentKind) throws(Failure) -> (Handle, [Int]) {
        try container(h, [kind])
    }

    func container(_ h: Int, _ kinds: Set<ArgumentKind>) throws(Failure) -> (Handle, [Int]) {
        let handle = try live(h)
        guard let c = model.containers[handle.tag], kinds.contains(c.kind) else {
            throw .invalid("h\(h) is not a \(kinds.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return (handle, c.elements)
    }

    mutating func setOwned(_ h: Int, _ owned: Int) {
        guard var handle = handles[h] else { return }
        model.owned[handle.tag, default: 0] += owned - handle.owned
        handle.owned = owned
        handles[h] = handle
    }

    /// A new handle to a new (or shared) object: it owns one reference.
    mutating func bind(_ h: Int, tag: Int) {
        handles[h] = Handle(tag: tag, owned: 0)
        setOwned(h, 1)
    }

    mutating func borrow(_ h: Int, tag: Int) {
        handles[h] = Handle(tag: tag, owned: 0)
    }

    /// Results go to new handle variables: overwriting one that owns a reference would leak it.
    func fresh(_ h: Int) throws(Failure) {
        if let old = handles[h], old.owned > 0 { throw .invalid("h\(h) already owns a reference") }
    }

    mutating func newObject(_ value: Value) -> Int {
        let shared: Bool
        switch value {
        case .smallInt, .internedString, .singleton: shared = true
        case .tuple(let items): shared = items.isEmpty // PyTuple_New(0) is the interpreter's empty tuple
        default: shared = false
        }
        if shared, let tag = sharedTags[value] { return tag }
        let tag = objectCount
        objectCount += 1
        values[tag] = value
        var container: OwnershipModel.Container?
        switch value {
        case .list: container = .init(kind: .list, elements: [])
        case .dict: container = .init(kind: .dict, elements: [])
        case .set: container = .init(kind: .set, elements: [])
        case .tuple: container = .init(kind: .tuple, elements: [])
        case .frozenset: container = .init(kind: .frozenset, elements: [])
        case .orderedDict: container = .init(kind: .ordereddict, elements: [])
        case .deque(_, let maxlen): container = .init(kind: .deque, elements: [], maxlen: maxlen)
        case .bytearray: container = .init(kind: .bytearray, elements: [])
        case .array: container = .init(kind: .array, elements: [])
        default: break
        }
        model.add(tag: tag, owned: 0, container: container, shared: shared)
        if shared { sharedTags[value] = tag }
        return tag
    }

    mutating func setContents(_ tag: Int, _ elements: [Int]) {
        model.containers[tag]?.elements = elements
        refreshSemantics()
    }

    /// Applies `op`; `chosen` is the member set.pop removed (Python's choice, observed by the runner).
    /// Returns the tags that die at this step.
    @discardableResult
    public mutating func apply(_ op: CAPIOp, chosen: Int? = nil) throws(Failure) -> [Int] {
        step += 1
        answer = nil
        var released: [Int] = []
        switch op {
        case .newList(let r):
            try fresh(r)
            bind(r, tag: newObject(.list([])))
        case .newDict(let r):
            try fresh(r)
            bind(r, tag: newObject(.dict([])))
        case .newSet(let r):
            try fresh(r)
            bind(r, tag: newObject(.set([])))
        case .newTuple(let r, let items):
            try fresh(r)
            var tags: [Int] = []
            for item in items {
                let handle = try live(item)
                guard handle.owned >= 1 else { throw .invalid("PyTuple_SetItem steals h\(item), which owns nothing") }
                tags.append(handle.tag)
            }
            // A non-empty tuple is a new object: the placeholder value only marks it as not shared.
            let tag = newObject(.tuple(items.isEmpty ? [] : [.singleton(.none)]))
            setContents(tag, tags)
            for item in items { setOwned(item, handles[item]!.owned - 1) }
            bind(r, tag: tag)
        case .newValue(let r, let value):
            try fresh(r)
            guard !value.isContainer, value.dataClass != .evil, value.dataClass != .mutator else {
                throw .invalid("newValue makes scalars and canaries")
            }
            bind(r, tag: newObject(value))
        case .listAppend(let l, let i):
            // The list takes a new reference; the handle keeps its own.
            released += try perform(.append(argument: 0, value: .singleton(.none)), on: l, .list, storing: [try live(i).tag])
        case .listInsert(let l, let at, let i):
            released += try perform(.insert(argument: 0, at: at, value: .singleton(.none)), on: l, .list, storing: [try live(i).tag])
        case .listSetItem(let l, let at, let i):
            let (_, e) = try container(l, .list)
            let item = try live(i)
            guard at >= 0 && at < e.count else { throw .invalid("PyList_SetItem index \(at) out of range") }
            guard item.owned >= 1 else { throw .invalid("PyList_SetItem steals h\(i), which owns nothing") }
            released += try perform(.setItem(argument: 0, at: at, value: .singleton(.none)), on: l, .list, storing: [item.tag])
            setOwned(i, item.owned - 1) // stolen: the list's slot is the handle's reference
        case .listGetItem(let r, let l, let at):
            try fresh(r)
            let (_, e) = try container(l, .list)
            guard at >= 0 && at < e.count else { throw .invalid("PyList_GetItem index \(at) out of range") }
            borrow(r, tag: e[at])
        case .listDelItem(let l, let at):
            let (_, e) = try container(l, .list)
            let index = at < 0 ? at + e.count : at
            guard index >= 0 && index < e.count else { throw .invalid("del index \(at) out of range") }
            released += try perform(.deleteItem(argument: 0, at: index), on: l, .list)
        case .listDelSlice(let l, let from, let to):
            released += try perform(.deleteSlice(argument: 0, from: from, to: to), on: l, [.list, .bytearray, .array])
        case .listClear(let l):
            released += try perform(.clear(argument: 0), on: l, .list)
        case .listPop(let r, let l, let at):
            try fresh(r)
            let (_, e) = try container(l, .list)
            let index = at < 0 ? at + e.count : at
            guard index >= 0 && index < e.count else { throw .invalid("pop index \(at) out of range") }
            let popped = e[index]
            released += try perform(.pop(argument: 0, at: index), on: l, .list)
            // The slot's reference moves to the new handle (it does not die).
            handles[r] = Handle(tag: popped, owned: 0)
            setOwned(r, 1)
        case .listSort(let l):
            released += try perform(.sort(argument: 0), on: l, .list)
        case .listReverse(let l):
            released += try perform(.reverse(argument: 0), on: l, .list)
        case .dictSetItem(let d, let k, let v):
            let key = try live(k), value = try live(v)
            guard isHashable(key.tag) else { throw .invalid("h\(k) is not hashable") }
            let (_, e) = try container(d, [.dict, .ordereddict])
            // On an OrderedDict, PyDict_SetItem of a new key would bypass its order list; replacing the
            // value of a key it has is what PyODict_SetItem does.
            if model.containers[try live(d).tag]!.kind == .ordereddict, try keySlot(e, key.tag) == nil {
                throw .invalid("PyDict_SetItem of a new key on an OrderedDict")
            }
            // The dict takes new references to both (a key it already has is kept, the old value goes).
            released += try perform(.dictSet(argument: 0, key: .singleton(.none), value: .singleton(.none)), on: d, [.dict, .ordereddict],
                                    storing: [key.tag, value.tag])
        case .dictGetItem(let r, let d, let k):
            try fresh(r)
            let (_, e) = try container(d, [.dict, .ordereddict]) // PyODict_GetItem is PyDict_GetItem
            let key = try live(k)
            guard let slot = try keySlot(e, key.tag) else {
                handles[r] = nil
                break
            }
            borrow(r, tag: e[slot + 1])
        case .dictDelItem(let d, let k):
            let (_, e) = try container(d, .dict)
            guard let slot = try keySlot(e, try live(k).tag) else { throw .invalid("del of a missing key") }
            released += try perform(.dictDelete(argument: 0, entry: slot / 2), on: d, .dict)
        case .dictClear(let d):
            released += try perform(.clear(argument: 0), on: d, .dict)
        case .dictPopItem(let r, let d):
            try fresh(r)
            let (_, e) = try container(d, .dict)
            guard e.count >= 2 else { throw .invalid("popitem of an empty dict") }
            // The last entry (LIFO) moves into a new tuple: the references move, no count changes.
            let pair = Array(e.suffix(2))
            _ = try perform(.dictPopItem(argument: 0), on: d, .dict)
            let tuple = newObject(.tuple([.singleton(.none)]))
            setContents(tuple, pair)
            bind(r, tag: tuple)
        case .dictNext(let kh, let vh, let d, let n):
            try fresh(kh)
            try fresh(vh)
            let (_, e) = try container(d, .dict)
            guard n >= 0 && 2 * n + 1 < e.count else { throw .invalid("PyDict_Next has no entry \(n)") }
            borrow(kh, tag: e[2 * n])
            borrow(vh, tag: e[2 * n + 1])
        case .tupleGetItem(let r, let t, let at):
            try fresh(r)
            let (_, e) = try container(t, .tuple)
            guard at >= 0 && at < e.count else { throw .invalid("PyTuple_GetItem index \(at) out of range") }
            borrow(r, tag: e[at])
        case .setAdd(let s, let i):
            let item = try live(i)
            guard isHashable(item.tag) else { throw .invalid("h\(i) is not hashable") }
            released += try perform(.setAdd(argument: 0, value: .singleton(.none)), on: s, .set, storing: [item.tag])
        case .setDiscard(let s, let i):
            let (_, e) = try container(s, .set)
            if let index = try memberIndex(e, try live(i).tag) {
                released += try perform(.setDiscard(argument: 0, member: index), on: s, .set, chosen: e[index])
            }
        case .setClear(let s):
            released += try perform(.clear(argument: 0), on: s, .set)
        case .setPop(let r, let s):
            try fresh(r)
            let (_, e) = try container(s, .set)
            guard !e.isEmpty else { throw .invalid("pop from an empty set") }
            let popped = chosen ?? e[0]
            guard e.contains(popped) else { throw .invalid("set.pop returned a non-member") }
            _ = try perform(.setPop(argument: 0), on: s, .set, chosen: popped)
            handles[r] = Handle(tag: popped, owned: 0)
            setOwned(r, 1)
        case .newDeque(let r, let maxlen):
            try fresh(r)
            if let maxlen, maxlen < 0 { throw .invalid("maxlen must be non-negative") }
            bind(r, tag: newObject(.deque([], maxlen: maxlen)))
        case .dequeAppend(let d, let i):
            released += try perform(.append(argument: 0, value: .singleton(.none)), on: d, .deque, storing: [try live(i).tag])
        case .dequeAppendLeft(let d, let i):
            released += try perform(.appendLeft(argument: 0, value: .singleton(.none)), on: d, .deque, storing: [try live(i).tag])
        case .dequePop(let r, let d), .dequePopLeft(let r, let d):
            try fresh(r)
            let (_, e) = try container(d, .deque)
            guard !e.isEmpty else { throw .invalid("pop from an empty deque") }
            let left: Bool = if case .dequePopLeft = op { true } else { false }
            _ = try perform(left ? .popLeft(argument: 0) : .pop(argument: 0, at: -1), on: d, .deque)
            takeOver(r, tag: left ? e.first! : e.last!) // the slot's reference moves to the handle
        case .dequeExtend(let d, let from):
            let (handle, _) = try container(d, .deque)
            let items = try iterated(from)
            if let kind = model.containers[try live(from).tag]?.kind, [.set, .frozenset].contains(kind), items.count > 1 {
                throw .invalid("a set's iteration order is Python's")
            }
            guard let (after, removed) = OwnershipModel.extending(model.containers[handle.tag]!, with: items, semantics: model.semantics) else {
                throw .invalid("extend: only Python knows its effect here")
            }
            setContents(handle.tag, after)
            released += removed
        case .dequeRotate(let d, let n):
            released += try perform(.rotate(argument: 0, by: n), on: d, .deque)
        case .dequeClear(let d):
            released += try perform(.clear(argument: 0), on: d, .deque)
        case .newFrozenSet(let r, let from):
            try fresh(r)
            var members: [Int] = []
            if let from {
                let items = try iterated(from)
                guard items.allSatisfy(isHashable) else { throw .invalid("an unhashable item") }
                guard let made = OwnershipModel.members(of: items, semantics: model.semantics) else {
                    throw .invalid("member equality unknown")
                }
                members = made
            }
            let tag = newObject(.frozenset([.singleton(.none)])) // a new object, even when empty
            setContents(tag, members)
            bind(r, tag: tag)
        case .newOrderedDict(let r):
            try fresh(r)
            bind(r, tag: newObject(.orderedDict([])))
        case .odictSetItem(let d, let k, let v):
            let key = try live(k), value = try live(v)
            guard isHashable(key.tag) else { throw .invalid("h\(k) is not hashable") }
            released += try perform(.dictSet(argument: 0, key: .singleton(.none), value: .singleton(.none)), on: d, .ordereddict,
                                    storing: [key.tag, value.tag])
        case .odictDelItem(let d, let k):
            let (_, e) = try container(d, .ordereddict)
            guard let slot = try keySlot(e, try live(k).tag) else { throw .invalid("del of a missing key") }
            released += try perform(.dictDelete(argument: 0, entry: slot / 2), on: d, .ordereddict)
        case .odictMoveToEnd(let d, let k, let last):
            let (_, e) = try container(d, .ordereddict)
            guard let slot = try keySlot(e, try live(k).tag) else { throw .invalid("move_to_end of a missing key") }
            released += try perform(.moveToEnd(argument: 0, entry: slot / 2, last: last), on: d, .ordereddict)
        case .odictPopItem(let r, let d, let last):
            try fresh(r)
            let (_, e) = try container(d, .ordereddict)
            guard e.count >= 2 else { throw .invalid("popitem of an empty OrderedDict") }
            // The first or last entry moves into a new tuple: it takes one reference to each, the
            // OrderedDict lets go of its two to the key and its one to the value.
            let pair = last ? Array(e.suffix(2)) : Array(e.prefix(2))
            let tuple = newObject(.tuple([.singleton(.none)]))
            setContents(tuple, pair)
            bind(r, tag: tuple)
            released += try perform(last ? .dictPopItem(argument: 0) : .popItemFirst(argument: 0), on: d, .ordereddict)
        case .odictClear(let d):
            released += try perform(.clear(argument: 0), on: d, .ordereddict)
        case .newBuffer(let r, let kind):
            try fresh(r)
            guard kind == .bytearray || kind == .array else { throw .invalid("a buffer is a bytearray or an array") }
            bind(r, tag: newObject(kind == .array ? .array(ArrayValue(typecode: .q)) : .bytearray([])))
        case .bufferAppend(let b, let i):
            let (handle, _) = try container(b, [.bytearray, .array])
            let item = try live(i)
            guard case .int(let n)? = values[item.tag].map(ModelScalar.init) else { throw .invalid("h\(i) is not an int") }
            if model.containers[handle.tag]!.kind == .bytearray && !(0...255).contains(n) { throw .invalid("a byte must be in range(0, 256)") }
            released += try perform(.append(argument: 0, value: .singleton(.none)), on: b, [.bytearray, .array], storing: [item.tag])
        case .seqGetItem(let r, let s, let at):
            try fresh(r)
            let (_, e) = try container(s, [.list, .tuple, .deque])
            guard let i = sequenceIndex(at, count: e.count) else { throw .invalid("PySequence_GetItem index \(at) out of range") }
            takeOver(r, tag: e[i])
        case .seqSetItem(let s, let at, let i):
            let (_, e) = try container(s, [.list, .deque])
            let item = try live(i)
            guard let index = sequenceIndex(at, count: e.count) else { throw .invalid("PySequence_SetItem index \(at) out of range") }
            released += try perform(.setItem(argument: 0, at: index, value: .singleton(.none)), on: s, [.list, .deque], storing: [item.tag])
        case .seqDelItem(let s, let at):
            let (_, e) = try container(s, [.list, .deque])
            guard let index = sequenceIndex(at, count: e.count) else { throw .invalid("PySequence_DelItem index \(at) out of range") }
            released += try perform(.deleteItem(argument: 0, at: index), on: s, [.list, .deque])
        case .dictContains(let d, let k):
            let (_, e) = try container(d, [.dict, .ordereddict])
            answer = try hashLookup(stride(from: 0, to: e.count, by: 2).map { e[$0] }, try live(k).tag) == nil ? 0 : 1
        case .seqContains(let s, let i) where [.set, .frozenset].contains(model.containers[handles[s]?.tag ?? -1]?.kind):
            // A set's membership is a hash lookup: an unhashable item raises.
            let (_, e) = try container(s, [.set, .frozenset])
            answer = try hashLookup(e, try live(i).tag) == nil ? 0 : 1
        case .seqContains(let s, let i), .seqIndex(let s, let i):
            let (_, e) = try container(s, [.list, .tuple, .deque])
            guard let found = OwnershipModel.firstIndex(of: try live(i).tag, in: e, semantics: model.semantics) else {
                throw .invalid("equality unknown")
            }
            if case .seqContains = op { answer = found >= 0 ? 1 : 0 } else { answer = found }
        case .seqConcat(let r, let a, let b), .seqInPlaceConcat(let r, let a, let b):
            try fresh(r)
            let kinds: Set<ArgumentKind> = [.list, .tuple, .deque, .bytearray, .array]
            let (first, _) = try container(a, kinds)
            let (second, _) = try container(b, kinds.union([.set, .frozenset, .dict, .ordereddict]))
            var other = model.containers[second.tag]!
            let inPlace: Bool = if case .seqInPlaceConcat = op { true } else { false }
            if [.set, .frozenset].contains(other.kind), other.elements.count > 1 { throw .invalid("a set's iteration order is Python's") }
            other.elements = try iterated(b) // a dict gives its keys
            guard let result = OwnershipModel.concatenation(model.containers[first.tag]!, other, inPlace: inPlace,
                                                            semantics: model.semantics) else {
                throw .invalid("Python raises here (or only Python knows)")
            }
            setContents(first.tag, result.first)
            released += result.removed
            switch result.result {
            case .operand(let n): takeOver(r, tag: n == 0 ? first.tag : second.tag)
            case .new(let container):
                let value: Value
                switch container.kind {
                case .list: value = .list([])
                case .deque: value = .deque([], maxlen: container.maxlen)
                case .bytearray: value = .bytearray([])
                case .array: value = .array(ArrayValue(typecode: .q))
                default: value = .tuple([.singleton(.none)]) // a non-empty tuple: a new object
                }
                let tag = newObject(value)
                setContents(tag, container.elements)
                bind(r, tag: tag)
            }
        case .incref(let x):
            let handle = try live(x)
            setOwned(x, handle.owned + 1)
        case .decref(let x):
            let handle = try live(x)
            guard handle.owned >= 1 else { throw .invalid("Py_DECREF of h\(x), which owns nothing") }
            setOwned(x, handle.owned - 1)
            released.append(handle.tag)
        case .use(let x, _):
            _ = try live(x)
        }
        refreshSemantics()
        return model.collect(candidates: released, at: step)
    }

    /// Scalars and canaries are hashable; a tuple is when all its items are, a frozenset always; lists,
    /// dicts, sets, deques and buffers are not.
    func isHashable(_ tag: Int) -> Bool {
        guard let container = model.containers[tag] else { return true }
        if container.kind == .frozenset { return true }
        return container.kind == .tuple && container.elements.allSatisfy(isHashable)
    }

    /// A new handle `r` owning a new reference to the existing object `tag` (a popped item, `l += x`).
    mutating func takeOver(_ r: Int, tag: Int) {
        handles[r] = Handle(tag: tag, owned: 0)
        setOwned(r, 1)
    }

    /// The elements an iterable handle hands out, in order: a list's, tuple's or deque's items, a set's
    /// or frozenset's members (in the model's order: only for what does not depend on it), a dict's keys.
    func iterated(_ h: Int) throws(Failure) -> [Int] {
        let (handle, e) = try container(h, [.list, .tuple, .deque, .set, .frozenset, .dict, .ordereddict])
        switch model.containers[handle.tag]!.kind {
        case .dict, .ordereddict: return stride(from: 0, to: e.count, by: 2).map { e[$0] }
        default: return e
        }
    }

    /// A sequence index as PySequence_* takes it: negative counts from the end; nil when out of range.
    func sequenceIndex(_ at: Int, count: Int) -> Int? {
        let i = at < 0 ? at + count : at
        return i >= 0 && i < count ? i : nil
    }

    /// Applies a container operation to the container handle `h` with the one step semantics of the
    /// ownership model (`OwnershipModel.effect`), the step's stored objects being `storing` (existing
    /// objects here, not values the step makes). Returns the slots it let go (to be released); what
    /// happens to the handles' own references is the caller's (a C-API function's contract).
    mutating func perform(_ step: MutationStep, on h: Int, _ kind: ArgumentKind, storing: [Int] = [], chosen: Int? = nil) throws(Failure) -> [Int] {
        try perform(step, on: h, [kind], storing: storing, chosen: chosen)
    }

    mutating func perform(_ step: MutationStep, on h: Int, _ kinds: Set<ArgumentKind>, storing: [Int] = [], chosen: Int? = nil) throws(Failure) -> [Int] {
        let (handle, _) = try container(h, kinds)
        guard let effect = OwnershipModel.effect(of: step, on: model.containers[handle.tag]!, created: storing, chosen: chosen,
                                                 semantics: model.semantics) else {
            throw .invalid("\(step.name): only Python knows its effect here (incomparable or unhashable items)")
        }
        setContents(handle.tag, effect.after)
        return effect.removed
    }

    func keySlot(_ entries: [Int], _ key: Int) throws(Failure) -> Int? {
        for k in stride(from: 0, to: entries.count, by: 2) {
            guard let same = model.semantics.equal(entries[k], key) else { throw .invalid("key equality unknown") }
            if same { return k }
        }
        return nil
    }

    /// The position of the key or member equal to `item` in a dict's keys or a set's members, nil when
    /// none is; throws when `item` is unhashable (Python raises) or equality is Python's to decide.
    func hashLookup(_ keys: [Int], _ item: Int) throws(Failure) -> Int? {
        guard isHashable(item) else { throw .invalid("object #\(item) is not hashable") }
        return try memberIndex(keys, item)
    }

    func memberIndex(_ members: [Int], _ item: Int) throws(Failure) -> Int? {
        for (i, m) in members.enumerated() {
            guard let same = model.semantics.equal(m, item) else { throw .invalid("member equality unknown") }
            if same { return i }
        }
        return nil
    }

    /// The handles whose objects are alive, with their tags.
    public var liveHandles: [Int: Handle] { handles.filter { model.isAlive($0.value.tag) } }
}
