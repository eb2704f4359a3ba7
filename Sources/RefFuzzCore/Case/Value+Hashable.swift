// A case is plain data, and equal cases are the same program: so floats compare by their bits (nan
// is nan, -0.0 is not 0.0: each is a data class of its own) and strings by their Unicode scalars
// (Python's 'é' and 'e\u0301' are two strings, which Swift's `==` would call one). The shrinker's
// set of tried candidates, masking's "nothing changed" and determinism checks all rely on it.
extension Value {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case let (.smallInt(x), .smallInt(y)), let (.bigInt(x), .bigInt(y)): return x == y
        case let (.hugeInt(x), .hugeInt(y)): return x == y
        case let (.float(x), .float(y)): return x.bitPattern == y.bitPattern
        case let (.internedString(x), .internedString(y)), let (.freshString(x), .freshString(y)):
            return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.bytes(x), .bytes(y)), let (.bytearray(x), .bytearray(y)): return x == y
        case let (.singleton(x), .singleton(y)): return x == y
        case let (.canary(x), .canary(y)), let (.evil(x), .evil(y)), let (.mutator(x), .mutator(y)), let (.iterator(x), .iterator(y)),
             let (.file(x), .file(y)), let (.instance(x), .instance(y)), let (.alias(x), .alias(y)):
            return x == y
        case let (.list(x), .list(y)), let (.tuple(x), .tuple(y)), let (.set(x), .set(y)), let (.frozenset(x), .frozenset(y)):
            return x == y
        case let (.dict(x), .dict(y)), let (.orderedDict(x), .orderedDict(y)): return x == y
        case let (.deque(x, m), .deque(y, n)): return m == n && x == y
        case let (.array(x), .array(y)): return x == y
        case (.selfObject, .selfObject): return true
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .smallInt(let n): h.combine(0); h.combine(n)
        case .bigInt(let n): h.combine(1); h.combine(n)
        case .hugeInt(let d): h.combine(2); h.combine(d)
        case .float(let x): h.combine(3); h.combine(x.bitPattern)
        case .internedString(let s): h.combine(4); for c in s.unicodeScalars { h.combine(c.value) }
        case .freshString(let s): h.combine(5); for c in s.unicodeScalars { h.combine(c.value) }
        case .bytes(let b): h.combine(6); h.combine(b)
        case .singleton(let s): h.combine(7); h.combine(s)
        case .canary(let n): h.combine(8); h.combine(n)
        case .evil(let n): h.combine(9); h.combine(n)
        case .mutator(let n): h.combine(10); h.combine(n)
        case .iterator(let n): h.combine(11); h.combine(n)
        case .file(let n): h.combine(12); h.combine(n)
        case .instance(let n): h.combine(13); h.combine(n)
        case .alias(let n): h.combine(14); h.combine(n)
        case .list(let items): h.combine(15); h.combine(items)
        case .tuple(let items): h.combine(16); h.combine(items)
        case .set(let items): h.combine(17); h.combine(items)
        case .frozenset(let items): h.combine(18); h.combine(items)
        case .dict(let entries): h.combine(19); h.combine(entries)
        case .orderedDict(let entries): h.combine(20); h.combine(entries)
        case .deque(let items, let maxlen): h.combine(21); h.combine(items); h.combine(maxlen)
        case .bytearray(let b): h.combine(22); h.combine(b)
        case .array(let a): h.combine(23); h.combine(a)
        case .selfObject: h.combine(24)
        }
    }
}

extension ArrayValue {
    public static func == (a: ArrayValue, b: ArrayValue) -> Bool {
        a.typecode == b.typecode && a.integers == b.integers && a.reals.map(\.bitPattern) == b.reals.map(\.bitPattern)
    }

    public func hash(into h: inout Hasher) {
        h.combine(typecode)
        h.combine(integers)
        for x in reals { h.combine(x.bitPattern) }
    }
}
