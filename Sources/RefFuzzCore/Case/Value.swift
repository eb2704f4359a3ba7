/// An abstract value of a case: what object to make, not the object itself.
///
/// Scalars and containers are made anew for every occurrence; `canary`, `evil`, `mutator`, `iterator`,
/// `file` and `instance` name one object of the case by number, so the same one may sit in several
/// places; `alias` names the object of an argument, so one container can be two arguments at once
/// (`f(a, a)`), sit inside another argument, or inside itself; `selfObject` is a stateful target's object.
/// The data class of a value is what decides whether a reference-counting bug shows: a freed big int
/// is freed memory, a "freed" cached small int is still alive in the cache.
public indirect enum Value: Hashable, Sendable {
    /// An int from the runtime's small-int cache (the executor checks the cache at run time).
    case smallInt(Int)
    /// An int outside every small-int cache that fits 64 bits: big, negative, at the machine boundaries.
    /// A fresh object each time it is made.
    case bigInt(Int)
    /// An int past 64 bits, as decimal digits with an optional sign (`"-18446744073709551617"`).
    case hugeInt(String)
    case float(Double)
    /// A string the interpreter keeps alive anyway (an identifier it interned, the empty string, a
    /// one-character Latin-1 string).
    case internedString(String)
    /// A new, uninterned string object: two characters or more, or one past Latin-1.
    case freshString(String)
    case bytes([UInt8])
    case singleton(Singleton)
    /// Canary #n: a tracked object whose death is recorded and whose later use is seen.
    case canary(Int)
    /// Evil object #n: a tracked object whose dunders run generated mutations (`Case.evils[n]`).
    case evil(Int)
    /// Mutator #n: a callable that runs its next generated mutation program and returns None, or, for a
    /// `callable` argument, the value its plan says (`Case.mutators[n]`).
    case mutator(Int)
    /// Iterator #n: an iterator over generated values whose `__next__` may mutate or raise (`Case.iterators[n]`).
    case iterator(Int)
    /// File #n: a file-like object whose methods mutate, return generated values or raise (`Case.files[n]`).
    case file(Int)
    /// Instance #n of a subclass of a built-in type whose overridden methods mutate or raise (`Case.instances[n]`).
    case instance(Int)
    /// The object of argument n (`f(a, a)`, an argument inside another, a container inside itself).
    case alias(Int)
    /// The object a stateful target built (`t.update(t)`): only in its methods' arguments and steps.
    case selfObject
    case list([Value])
    case tuple([Value])
    case set([Value])
    case frozenset([Value])
    case dict([DictEntry])
    /// `collections.OrderedDict`.
    case orderedDict([DictEntry])
    /// `collections.deque`, with an optional `maxlen`.
    case deque([Value], maxlen: Int?)
    /// Storage that holds no object references.
    case bytearray([UInt8])
    case array(ArrayValue)

    /// The data class, as reports and masking name it.
    public var dataClass: DataClass {
        switch self {
        case .smallInt: .smallInt
        case .bigInt(let n): n < 0 ? .negativeInt : Self.machineBoundaries.contains(n) ? .boundaryInt : .bigInt
        case .hugeInt: .hugeInt
        case .float: .float
        case .internedString: .internedString
        case .freshString(let s): s.utf8.allSatisfy { $0 < 0x80 } ? .freshString : .nonASCIIString
        case .bytes: .bytes
        case .singleton: .singleton
        case .canary: .canary
        case .evil: .evil
        case .mutator: .mutator
        case .iterator: .iterator
        case .file: .file
        case .instance: .instance
        case .alias: .alias
        case .selfObject: .selfObject
        case .list, .tuple, .set, .frozenset, .dict, .orderedDict, .deque: .container
        case .bytearray, .array: .buffer
        }
    }

    /// Ints at the 32- and 64-bit edges that fit 64 bits (the others are `hugeInt`s).
    public static let machineBoundaries: Set<Int> = [
        Int(Int32.max), Int(Int32.max) + 1, Int(Int32.max) + 2, Int(UInt32.max), Int(UInt32.max) + 1, Int.max, Int.max - 1,
    ]

    /// The element values of a container, in order (a dict's keys and values interleaved). Buffers
    /// (bytearray, array) hold no objects.
    public var children: [Value] {
        switch self {
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items), .deque(let items, _): items
        case .dict(let entries), .orderedDict(let entries): entries.flatMap { [$0.key, $0.value] }
        default: []
        }
    }

    /// True for the values whose object holds references to other objects of the case.
    public var isContainer: Bool {
        switch self {
        case .list, .tuple, .set, .frozenset, .dict, .orderedDict, .deque: true
        default: false
        }
    }

    /// The container's kind, or nil for anything else.
    public var containerKind: ArgumentKind? {
        switch self {
        case .list: .list
        case .tuple: .tuple
        case .set: .set
        case .frozenset: .frozenset
        case .dict: .dict
        case .orderedDict: .ordereddict
        case .deque: .deque
        case .bytearray: .bytearray
        case .array: .array
        default: nil
        }
    }

    /// True for values that can be a dict key or a set member.
    public var isHashable: Bool {
        switch self {
        case .list, .set, .dict, .orderedDict, .deque, .bytearray, .array, .alias, .selfObject: false
        case .tuple(let items), .frozenset(let items): items.allSatisfy(\.isHashable)
        default: true
        }
    }

    /// The same container with other elements (a dict's entries from interleaved keys and values).
    public func withChildren(_ items: [Value]) -> Value {
        func entries() -> [DictEntry] { stride(from: 0, to: items.count - 1, by: 2).map { DictEntry(key: items[$0], value: items[$0 + 1]) } }
        switch self {
        case .list: return .list(items)
        case .tuple: return .tuple(items)
        case .set: return .set(items)
        case .frozenset: return .frozenset(items)
        case .deque(_, let maxlen): return .deque(items, maxlen: maxlen)
        case .dict: return .dict(entries())
        case .orderedDict: return .orderedDict(entries())
        default: return self
        }
    }
}

public struct DictEntry: Hashable, Sendable {
    public var key: Value
    public var value: Value
    public init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }
}

public enum Singleton: String, Hashable, Sendable, CaseIterable, Codable {
    case none = "None", `true` = "True", `false` = "False"
}

/// An `array.array`: a type code and machine numbers (integers for the integer codes, reals for f and d).
public struct ArrayValue: Hashable, Sendable {
    public var typecode: ArrayTypecode
    /// The items, as ints for integer codes (each within the code's range) or as reals for `f` and `d`.
    public var integers: [Int]
    public var reals: [Double]

    public init(typecode: ArrayTypecode, integers: [Int] = [], reals: [Double] = []) {
        self.typecode = typecode
        self.integers = typecode.isReal ? [] : integers
        self.reals = typecode.isReal ? reals : []
    }

    public var count: Int { typecode.isReal ? reals.count : integers.count }
}

public enum ArrayTypecode: String, Hashable, Sendable, CaseIterable, Codable {
    case b, B, h, H, i, I, l, L, q, Q, f, d

    public var isReal: Bool { self == .f || self == .d }

    /// The range of an integer code's items (`q`'s and `Q`'s kept within 64-bit signed ints).
    public var range: ClosedRange<Int> {
        switch self {
        case .b: -128...127
        case .B: 0...255
        case .h: -32768...32767
        case .H: 0...65535
        case .i, .l: Int(Int32.min)...Int(Int32.max)
        case .I, .L: 0...Int(UInt32.max)
        case .q: Int.min...Int.max
        case .Q: 0...Int.max
        case .f, .d: 0...0
        }
    }
}

/// The data classes of TARGETS.md.
public enum DataClass: String, Hashable, Sendable, CaseIterable, Codable {
    case smallInt = "small-int"
    case bigInt = "big-int"
    case negativeInt = "negative-int"
    case boundaryInt = "boundary-int"
    case hugeInt = "huge-int"
    case float
    case internedString = "interned-str"
    case freshString = "fresh-str"
    case nonASCIIString = "non-ascii-str"
    case bytes
    case singleton
    case canary
    case evil
    case mutator
    case iterator
    case file
    case instance
    case alias
    case selfObject = "self"
    case container
    case buffer
}
