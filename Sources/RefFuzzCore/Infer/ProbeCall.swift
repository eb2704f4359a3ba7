/// A probe call of spec inference: the callable under inference called once, in a child process,
/// with sample values of chosen kinds (or None), to learn its arity and the kinds each parameter takes.

/// One argument of a probe call: None, or a fresh sample of a kind (`self`: a fresh instance of the
/// type, built with the constructor arguments of the request).
public enum ProbeValue: Hashable, Sendable {
    case none
    case sample(ArgumentKind)

    /// How a probe call shows it in a note: `None`, `list`.
    public var text: String {
        switch self {
        case .none: "None"
        case .sample(let kind): kind.rawValue
        }
    }
}

/// Stored as null or the kind's name: the Python helper that makes the samples reads it so.
extension ProbeValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        self = c.decodeNil() ? .none : .sample(try c.decode(ArgumentKind.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .none: try c.encodeNil()
        case .sample(let kind): try c.encode(kind)
        }
    }
}

/// The arguments of a probe call: positional ones, then keyword ones.
public struct ProbeArguments: Hashable, Sendable, Codable {
    public var positional: [ProbeValue]
    public var keywords: [Keyword]

    public struct Keyword: Hashable, Sendable, Codable {
        public var name: String
        public var value: ProbeValue
        public init(name: String, value: ProbeValue) {
            self.name = name
            self.value = value
        }
    }

    public init(positional: [ProbeValue] = [], keywords: [Keyword] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// `n` Nones.
    public static func nones(_ n: Int) -> ProbeArguments { ProbeArguments(positional: Array(repeating: .none, count: n)) }

    /// The values in slot order: positional ones, then keyword ones.
    public var values: [ProbeValue] { positional + keywords.map(\.value) }

    /// `(list, None, key=int)`.
    public var text: String {
        "(" + (positional.map(\.text) + keywords.map { "\($0.name)=\($0.value.text)" }).joined(separator: ", ") + ")"
    }
}

/// One probe call: the callable at `path` in the module (a function, or a type called to build an
/// instance), or the method `method` of an instance built by calling the type at `path` with
/// `constructor`, which also builds the samples of kind `self`.
public struct ProbeRequest: Hashable, Sendable, Codable {
    public var path: String
    public var method: String?
    public var constructor: ProbeArguments?
    public var arguments: ProbeArguments

    public init(path: String, method: String? = nil, constructor: ProbeArguments? = nil, arguments: ProbeArguments) {
        self.path = path
        self.method = method
        self.constructor = constructor
        self.arguments = arguments
    }
}

/// Makes probe calls and says what each did, in order.
public typealias ProbeCalls = ([ProbeArguments]) -> [ProbeOutcome]

/// What a probe call did.
public enum ProbeOutcome: Hashable, Sendable, Codable {
    /// It returned a value.
    case returned
    /// It raised: the exception's type name (`TypeError`) and its message.
    case raised(type: String, message: String)
    /// The instance whose method was to be called could not be built, or the method not found.
    case setupFailed(String)
    /// The child died by a signal or exited (what it died of: `SIGSEGV`).
    case crashed(String)
    /// The child was killed after the time limit.
    case hung

    /// The TypeError's message, or nil for any other outcome.
    public var typeError: String? {
        if case .raised("TypeError", let message) = self { return message }
        return nil
    }

    /// True when the call died (crashed or hung): it says nothing about the arguments.
    public var died: Bool {
        switch self {
        case .crashed, .hung: true
        default: false
        }
    }
}
