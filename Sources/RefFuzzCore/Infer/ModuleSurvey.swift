/// What introspection of a module found, before any probe call: its public functions and types, and
/// for each callable the evidence that needs no call (its signature, its stub, its docstring's first
/// line). Made by a Python helper in a child process (`inspect`, `ast` for the stubs) and sent as JSON.
public struct ModuleSurvey: Hashable, Sendable, Codable {
    public var module: String
    /// The `.pyi` stub found beside the module (its path), if any.
    public var stub: String?
    public var members: [MemberSurvey]
    /// Public callables left out, and why (re-exported from another module, ...).
    public var skipped: [SkippedMember]

    public init(module: String, stub: String? = nil, members: [MemberSurvey], skipped: [SkippedMember] = []) {
        self.module = module
        self.stub = stub
        self.members = members
        self.skipped = skipped
    }
}

public struct SkippedMember: Hashable, Sendable, Codable {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}

/// A public function or type of the module.
public struct MemberSurvey: Hashable, Sendable, Codable {
    /// The attribute path in the module (`first`, `Counter`).
    public var name: String
    public var isType: Bool
    /// The function, or the type's constructor.
    public var callable: CallableSurvey
    /// A type's public methods (defined on it, not inherited) and the dunders a user would fuzz.
    public var methods: [MethodSurvey]
    /// A type's names as messages spell its instances' type (`Counter`, `infermod.Counter`).
    public var typeNames: [String]

    public init(name: String, isType: Bool = false, callable: CallableSurvey = CallableSurvey(),
                methods: [MethodSurvey] = [], typeNames: [String] = []) {
        self.name = name
        self.isType = isType
        self.callable = callable
        self.methods = methods
        self.typeNames = typeNames
    }
}

public struct MethodSurvey: Hashable, Sendable, Codable {
    public var name: String
    public var callable: CallableSurvey

    public init(name: String, callable: CallableSurvey = CallableSurvey()) {
        self.name = name
        self.callable = callable
    }
}

/// The evidence about one callable that needs no call.
public struct CallableSurvey: Hashable, Sendable, Codable {
    /// `inspect.signature`'s parameters (nil when there is none), without `self` for a method, and its text.
    public var signature: [SurveyedParameter]?
    public var signatureText: String?
    /// True when the signature is a C function's `__text_signature__` rather than Python code's.
    public var textSignature: Bool
    /// The stub's parameters for it, without `self` (nil: not in a stub).
    public var stub: [SurveyedParameter]?
    /// The docstring's first line.
    public var doc: String?

    public init(signature: [SurveyedParameter]? = nil, signatureText: String? = nil, textSignature: Bool = false,
                stub: [SurveyedParameter]? = nil, doc: String? = nil) {
        self.signature = signature
        self.signatureText = signatureText
        self.textSignature = textSignature
        self.stub = stub
        self.doc = doc
    }
}

/// One parameter as a signature, a stub or a docstring gives it.
public struct SurveyedParameter: Hashable, Sendable, Codable {
    /// `inspect.Parameter.kind`'s values.
    public enum Kind: Int, Hashable, Sendable, Codable {
        case positionalOnly = 0, positionalOrKeyword, varPositional, keywordOnly, varKeyword
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    /// The annotation's source text, if it has one.
    public var annotation: String?

    public init(name: String, kind: Kind = .positionalOrKeyword, required: Bool = true, annotation: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.annotation = annotation
    }
}
