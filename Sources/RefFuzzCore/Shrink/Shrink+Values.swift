extension Case {
    /// Drops one element of a container (anywhere in the arguments), or one dict entry.
    func withoutElements() -> [Case] {
        var out: [Case] = []
        for a in arguments.indices {
            for variant in arguments[a].value.withOneElementFewer() {
                var copy = self
                copy.arguments[a].value = variant
                out.append(copy)
            }
        }
        return out
    }

    /// Replaces one value by a simpler one. An argument keeps the kind its target spec gives it.
    func withSimplerValues() -> [Case] {
        var out: [Case] = []
        for a in arguments.indices {
            let kind = a < target.arguments.count ? target.arguments[a].kind : .any
            var variants = arguments[a].value.simplerInside()
            if kind == .any || kind == .int || kind == .str {
                variants = arguments[a].value.simplerScalars.filter { kind.accepts($0) } + variants
            }
            for variant in variants {
                var copy = self
                copy.arguments[a].value = variant
                out.append(copy)
            }
        }
        return out
    }
}

extension Value {
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

    /// The value with one element removed somewhere inside it (a dict entry, a buffer's item).
    func withOneElementFewer() -> [Value] {
        var out: [Value] = []
        switch self {
        case .dict(let entries), .orderedDict(let entries):
            for i in entries.indices.reversed() {
                var fewer = entries
                fewer.remove(at: i)
                out.append(withChildren(fewer.flatMap { [$0.key, $0.value] }))
            }
            for i in entries.indices {
                for inner in entries[i].value.withOneElementFewer() {
                    var copy = entries
                    copy[i].value = inner
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
            }
        case .bytearray(let b) where !b.isEmpty:
            out.append(.bytearray(Array(b.dropLast())))
        case .bytes(let b) where b.count > 0:
            out.append(.bytes(Array(b.dropLast())))
        case .array(var a) where a.count > 0:
            if a.typecode.isReal { a.reals.removeLast() } else { a.integers.removeLast() }
            out.append(.array(a))
        default:
            let items = children
            guard isContainer else { break }
            for i in items.indices.reversed() {
                var fewer = items
                fewer.remove(at: i)
                out.append(withChildren(fewer))
            }
            for i in items.indices {
                for inner in items[i].withOneElementFewer() {
                    var copy = items
                    copy[i] = inner
                    out.append(withChildren(copy))
                }
            }
        }
        return out
    }

    /// The value with one element inside it replaced by something simpler.
    func simplerInside() -> [Value] {
        var out: [Value] = []
        switch self {
        case .dict(let entries), .orderedDict(let entries):
            for i in entries.indices {
                for r in entries[i].key.simplerScalars {
                    var copy = entries
                    copy[i].key = r
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
                var replacements = entries[i].value.simplerScalars
                if entries[i].value.isContainer { replacements.insert(contentsOf: entries[i].value.simplerInside(), at: 0) }
                for r in replacements {
                    var copy = entries
                    copy[i].value = r
                    out.append(withChildren(copy.flatMap { [$0.key, $0.value] }))
                }
            }
        default:
            guard isContainer else { break }
            let items = children
            let hashable: Bool = { switch self { case .set, .frozenset: true; default: false } }()
            for i in items.indices {
                var replacements = items[i].simplerScalars
                if items[i].isContainer { replacements.insert(contentsOf: items[i].simplerInside(), at: 0) }
                for r in replacements where !hashable || r.isHashable {
                    var copy = items
                    copy[i] = r
                    out.append(withChildren(copy))
                }
            }
        }
        return out
    }
}
