extension Case {
    /// A place of the case that holds a value, with what may stand there: an argument (the kind its
    /// target spec gives it), an iterator's items (as one list), an instance's contents (what its base
    /// holds), a value a call returns (a plain one).
    struct ValueSlot {
        var value: Value
        var accepts: (Value) -> Bool
        var put: (inout Case, Value) -> Void
    }

    var valueSlots: [ValueSlot] {
        var slots: [ValueSlot] = []
        for a in arguments.indices {
            let kind = a < target.arguments.count ? target.arguments[a].kind : .any
            slots.append(ValueSlot(value: arguments[a].value, accepts: { kind.accepts($0) }, put: { $0.arguments[a].value = $1 }))
        }
        for n in iterators.indices {
            slots.append(ValueSlot(value: .list(iterators[n].items), accepts: { if case .list = $0 { true } else { false } },
                                   put: { $0.iterators[n].items = $1.children }))
        }
        for n in instances.indices {
            let base = instances[n].base
            slots.append(ValueSlot(value: instances[n].value, accepts: base.holds, put: { $0.instances[n].value = $1 }))
        }
        for behaviour in behaviours {
            for (k, result) in self[results: behaviour].enumerated() {
                guard case .value(let v) = result else { continue }
                slots.append(ValueSlot(value: v, accepts: \.isPlainResult, put: { $0[results: behaviour][k] = .value($1) }))
            }
        }
        return slots
    }

    /// The cases with each slot's value replaced by one of `variants` of it (those the slot accepts).
    func editingSlots(_ variants: (Value) -> [Value]) -> [Case] {
        var out: [Case] = []
        for slot in valueSlots {
            for variant in variants(slot.value) where slot.accepts(variant) {
                var copy = self
                slot.put(&copy, variant)
                out.append(copy)
            }
        }
        return out
    }

    /// Drops one element of a container (anywhere in the case's values), one dict entry, one iterator
    /// item; a long container loses halves first.
    func withoutElements() -> [Case] { editingSlots { $0.withOneElementFewer() } }

    /// Replaces one value by a simpler one (inside containers too). A slot keeps what it accepts.
    func withSimplerValues() -> [Case] { editingSlots { $0.simplerValues + $0.simplerInside() } }

    /// Every value of the case, for ranking: the arguments, iterator items, instance contents, the
    /// values calls return, the values steps store.
    var valuesForShrinking: [Value] {
        arguments.map(\.value) + iterators.flatMap(\.items) + instances.map(\.value) + behaviourValues
            + programs.flatMap { $0.steps.flatMap(\.values) }
    }
}

extension Value {
    /// Simpler values to try instead of this one, simplest first: simpler classes (None, a small int,
    /// an interned string, ...), then simpler values of its own class (the per-kind shrinkers).
    var simplerValues: [Value] {
        var out = simplerScalars
        switch self {
        case .smallInt, .bigInt, .hugeInt: out += simplerInts
        case .float: out += simplerFloats
        case .internedString, .freshString: out += simplerStrings
        case .bytes, .bytearray: out += simplerBytes
        case .deque(let items, _?): out.append(.deque(items, maxlen: nil))
        case .array(let a) where a.typecode != .i && !a.typecode.isReal && a.integers.allSatisfy(ArrayTypecode.i.range.contains):
            out.append(.array(ArrayValue(typecode: .i, integers: a.integers)))
        default: break
        }
        return out
    }

    /// Simpler scalars to try instead of this value, simplest first (None, a small int, an interned
    /// string, a big int, a fresh string, a canary), keeping only those simpler than the value itself.
    var simplerScalars: [Value] {
        let ladder: [Value] = [.singleton(.none), .smallInt(0), .internedString("append"), .bigInt(1_000_000),
                               .freshString("ab"), .canary(Value.freshCanary)]
        let own = rankForShrinking
        return ladder.filter { $0.rankForShrinking < own }
    }

    /// A canary number no generated case uses; `Case.normalized` renumbers it.
    static let freshCanary = 1_000_000

    var rankForShrinking: Int {
        switch self {
        case .singleton: 1
        case .smallInt: 2
        case .internedString: 3
        case .bigInt: 4
        case .float: 4
        case .hugeInt: 5
        case .freshString: 5
        case .bytes: 5
        case .canary: 6
        case .mutator, .iterator, .file: 6
        case .list, .tuple, .set, .frozenset, .dict, .orderedDict, .deque, .bytearray, .array: 7
        case .alias, .selfObject: 7
        case .evil, .instance: 8
        }
    }

    /// The rank of the value and everything in it (a bounded deque is one more).
    var totalRank: Int {
        var own = rankForShrinking
        if case .deque(_, _?) = self { own += 1 }
        return children.reduce(own) { $0 + $1.totalRank }
    }

    /// How far the value and everything in it are from the simplest of their classes: an int's
    /// magnitude, a float's kind, a string's length and characters, the length of bytes and buffers.
    var totalDetail: Int {
        var own: Int
        switch self {
        case .smallInt, .bigInt, .hugeInt: own = intCost
        case .float: own = floatCost
        case .internedString, .freshString: own = stringCost
        case .bytes, .bytearray: own = bytesCost
        case .array(let a): own = a.count + (a.typecode == .i ? 0 : 1)
        default: own = 0
        }
        return children.reduce(own) { $0 + $1.totalDetail }
    }

    /// The value with one element removed somewhere inside it (a dict entry, a buffer's item). A long
    /// container (more than 16 elements) loses a half or a quarter at once instead.
    func withOneElementFewer() -> [Value] {
        var out: [Value] = []
        switch self {
        case .dict(let entries), .orderedDict(let entries):
            for fewer in Self.fewer(entries) { out.append(withChildren(fewer.flatMap { [$0.key, $0.value] })) }
            for i in entries.indices.prefix(16) {
                for inner in entries[i].value.withOneElementFewer() {
                    var copy = entries
                    copy[i].value = inner
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
            }
        case .bytearray(let b) where !b.isEmpty:
            out += Self.fewer(b).map(Value.bytearray)
        case .bytes(let b) where !b.isEmpty:
            out += Self.fewer(b).map(Value.bytes)
        case .array(var a) where a.count > 0:
            if a.typecode.isReal { out += Self.fewer(a.reals).map { a.reals = $0; return .array(a) } }
            else { out += Self.fewer(a.integers).map { a.integers = $0; return .array(a) } }
        default:
            let items = children
            guard isContainer else { break }
            out += Self.fewer(items).map(withChildren)
            for i in items.indices.prefix(16) {
                for inner in items[i].withOneElementFewer() {
                    var copy = items
                    copy[i] = inner
                    out.append(withChildren(copy))
                }
            }
        }
        return out
    }

    /// `items` without one of them (from the end), or for more than 16, without a half or a quarter.
    static func fewer<T>(_ items: [T]) -> [[T]] {
        guard items.count > 16 else {
            return items.indices.reversed().map { i in
                var fewer = items
                fewer.remove(at: i)
                return fewer
            }
        }
        let half = items.count / 2, quarter = items.count / 4
        return [Array(items.prefix(half)), Array(items.suffix(items.count - half)),
                Array(items.prefix(items.count - quarter)), Array(items.dropFirst(quarter)), Array(items.dropLast())]
    }

    /// The value with one element inside it replaced by something simpler (the first 16 elements of a
    /// long container).
    func simplerInside() -> [Value] {
        var out: [Value] = []
        switch self {
        case .dict(let entries), .orderedDict(let entries):
            for i in entries.indices.prefix(16) {
                for r in entries[i].key.simplerValues where r.isHashable {
                    var copy = entries
                    copy[i].key = r
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
                for r in entries[i].value.simplerInside() + entries[i].value.simplerValues {
                    var copy = entries
                    copy[i].value = r
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
            }
        default:
            guard isContainer else { break }
            let items = children
            let hashable: Bool = { switch self { case .set, .frozenset: true; default: false } }()
            for i in items.indices.prefix(16) {
                for r in items[i].simplerInside() + items[i].simplerValues where !hashable || r.isHashable {
                    var copy = items
                    copy[i] = r
                    out.append(withChildren(copy))
                }
            }
        }
        return out
    }
}
