/// A target named on the command line: a function, `MODULE ":" FUNCTION "(" [ARGS] ")"`; a stateful
/// object built by CALLABLE with a sequence of calls of its methods, `... "{" [CALL {"," CALL}] "}"`
/// (`{}`: every public method, with inferred kinds); or a fresh object and one call, `... "." CALL`.
///
///     let spec = try TargetSpec(parsing: "jsonlib:dumps(list, default=mutator)")
///     spec.module        // "jsonlib"
///     spec.arguments[1]  // ArgumentSpec(name: "default", kind: .mutator)
///     spec.description   // "jsonlib:dumps(list,default=mutator)"
///     try TargetSpec(parsing: "mymod:Queue(){put(any), get(), visit(mutator)}").object
///                        // .calls([put(any), get(), visit(mutator)])
public struct TargetSpec: Hashable, Sendable, CustomStringConvertible {
    public var module: String
    /// The attribute path inside the module (`Class.staticfn`): the function, or what builds the object.
    public var function: String
    /// The function's arguments, or the constructor's.
    public var arguments: [ArgumentSpec]
    /// nil for a function target.
    public var object: ObjectPlan?

    public init(module: String, function: String, arguments: [ArgumentSpec], object: ObjectPlan? = nil) {
        self.module = module
        self.function = function
        self.arguments = arguments
        self.object = object
    }

    /// The canonical spelling: no spaces, keyword arguments after the positional ones.
    public var description: String {
        let head = "\(module):\(function)(\(arguments.map(\.description).joined(separator: ",")))"
        switch object {
        case nil: return head
        case .calls(let methods): return head + "{" + methods.map(\.description).joined(separator: ",") + "}"
        case .single(let method): return head + "." + method.description
        }
    }

    public var positional: [ArgumentSpec] { arguments.filter { $0.name == nil } }
    public var keywords: [ArgumentSpec] { arguments.filter { $0.name != nil } }

    /// The methods a case may call, in the spec's order (empty for a function target).
    public var methods: [MethodSpec] {
        switch object {
        case nil: []
        case .calls(let methods): methods
        case .single(let method): [method]
        }
    }

    /// True for a target that builds an object and calls its methods.
    public var isStateful: Bool { object != nil }
}

/// What a stateful target does with the object it builds.
public enum ObjectPlan: Hashable, Sendable {
    /// A generated sequence of calls of these methods (repeats allowed); empty: every public method,
    /// with inferred kinds (resolved into a list before fuzzing).
    case calls([MethodSpec])
    /// One call of this method on a fresh object per case.
    case single(MethodSpec)
}

/// A method of a stateful target, with its argument kinds (`self` passes the object itself).
public struct MethodSpec: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var arguments: [ArgumentSpec]

    public init(name: String, arguments: [ArgumentSpec] = []) {
        self.name = name
        self.arguments = arguments
    }

    public var description: String { "\(name)(\(arguments.map(\.description).joined(separator: ",")))" }
}

/// One argument of a target: its kind and, for a keyword argument, its name.
public struct ArgumentSpec: Hashable, Sendable, CustomStringConvertible {
    public var name: String?
    public var kind: ArgumentKind

    public init(name: String? = nil, kind: ArgumentKind) {
        self.name = name
        self.kind = kind
    }

    public var description: String { name.map { "\($0)=\(kind.rawValue)" } ?? kind.rawValue }
}

/// What the harness passes for an argument (TARGETS.md).
public enum ArgumentKind: String, CaseIterable, Hashable, Sendable, Codable {
    case list, dict, tuple, set, frozenset, deque, ordereddict, bytearray, array
    case int, float, str, bytes, any, mutator, callable, iterator, file
    case `self`

    /// A dict or an OrderedDict: their elements are keys and values interleaved.
    public var holdsPairs: Bool { self == .dict || self == .ordereddict }

    /// True for the kinds whose value is always a container that holds objects.
    public var isContainer: Bool {
        switch self {
        case .list, .dict, .tuple, .set, .frozenset, .deque, .ordereddict: true
        default: false
        }
    }

    /// True for the containers a mutation step can change (not tuples and frozensets).
    public var isMutable: Bool {
        switch self {
        case .list, .dict, .set, .deque, .ordereddict, .bytearray, .array: true
        default: false
        }
    }
}

/// A spec is stored as its canonical text (`mymod:f(list,mutator)`) and parsed back.
extension TargetSpec: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try TargetSpec(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension ArgumentKind {
    /// True when a value of this kind may be `value` (what the generator could have made). An alias and
    /// an instance are checked against what they stand for by `Case.validationProblem`.
    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (_, .alias): return self != .mutator && self != .callable && self != .iterator && self != .file
        case (.self, .selfObject), (.any, .selfObject): return true
        case (.self, _), (_, .selfObject): return false
        case (.any, .mutator), (.any, .iterator), (.any, .file): return false
        case (.any, _): return true
        case (.list, .list), (.tuple, .tuple), (.set, .set), (.frozenset, .frozenset), (.dict, .dict),
             (.ordereddict, .orderedDict), (.deque, .deque), (.bytearray, .bytearray), (.array, .array): return true
        case (.int, .smallInt), (.int, .bigInt), (.int, .hugeInt), (.float, .float), (.bytes, .bytes): return true
        case (.str, .internedString), (.str, .freshString): return true
        case (.int, .instance), (.float, .instance), (.str, .instance), (.bytes, .instance), (.tuple, .instance),
             (.list, .instance), (.dict, .instance): return true
        case (.mutator, .mutator), (.callable, .mutator), (.iterator, .iterator), (.file, .file): return true
        default: return false
        }
    }
}
