/// An abstract value of a case: what object to make, not the object itself.
///
/// Scalars and containers are made anew for every occurrence; `canary`, `evil` and `mutator` name one
/// object of the case by number, so the same canary may sit in several containers (aliasing).
/// The data class of a value is what decides whether a reference-counting bug shows: a freed big int
/// is freed memory, a "freed" cached small int is still alive in the cache.
public indirect enum Value: Hashable, Sendable {
    /// An int from the runtime's small-int cache (the executor checks the cache at run time).
    case smallInt(Int)
    /// An int outside every small-int cache: a fresh object each time it is made.
    case bigInt(Int)
    /// A string the interpreter keeps alive anyway (an identifier it interned).
    case internedString(String)
    /// A new, uninterned string object (two characters or more, so it is not a cached 1-char string).
    case freshString(String)
    case singleton(Singleton)
    /// Canary #n: a tracked object whose death is recorded and whose later use is seen.
    case canary(Int)
    /// Evil object #n: a tracked object whose dunders run generated mutations (`Case.evils[n]`).
    case evil(Int)
    /// Mutator #n: a callable that runs its next generated mutation program (`Case.mutators[n]`).
    case mutator(Int)
    case list([Value])
    case tuple([Value])
    case set([Value])
    case dict([DictEntry])

    /// The data class, as reports and masking name it.
    public var dataClass: DataClass {
        switch self {
        case .smallInt: .smallInt
        case .bigInt: .bigInt
        case .internedString: .internedString
        case .freshString: .freshString
        case .singleton: .singleton
        case .canary: .canary
        case .evil: .evil
        case .mutator: .mutator
        case .list, .tuple, .set, .dict: .container
        }
    }

    /// The element values of a container, in order (a dict's keys and values interleaved).
    public var children: [Value] {
        switch self {
        case .list(let items), .tuple(let items), .set(let items): items
        case .dict(let entries): entries.flatMap { [$0.key, $0.value] }
        default: []
        }
    }

    public var isContainer: Bool { dataClass == .container }

    /// True for values that can be a dict key or a set member.
    public var isHashable: Bool {
        switch self {
        case .list, .set, .dict: false
        case .tuple(let items): items.allSatisfy(\.isHashable)
        default: true
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

/// The data classes of TARGETS.md.
public enum DataClass: String, Hashable, Sendable, CaseIterable, Codable {
    case smallInt = "small-int"
    case bigInt = "big-int"
    case internedString = "interned-str"
    case freshString = "fresh-str"
    case singleton
    case canary
    case evil
    case mutator
    case container
}
