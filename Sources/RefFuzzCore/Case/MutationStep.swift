/// One mutation the harness performs on a container argument of the call, when a mutator is called
/// or an evil object's dunder runs. `argument` indexes `Case.arguments`; a step whose argument is not a
/// container of the right type when it runs is skipped (and the log says so).
///
/// Positions are taken modulo the container's length when the step runs (negative counts from the end),
/// so every step stays meaningful whatever the target did to the container meanwhile.
public enum MutationStep: Hashable, Sendable {
    // list (and, where Python has them, deque and bytearray)
    case append(argument: Int, value: Value)
    case insert(argument: Int, at: Int, value: Value)
    case setItem(argument: Int, at: Int, value: Value)
    case deleteItem(argument: Int, at: Int)
    case pop(argument: Int, at: Int)
    case deleteSlice(argument: Int, from: Int, to: Int)
    case sort(argument: Int)
    case reverse(argument: Int)
    // list, dict, set, deque, OrderedDict or bytearray: empties it
    case clear(argument: Int)
    // dict and OrderedDict
    case dictSet(argument: Int, key: Value, value: Value)
    /// Deletes the n-th key in iteration order.
    case dictDelete(argument: Int, entry: Int)
    /// `popitem()`: the last entry.
    case dictPopItem(argument: Int)
    // OrderedDict
    /// `move_to_end(<n-th key>, last)`.
    case moveToEnd(argument: Int, entry: Int, last: Bool)
    /// `popitem(last=False)`: the first entry.
    case popItemFirst(argument: Int)
    // set
    case setAdd(argument: Int, value: Value)
    /// Discards the n-th member in iteration order.
    case setDiscard(argument: Int, member: Int)
    case setPop(argument: Int)
    /// `s |= {...}`, `s &= {...}`, `s ^= {...}`, `s -= {...}` with a set of new values.
    case setUpdate(argument: Int, op: SetOperator, values: [Value])
    // deque
    case appendLeft(argument: Int, value: Value)
    case popLeft(argument: Int)
    case rotate(argument: Int, by: Int)
    // bytearray and array (storage that holds no objects)
    /// `b.extend(bytes)` for a bytearray, `a.extend(numbers)` for an array (the bytes as small numbers).
    case extendBuffer(argument: Int, bytes: [UInt8])
    /// Shrinks the buffer to n items (`del b[n:]`) or grows it with zeros.
    case resize(argument: Int, length: Int)
    // iterators
    /// `next(it)`: re-enters an iterator argument from inside a callback.
    case next(argument: Int)
    // stateful objects
    /// `self.name(*values)`: calls a listed method of the stateful target's object (re-entering it when
    /// run from inside one of its calls); values are new plain values, `.selfObject` or `.alias(i)`.
    case callMethod(name: String, values: [Value])

    public var argument: Int {
        switch self {
        case .append(let a, _), .insert(let a, _, _), .setItem(let a, _, _), .deleteItem(let a, _), .pop(let a, _),
             .deleteSlice(let a, _, _), .sort(let a), .reverse(let a), .clear(let a), .dictSet(let a, _, _),
             .dictDelete(let a, _), .dictPopItem(let a), .moveToEnd(let a, _, _), .popItemFirst(let a),
             .setAdd(let a, _), .setDiscard(let a, _), .setPop(let a), .setUpdate(let a, _, _),
             .appendLeft(let a, _), .popLeft(let a), .rotate(let a, _), .extendBuffer(let a, _), .resize(let a, _),
             .next(let a):
            a
        case .callMethod: MutationStep.onTheObject
        }
    }

    /// The `argument` of a step that acts on the stateful object rather than on an argument.
    public static let onTheObject = -1

    /// The same step on another argument.
    public func on(argument a: Int) -> MutationStep {
        switch self {
        case .append(_, let v): .append(argument: a, value: v)
        case .insert(_, let i, let v): .insert(argument: a, at: i, value: v)
        case .setItem(_, let i, let v): .setItem(argument: a, at: i, value: v)
        case .deleteItem(_, let i): .deleteItem(argument: a, at: i)
        case .pop(_, let i): .pop(argument: a, at: i)
        case .deleteSlice(_, let f, let t): .deleteSlice(argument: a, from: f, to: t)
        case .sort: .sort(argument: a)
        case .reverse: .reverse(argument: a)
        case .clear: .clear(argument: a)
        case .dictSet(_, let k, let v): .dictSet(argument: a, key: k, value: v)
        case .dictDelete(_, let n): .dictDelete(argument: a, entry: n)
        case .dictPopItem: .dictPopItem(argument: a)
        case .moveToEnd(_, let n, let last): .moveToEnd(argument: a, entry: n, last: last)
        case .popItemFirst: .popItemFirst(argument: a)
        case .setAdd(_, let v): .setAdd(argument: a, value: v)
        case .setDiscard(_, let n): .setDiscard(argument: a, member: n)
        case .setPop: .setPop(argument: a)
        case .setUpdate(_, let op, let vs): .setUpdate(argument: a, op: op, values: vs)
        case .appendLeft(_, let v): .appendLeft(argument: a, value: v)
        case .popLeft: .popLeft(argument: a)
        case .rotate(_, let n): .rotate(argument: a, by: n)
        case .extendBuffer(_, let b): .extendBuffer(argument: a, bytes: b)
        case .resize(_, let n): .resize(argument: a, length: n)
        case .next: .next(argument: a)
        case .callMethod: self
        }
    }

    /// The values this step makes (new objects, created when the step runs).
    public var values: [Value] {
        switch self {
        case .append(_, let v), .insert(_, _, let v), .setItem(_, _, let v), .setAdd(_, let v), .appendLeft(_, let v): [v]
        case .dictSet(_, let k, let v): [k, v]
        case .setUpdate(_, _, let vs), .callMethod(_, let vs): vs
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
        case .appendLeft(let a, let v): .appendLeft(argument: a, value: transform(v))
        case .setUpdate(let a, let op, let vs): .setUpdate(argument: a, op: op, values: vs.map(transform))
        case .callMethod(let name, let vs): .callMethod(name: name, values: vs.map(transform))
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
        case .moveToEnd: "move-to-end"
        case .popItemFirst: "popitem-first"
        case .setAdd: "set-add"
        case .setDiscard: "set-discard"
        case .setPop: "set-pop"
        case .setUpdate: "set-update"
        case .appendLeft: "appendleft"
        case .popLeft: "popleft"
        case .rotate: "rotate"
        case .extendBuffer: "extend-buffer"
        case .resize: "resize"
        case .next: "next"
        case .callMethod: "call-method"
        }
    }

    /// Whether the step applies to a container of `kind` (the executor skips it on anything else).
    public func applies(to kind: ArgumentKind) -> Bool {
        switch self {
        case .append, .insert, .reverse, .setItem, .deleteItem, .pop: [.list, .deque, .bytearray, .array].contains(kind)
        case .deleteSlice: [.list, .bytearray, .array].contains(kind)
        case .sort: kind == .list
        case .clear: [.list, .dict, .ordereddict, .set, .deque, .bytearray, .array].contains(kind)
        case .dictSet, .dictDelete, .dictPopItem: kind.holdsPairs
        case .moveToEnd, .popItemFirst: kind == .ordereddict
        case .setAdd, .setDiscard, .setPop, .setUpdate: kind == .set
        case .appendLeft, .popLeft, .rotate: kind == .deque
        case .extendBuffer, .resize: kind == .bytearray || kind == .array
        case .next: kind == .iterator
        case .callMethod: kind == .self
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
        case .moveToEnd(_, let n, let last): return "\(c).move_to_end(<key #\(n)>\(last ? "" : ", last=False"))"
        case .popItemFirst: return "\(c).popitem(last=False)"
        case .setAdd(_, let v): return "\(c).add(\(v.text))"
        case .setDiscard(_, let n): return "\(c).discard(<member #\(n)>)"
        case .setPop: return "\(c).pop()"
        case .setUpdate(_, let op, let vs): return "\(c) \(op.rawValue)= {\(vs.map(\.text).joined(separator: ", "))}"
        case .appendLeft(_, let v): return "\(c).appendleft(\(v.text))"
        case .popLeft: return "\(c).popleft()"
        case .rotate(_, let n): return "\(c).rotate(\(n))"
        case .extendBuffer(_, let b): return "\(c).extend(\(Value.bytes(b).text))"
        case .resize(_, let n): return "\(c).resize(\(n))"
        case .next: return "next(\(c))"
        case .callMethod(let name, let vs): return "self.\(name)(\(vs.map(\.text).joined(separator: ", ")))"
        }
    }
}

/// The in-place set operators of `setUpdate`.
public enum SetOperator: String, Hashable, Sendable, CaseIterable, Codable {
    case union = "|", intersection = "&", symmetricDifference = "^", difference = "-"
}

/// What one call of a harness object's method does once its steps have run.
public enum CallResult: Hashable, Sendable {
    /// The method's ordinary answer: None for a mutator, the next item for an iterator, the number of
    /// items written for `file.write`, the dunder's usual result for an evil object.
    case usual
    /// A generated value: a new object handed to the caller (a `callable`'s result, a lying `__len__`).
    case value(Value)
    /// Raises an exception of this type (after the steps).
    case raise(ExceptionType)
}

/// The exceptions a harness object may raise.
public enum ExceptionType: String, Hashable, Sendable, CaseIterable, Codable {
    case valueError = "ValueError", typeError = "TypeError", keyError = "KeyError", indexError = "IndexError"
    case runtimeError = "RuntimeError", osError = "OSError", stopIteration = "StopIteration", overflowError = "OverflowError"
}

/// A mutator's behaviour: call k runs `calls[k]` (calls past the end do nothing) and then answers
/// `results[k]` (past the end: `.usual`, None). A `callable` is a mutator whose calls return values.
public struct MutatorProgram: Hashable, Sendable {
    public var calls: [[MutationStep]]
    public var results: [CallResult]
    public init(calls: [[MutationStep]] = [], results: [CallResult] = []) {
        self.calls = calls
        self.results = results
    }
}

/// The dunders of an evil object that can run a program.
public enum Dunder: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case eq, lt, hash, index, repr, del, len, lengthHint = "length_hint", str, bool

    /// The slot number shared with the C runtime (rf_dunder).
    public var slot: Int32 {
        switch self {
        case .eq: 0
        case .lt: 1
        case .hash: 2
        case .index: 3
        case .repr: 4
        case .del: 5
        // 6 is the mutator's call
        case .len: 7
        case .lengthHint: 8
        case .str: 9
        case .bool: 10
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
        case .len: "__len__"
        case .lengthHint: "__length_hint__"
        case .str: "__str__"
        case .bool: "__bool__"
        }
    }

    public static func < (a: Dunder, b: Dunder) -> Bool { a.slot < b.slot }
}

/// An evil object's behaviour: the k-th call of a dunder runs `programs[dunder][k]`, then answers
/// `results[dunder][k]` (a raise, or a lie: `__len__` returning a generated int).
public struct EvilSpec: Hashable, Sendable {
    /// Every constant-hash evil object hashes alike (and like the int 7), so they collide as keys.
    public var constantHash: Bool
    public var programs: [Dunder: [[MutationStep]]]
    public var results: [Dunder: [CallResult]]

    public init(constantHash: Bool = false, programs: [Dunder: [[MutationStep]]] = [:], results: [Dunder: [CallResult]] = [:]) {
        self.constantHash = constantHash
        self.programs = programs
        self.results = results
    }
}

/// An iterator argument: `__next__`'s k-th call runs `calls[k]`, then hands over the next of `items`
/// (held by the iterator until then; StopIteration after the last) unless `results[k]` says otherwise.
public struct IteratorSpec: Hashable, Sendable {
    public var items: [Value]
    public var calls: [[MutationStep]]
    public var results: [CallResult]
    /// What `__length_hint__` answers (nil: the iterator has none). It may lie.
    public var lengthHint: Int?

    public init(items: [Value] = [], calls: [[MutationStep]] = [], results: [CallResult] = [], lengthHint: Int? = nil) {
        self.items = items
        self.calls = calls
        self.results = results
        self.lengthHint = lengthHint
    }
}

/// The methods of a file-like argument.
public enum FileMethod: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case write, read, readline, flush

    public static func < (a: FileMethod, b: FileMethod) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// A file-like argument: the k-th call of a method runs `programs[method][k]`, then answers
/// `results[method][k]` (usual: write returns the length given, read and readline return b"" (EOF),
/// flush None; or a generated value; or a raise, `OSError` mid-write).
public struct FileSpec: Hashable, Sendable {
    public var programs: [FileMethod: [[MutationStep]]]
    public var results: [FileMethod: [CallResult]]

    public init(programs: [FileMethod: [[MutationStep]]] = [:], results: [FileMethod: [CallResult]] = [:]) {
        self.programs = programs
        self.results = results
    }
}

/// The built-in types an `instance` subclasses.
public enum BuiltinBase: String, Hashable, Sendable, CaseIterable, Codable {
    case str, int, float, bytes, tuple, list, dict

    /// The methods the subclass overrides (each runs its program, then answers as the base would, or
    /// as its result says).
    public var methods: [String] {
        switch self {
        case .str: ["__eq__", "__hash__", "__str__", "__len__", "__iter__", "lower", "encode"]
        case .int: ["__eq__", "__hash__", "__index__", "__int__", "__lt__"]
        case .float: ["__eq__", "__hash__", "__float__", "__lt__"]
        case .bytes: ["__eq__", "__hash__", "__len__", "__iter__", "__getitem__"]
        case .tuple: ["__len__", "__iter__", "__getitem__", "__eq__", "__hash__"]
        case .list: ["__len__", "__iter__", "__getitem__", "__eq__"]
        case .dict: ["keys", "__getitem__", "__iter__", "__len__", "items", "__eq__"]
        }
    }
}

/// An instance of a subclass of a built-in type with the base's `value` (a scalar, or the contents of
/// a tuple, list or dict), whose overridden methods' k-th calls run `programs[method][k]` and answer
/// `results[method][k]`.
public struct InstanceSpec: Hashable, Sendable {
    public var base: BuiltinBase
    public var value: Value
    public var programs: [String: [[MutationStep]]]
    public var results: [String: [CallResult]]

    public init(base: BuiltinBase, value: Value, programs: [String: [[MutationStep]]] = [:], results: [String: [CallResult]] = [:]) {
        self.base = base
        self.value = value
        self.programs = programs
        self.results = results
    }
}
