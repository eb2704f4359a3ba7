/// What the model knows of Python's equality and ordering for the values a case can make: enough to
/// predict which dict key a `d[k] = v` replaces, whether `s.add(v)` adds, and how `list.sort()` orders.
public enum ModelScalar: Hashable, Sendable {
    case int(Int)
    /// An int past 64 bits, as canonical decimal digits (equal ints have equal digits).
    case hugeInt(String)
    case float(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    case none
    /// A canary, evil object or harness callable: equal only to itself; canaries and evil objects order
    /// by `order` (the C runtime's kind * 1_000_000 + number), the others do not order.
    case tracked(order: Int, orderable: Bool)
    /// A container: lists, dicts and sets are not hashable; tuples compare element-wise.
    case container(ArgumentKind)
    /// Something whose equality Python code decides (an instance of a subclass with its own `__eq__`).
    case opaque

    public init(_ value: Value) {
        switch value {
        case .smallInt(let n), .bigInt(let n): self = .int(n)
        case .hugeInt(let digits): self = Int(digits).map { .int($0) } ?? .hugeInt(ModelScalar.canonical(digits))
        case .float(let x): self = .float(x)
        case .internedString(let s), .freshString(let s): self = .string(s)
        case .bytes(let b): self = .bytes(b)
        case .singleton(.none): self = .none
        case .singleton(.true): self = .bool(true)
        case .singleton(.false): self = .bool(false)
        case .canary(let n): self = .tracked(order: n, orderable: true)
        case .evil(let n): self = .tracked(order: 1_000_000 + n, orderable: true)
        case .mutator(let n): self = .tracked(order: 2_000_000 + n, orderable: false)
        case .iterator(let n): self = .tracked(order: 3_000_000 + n, orderable: false)
        case .file(let n): self = .tracked(order: 4_000_000 + n, orderable: false)
        case .instance, .alias, .selfObject: self = .opaque
        case .list: self = .container(.list)
        case .tuple: self = .container(.tuple)
        case .set: self = .container(.set)
        case .frozenset: self = .container(.frozenset)
        case .dict: self = .container(.dict)
        case .orderedDict: self = .container(.ordereddict)
        case .deque: self = .container(.deque)
        case .bytearray: self = .container(.bytearray)
        case .array: self = .container(.array)
        }
    }

    /// Digits without a plus sign or leading zeros (`-0` is `0`).
    static func canonical(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = (negative || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)).drop { $0 == "0" }
        return body.isEmpty ? "0" : (negative ? "-" : "") + body
    }

    /// The numeric value of an int or bool (True == 1).
    var number: Int? {
        switch self {
        case .int(let n): n
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    var isNumeric: Bool {
        switch self {
        case .int, .hugeInt, .float, .bool: true
        default: false
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
    /// cannot tell (an object that is not the case's: a negative tag; one whose `__eq__` is Python code).
    public func equal(_ a: Int, _ b: Int) -> Bool? {
        if a < 0 || b < 0 { return nil }
        if a == b { return true }
        let x = scalar(a), y = scalar(b)
        switch (x, y) {
        case (.opaque, _), (_, .opaque): return nil
        case (.tracked, _), (_, .tracked): return false
        case (.none, .none): return true // one object, whatever tags its occurrences got
        case (.none, _), (_, .none): return false
        case (.string(let s), .string(let t)): return Array(s.unicodeScalars) == Array(t.unicodeScalars)
        case (.string, _), (_, .string): return false
        case (.bytes(let p), .bytes(let q)): return p == q
        case (.bytes, _), (_, .bytes): return false
        case (.container(.tuple), .container(.tuple)):
            let l = elements(a), r = elements(b)
            guard l.count == r.count else { return false }
            for (p, q) in zip(l, r) {
                guard let same = equal(p, q) else { return nil }
                if !same { return false }
            }
            return true
        case (.container(.frozenset), .container(.frozenset)): return nil
        case (.container, _), (_, .container): return false
        default:
            return Self.numericEqual(x, y)
        }
    }

    /// 1 == 1.0 == True, as Python compares numbers exactly.
    static func numericEqual(_ x: ModelScalar, _ y: ModelScalar) -> Bool? {
        switch (x, y) {
        case (.hugeInt(let p), .hugeInt(let q)): return p == q
        case (.hugeInt, .int), (.int, .hugeInt), (.hugeInt, .bool), (.bool, .hugeInt): return false
        case (.float(let f), .float(let g)): return f == g
        case (.float(let f), .hugeInt), (.hugeInt, .float(let f)):
            // Only an integral float past 2**63 could be equal: exactness is Python's to decide.
            return f.isFinite && f == f.rounded() && abs(f) >= 9.2e18 ? nil : false
        case (.float(let f), _): return y.number.map { Double(exactly: $0).map { $0 == f } ?? false }
        case (_, .float(let g)): return x.number.map { Double(exactly: $0).map { $0 == g } ?? false }
        default:
            guard let m = x.number, let n = y.number else { return nil }
            return m == n
        }
    }

    /// `a < b` as list.sort() asks it, or nil when Python would raise TypeError (or only Python knows).
    public func less(_ a: Int, _ b: Int) -> Bool? {
        if a < 0 || b < 0 { return nil }
        let x = scalar(a), y = scalar(b)
        switch (x, y) {
        case (.string(let s), .string(let t)): return Array(s.unicodeScalars.map(\.value)).lexicographicallyPrecedes(t.unicodeScalars.map(\.value))
        case (.bytes(let p), .bytes(let q)): return p.lexicographicallyPrecedes(q)
        case (.tracked(let o, true), .tracked(let p, true)): return o < p
        case (.float(let f), .float(let g)): return f.isNaN || g.isNaN ? false : f < g
        case (.hugeInt, _), (_, .hugeInt): return nil
        case (.float(let f), _): return y.number.map { Double($0) }.map { f.isNaN ? false : f < $0 }
        case (_, .float(let g)): return x.number.map { Double($0) }.map { g.isNaN ? false : $0 < g }
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
