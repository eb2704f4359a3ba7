/// One mutation the harness performs on a container argument of the call, when a mutator is called
/// or an evil object's dunder runs. `argument` indexes `Case.arguments`; a step whose argument is not a
/// container of the right type when it runs is skipped (and the log says so).
///
/// Positions are taken modulo the container's length when the step runs (negative counts from the end),
/// so every step stays meaningful whatever the target did to the container meanwhile.
public enum MutationStep: Hashable, Sendable {
    // list
    case append(argument: Int, value: Value)
    case insert(argument: Int, at: Int, value: Value)
    case setItem(argument: Int, at: Int, value: Value)
    case deleteItem(argument: Int, at: Int)
    case pop(argument: Int, at: Int)
    case deleteSlice(argument: Int, from: Int, to: Int)
    case sort(argument: Int)
    case reverse(argument: Int)
    // list, dict or set: empties it
    case clear(argument: Int)
    // dict
    case dictSet(argument: Int, key: Value, value: Value)
    /// Deletes the n-th key in iteration order.
    case dictDelete(argument: Int, entry: Int)
    case dictPopItem(argument: Int)
    // set
    case setAdd(argument: Int, value: Value)
    /// Discards the n-th member in iteration order.
    case setDiscard(argument: Int, member: Int)
    case setPop(argument: Int)

    public var argument: Int {
        switch self {
        case .append(let a, _), .insert(let a, _, _), .setItem(let a, _, _), .deleteItem(let a, _), .pop(let a, _),
             .deleteSlice(let a, _, _), .sort(let a), .reverse(let a), .clear(let a), .dictSet(let a, _, _),
             .dictDelete(let a, _), .dictPopItem(let a), .setAdd(let a, _), .setDiscard(let a, _), .setPop(let a):
            a
        }
    }

    /// The values this step makes (new objects, created when the step runs).
    public var values: [Value] {
        switch self {
        case .append(_, let v), .insert(_, _, let v), .setItem(_, _, let v), .setAdd(_, let v): [v]
        case .dictSet(_, let k, let v): [k, v]
        default: []
        }
    }

    /// The same step with each value it stores replaced by `transform` of it.
    public func mappingValues(_ transform: (Value) -> Value) -> MutationStep {
        switch self {
        case .append(let a, let v): .append(argument: a, value: transform(v))
        case .insert(let a, let i, let v): .insert(argument: a, at: i, value: transform(v))
        case .setItem(let a, let i, let v): .setItem(argument: a, at: i, value: transform(v))
        case .dictSet(let a, let k, let v): .dictSet(argument: a, key: transform(k), value: transform(v))
        case .setAdd(let a, let v): .setAdd(argument: a, value: transform(v))
        default: self
        }
    }

    /// The operation's name in case files and stories.
    public var name: String {
        switch self {
        case .append: "append"
        case .insert: "insert"
        case .setItem: "setitem"
        case .deleteItem: "delitem"
        case .pop: "pop"
        case .deleteSlice: "delslice"
        case .sort: "sort"
        case .reverse: "reverse"
        case .clear: "clear"
        case .dictSet: "dict-set"
        case .dictDelete: "dict-del"
        case .dictPopItem: "dict-popitem"
        case .setAdd: "set-add"
        case .setDiscard: "set-discard"
        case .setPop: "set-pop"
        }
    }

    /// The container type this step applies to (`nil`: list, dict or set).
    public var containerKind: ArgumentKind? {
        switch self {
        case .append, .insert, .setItem, .deleteItem, .pop, .deleteSlice, .sort, .reverse: .list
        case .dictSet, .dictDelete, .dictPopItem: .dict
        case .setAdd, .setDiscard, .setPop: .set
        case .clear: nil
        }
    }

    /// Python-like source text: `arg0.pop(-1)`, `del arg1[k#0]`.
    public var text: String {
        let c = "arg\(argument)"
        switch self {
        case .append(_, let v): return "\(c).append(\(v.text))"
        case .insert(_, let i, let v): return "\(c).insert(\(i), \(v.text))"
        case .setItem(_, let i, let v): return "\(c)[\(i)] = \(v.text)"
        case .deleteItem(_, let i): return "del \(c)[\(i)]"
        case .pop(_, let i): return "\(c).pop(\(i))"
        case .deleteSlice(_, let from, let to): return "del \(c)[\(from):\(to)]"
        case .sort: return "\(c).sort()"
        case .reverse: return "\(c).reverse()"
        case .clear: return "\(c).clear()"
        case .dictSet(_, let k, let v): return "\(c)[\(k.text)] = \(v.text)"
        case .dictDelete(_, let n): return "del \(c)[<key #\(n)>]"
        case .dictPopItem: return "\(c).popitem()"
        case .setAdd(_, let v): return "\(c).add(\(v.text))"
        case .setDiscard(_, let n): return "\(c).discard(<member #\(n)>)"
        case .setPop: return "\(c).pop()"
        }
    }
}

/// A mutator's behaviour: call k runs `calls[k]` (calls past the end do nothing).
public struct MutatorProgram: Hashable, Sendable {
    public var calls: [[MutationStep]]
    public init(calls: [[MutationStep]] = []) { self.calls = calls }
}

/// The dunders of an evil object that can run a program.
public enum Dunder: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case eq, lt, hash, index, repr, del

    /// The slot number shared with the C runtime (rf_dunder).
    public var slot: Int32 {
        switch self {
        case .eq: 0
        case .lt: 1
        case .hash: 2
        case .index: 3
        case .repr: 4
        case .del: 5
        }
    }

    public var pythonName: String {
        switch self {
        case .eq: "__eq__"
        case .lt: "__lt__"
        case .hash: "__hash__"
        case .index: "__index__"
        case .repr: "__repr__"
        case .del: "__del__"
        }
    }

    public static func < (a: Dunder, b: Dunder) -> Bool { a.slot < b.slot }
}

/// An evil object's behaviour: the k-th call of a dunder runs `programs[dunder][k]`.
public struct EvilSpec: Hashable, Sendable {
    /// Every constant-hash evil object hashes alike (and like the int 7), so they collide as keys.
    public var constantHash: Bool
    public var programs: [Dunder: [[MutationStep]]]

    public init(constantHash: Bool = false, programs: [Dunder: [[MutationStep]]] = [:]) {
        self.constantHash = constantHash
        self.programs = programs
    }
}
