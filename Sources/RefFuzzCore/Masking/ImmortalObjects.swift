/// Which of the interpreter's shared objects are immortal on the running CPython: their reference
/// counts never move, so their drift is no signal and a bug that only they would show is masked
/// (`MaskingClass.immortal`). Probed per object at start-up by the engine, never assumed from the
/// version number (3.11: none; 3.12 and 3.13: all of these).
public struct ImmortalObjects: OptionSet, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Every int of the small-int cache.
    public static let smallInts = ImmortalObjects(rawValue: 1 << 0)
    /// None, True and False.
    public static let singletons = ImmortalObjects(rawValue: 1 << 1)
    /// Strings made by PyUnicode_InternFromString.
    public static let internedStrings = ImmortalObjects(rawValue: 1 << 2)
    public static let emptyTuple = ImmortalObjects(rawValue: 1 << 3)
    public static let emptyString = ImmortalObjects(rawValue: 1 << 4)
    /// The cached 1-character latin-1 strings.
    public static let latin1Characters = ImmortalObjects(rawValue: 1 << 5)
    public static let all: ImmortalObjects = [.smallInts, .singletons, .internedStrings, .emptyTuple, .emptyString, .latin1Characters]

    public static let named: [(ImmortalObjects, String)] = [
        (.smallInts, "small-ints"), (.singletons, "singletons"), (.internedStrings, "interned-strings"),
        (.emptyTuple, "empty-tuple"), (.emptyString, "empty-str"), (.latin1Characters, "latin-1-characters"),
    ]

    /// The names of the members, in a fixed order ("small-ints", "singletons", ...).
    public var names: [String] { Self.named.filter { contains($0.0) }.map(\.1) }
    public var description: String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    public init(names: [String]) {
        self = []
        for (member, name) in Self.named where names.contains(name) { insert(member) }
    }

    public init(from decoder: any Decoder) throws {
        self.init(names: try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}
