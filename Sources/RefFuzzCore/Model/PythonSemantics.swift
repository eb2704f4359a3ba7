/// What the model knows of Python's equality and ordering for the values a case can make: enough to
/// predict which dict key a `d[k] = v` replaces, whether `s.add(v)` adds, and how `list.sort()` orders.
public enum ModelScalar: Hashable, Sendable {
    case int(Int)
    case bool(Bool)
    case string(String)
    case none
    /// A canary, evil object or mutator: equal only to itself; canaries and evil objects order by
    /// `order` (the C runtime's kind * 1_000_000 + number), mutators do not order.
    case tracked(order: Int, orderable: Bool)
    /// A container: lists, dicts and sets are not hashable; tuples compare element-wise.
    case container(ArgumentKind)

    public init(_ value: Value) {
        switch value {
        case .smallInt(let n), .bigInt(let n): self = .int(n)
        case .internedString(let s), .freshString(let s): self = .string(s)
        case .singleton(.none): self = .none
        case .singleton(.true): self = .bool(true)
        case .singleton(.false): self = .bool(false)
        case .canary(let n): self = .tracked(order: n, orderable: true)
        case .evil(let n): self = .tracked(order: 1_000_000 + n, orderable: true)
        case .mutator(let n): self = .tracked(order: 2_000_000 + n, orderable: false)
        case .list: self = .container(.list)
        case .tuple: self = .container(.tuple)
        case .set: self = .container(.set)
        case .dict: self = .container(.dict)
        }
    }

    /// The numeric value of an int or bool (True == 1).
    var number: Int? {
        switch self {
        case .int(let n): n
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}

/// Equality and ordering between the objects of a model, by tag.
public struct PythonSemantics: Sendable {
    /// `scalar(tag)` and, for tuples, `elements(tag)` describe the objects.
    public var scalar: @Sendable (Int) -> ModelScalar
    public var elements: @Sendable (Int) -> [Int]

    public init(scalar: @escaping @Sendable (Int) -> ModelScalar, elements: @escaping @Sendable (Int) -> [Int]) {
        self.scalar = scalar
        self.elements = elements
    }

    /// `a == b` as a dict or set lookup decides it (identity first, then value); nil when the model
    /// cannot tell (an object that is not the case's: a negative tag).
    public func equal(_ a: Int, _ b: Int) -> Bool? {
        if a < 0 || b < 0 { return nil }
        if a == b { return true }
        let x = scalar(a), y = scalar(b)
        switch (x, y) {
        case (.tracked, _), (_, .tracked): return false
        case (.none, .none): return true // one object, whatever tags its occurrences got
        case (.none, _), (_, .none): return false
        case (.string(let s), .string(let t)): return s == t
        case (.string, _), (_, .string): return false
        case (.container(.tuple), .container(.tuple)):
            let l = elements(a), r = elements(b)
            guard l.count == r.count else { return false }
            for (p, q) in zip(l, r) {
                guard let same = equal(p, q) else { return nil }
                if !same { return false }
            }
            return true
        case (.container, _), (_, .container): return false
        default:
            guard let m = x.number, let n = y.number else { return nil }
            return m == n
        }
    }

    /// `a < b` as list.sort() asks it, or nil when Python would raise TypeError.
    public func less(_ a: Int, _ b: Int) -> Bool? {
        if a < 0 || b < 0 { return nil }
        let x = scalar(a), y = scalar(b)
        switch (x, y) {
        case (.string(let s), .string(let t)): return Array(s.unicodeScalars.map(\.value)).lexicographicallyPrecedes(t.unicodeScalars.map(\.value))
        case (.tracked(let o, true), .tracked(let p, true)): return o < p
        default:
            guard let m = x.number, let n = y.number else { return nil }
            return m < n
        }
    }

    /// A stable sort of `tags` (list.sort() is stable), or nil when some pair does not compare.
    public func sorted(_ tags: [Int]) -> [Int]? {
        var failed = false
        let order = tags.indices.sorted { i, j in
            guard !failed else { return i < j }
            guard let ij = less(tags[i], tags[j]), let ji = less(tags[j], tags[i]) else {
                failed = true
                return i < j
            }
            if ij != ji { return ij }
            return i < j
        }
        if failed { return nil }
        // A single element is never compared.
        return order.map { tags[$0] }
    }
}
