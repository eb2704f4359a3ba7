/// The kinds a probe tries for a parameter, and which one a spec gets from those it accepted.
public enum KindChoice {
    /// One sample of each, in this order (`callable` has the same sample as `mutator`; `any` is what a
    /// parameter gets when it accepts them all). Methods also try `self`, an instance of their type.
    public static let candidates: [ArgumentKind] = [.list, .dict, .tuple, .set, .frozenset, .deque, .ordereddict,
                                                    .bytearray, .array, .int, .float, .str, .bytes, .iterator, .file, .mutator]

    /// The most specific first: the object's own type, then containers that hold objects (the mutable ones
    /// first), text and bytes, buffers, numbers (a parameter that takes ints and floats is a float one:
    /// an int parameter refuses floats), iterators, files, callables.
    static let rank: [ArgumentKind] = [.self, .list, .dict, .set, .deque, .ordereddict, .tuple, .frozenset, .str,
                                       .bytes, .bytearray, .array, .float, .int, .iterator, .file, .mutator]

    /// Groups of kinds: a parameter that takes kinds of two of them (a list and an int, say) takes `any`.
    static let families: [Set<ArgumentKind>] = [
        [.list, .dict, .tuple, .set, .frozenset, .deque, .ordereddict],
        [.int, .float],
        [.str, .bytes, .bytearray, .array],
    ]

    /// The kind for a parameter that accepted `accepted` of the kinds `tried`: `any` when it took them
    /// all or kinds of two families, else the most specific one (`mutator` when it took only callables);
    /// nil when it took none.
    public static func choose(accepted: Set<ArgumentKind>, tried: [ArgumentKind]) -> ArgumentKind? {
        guard !accepted.isEmpty else { return nil }
        if Set(tried).isSubset(of: accepted) { return .any }
        if families.filter({ !$0.isDisjoint(with: accepted) }).count >= 2 { return .any }
        return best(accepted)
    }

    /// The first of `kinds` by rank.
    public static func best(_ kinds: Set<ArgumentKind>) -> ArgumentKind? {
        rank.first { kinds.contains($0) } ?? kinds.sorted { $0.rawValue < $1.rawValue }.first
    }

    /// The names a value's type may be spelled by in a message (`int`; `collections.deque`, `deque`;
    /// `None`, `NoneType`); `selfTypes` are the names of the type whose instances `self` samples are.
    public static func typeNames(of value: ProbeValue, selfTypes: [String]) -> Set<String> {
        switch value {
        case .none: return ["NoneType", "None"]
        case .sample(let kind):
            switch kind {
            case .deque: return ["collections.deque", "deque"]
            case .ordereddict: return ["collections.OrderedDict", "OrderedDict"]
            case .array: return ["array.array", "array"]
            case .iterator: return ["list_iterator"]
            case .file: return ["_io.StringIO", "StringIO"]
            case .mutator, .callable: return ["function"]
            case .self: return Set(selfTypes)
            case .any: return []
            default: return [kind.rawValue]
            }
        }
    }
}
