/// The argument kind an annotation (of a `.pyi` stub, or of a Python function's signature) asks for,
/// read from its source text:
///
///     AnnotationKind.kind(of: "list[int]")                          // .list
///     AnnotationKind.kind(of: "typing.Optional[Mapping[str, int]]")  // .dict
///     AnnotationKind.kind(of: "Callable[[int], None]")               // .mutator (its result is not used)
///     AnnotationKind.kind(of: "Counter", selfType: "Counter")       // .self
///     AnnotationKind.kind(of: "Widget")                              // .any (unknown)
public enum AnnotationKind {
    /// Module prefixes that do not change what a name means.
    static let prefixes = ["typing.", "typing_extensions.", "collections.abc.", "collections.", "_typeshed.", "io.", "array.",
                           "builtins.", "t.", "abc."]

    static let names: [String: ArgumentKind] = [
        "list": .list, "List": .list, "Sequence": .list, "MutableSequence": .list, "Collection": .list, "Sized": .list,
        "Iterable": .list, "Reversible": .list,
        "dict": .dict, "Dict": .dict, "Mapping": .dict, "MutableMapping": .dict,
        "set": .set, "Set": .set, "MutableSet": .set, "AbstractSet": .set,
        "frozenset": .frozenset, "FrozenSet": .frozenset,
        "tuple": .tuple, "Tuple": .tuple,
        "deque": .deque, "Deque": .deque,
        "OrderedDict": .ordereddict,
        "bytearray": .bytearray,
        "array": .array,
        "str": .str, "Text": .str, "LiteralString": .str,
        "bytes": .bytes, "ReadableBuffer": .bytes, "Buffer": .bytes, "ByteString": .bytes,
        "int": .int, "bool": .int, "SupportsIndex": .int, "SupportsInt": .int,
        "float": .float, "SupportsFloat": .float,
        "Iterator": .iterator, "Generator": .iterator,
        "IO": .file, "TextIO": .file, "BinaryIO": .file, "SupportsWrite": .file, "SupportsRead": .file,
        "SupportsReadline": .file, "TextIOWrapper": .file, "StringIO": .file, "BytesIO": .file,
        "Any": .any, "object": .any,
    ]

    /// The kind for the annotation `text`; `selfType` is the name of the class whose method it annotates
    /// (its own instances are `self`). Optional and `X | None` are X; a union of several kinds, and
    /// anything unknown, is `any`.
    public static func kind(of text: String, selfType: String? = nil) -> ArgumentKind {
        var t = text.trimmingSpaces
        if t.count >= 2, let first = t.first, first == "'" || first == "\"", t.last == first {
            t = String(t.dropFirst().dropLast()).trimmingSpaces
        }
        let members = topLevel(t, separator: "|")
        if members.count > 1 { return union(members, selfType: selfType) }
        let (head, inner) = split(t)
        let name = strip(head)
        if let selfType, name == selfType || name == "Self" || head == selfType { return .self }
        switch name {
        case "Optional":
            return inner.map { kind(of: $0, selfType: selfType) } ?? .any
        case "Union":
            return inner.map { union(topLevel($0, separator: ","), selfType: selfType) } ?? .any
        case "Annotated":
            return inner.flatMap { topLevel($0, separator: ",").first }.map { kind(of: $0, selfType: selfType) } ?? .any
        case "Callable":
            // Callable[[ARGS], None]: a callback whose result is not used.
            if let inner, let result = topLevel(inner, separator: ",").last, ["None", "NoneType"].contains(result.trimmingSpaces),
               topLevel(inner, separator: ",").count == 2 {
                return .mutator
            }
            return .callable
        default:
            return names[name] ?? .any
        }
    }

    private static func union(_ members: [String], selfType: String?) -> ArgumentKind {
        let kinds = members.map(\.trimmingSpaces).filter { $0 != "None" && $0 != "NoneType" }.map { kind(of: $0, selfType: selfType) }
        guard let first = kinds.first, kinds.allSatisfy({ $0 == first }) else { return .any }
        return first
    }

    /// The name without the module prefixes that do not change its meaning.
    private static func strip(_ name: String) -> String {
        var n = name.trimmingSpaces
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where n.hasPrefix(prefix) {
                n = String(n.dropFirst(prefix.count))
                changed = true
            }
        }
        return n
    }

    /// `Head[inner]` as (Head, inner), or (text, nil).
    private static func split(_ text: String) -> (String, String?) {
        guard let open = text.firstIndex(of: "["), text.last == "]" else { return (text, nil) }
        return (String(text[..<open]), String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
    }

    /// The parts of `text` between top-level separators (outside brackets and parentheses).
    static func topLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for c in text {
            if c == "[" || c == "(" { depth += 1 }
            if c == "]" || c == ")" { depth -= 1 }
            if c == separator && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }
}
