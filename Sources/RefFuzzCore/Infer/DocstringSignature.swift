/// A signature written on a docstring's first line, as C extensions without a text signature often
/// document themselves: `f(a, b, /)`, `f(list, obj) -> int`, `get(key[, default]) -> value`,
/// `f(items: list, n: int = 0)`. Parameters named after a kind (`list`, `dict`, `callable`, `obj`)
/// get that kind.
///
///     DocstringSignature(line: "pair(dict, obj) -> tuple", name: "pair")?.parameters
///     // [dict: .dict, obj: .any]
///     DocstringSignature(line: "Return the reference count of a PyObject.", name: "ref_count")  // nil
public struct DocstringSignature: Hashable, Sendable {
    /// The required parameters, in order (optional ones, `[, b]` groups, `*args` and `**kw` left out).
    public var parameters: [SurveyedParameter]

    /// Reads `line` when it starts with `name(` (or `Class.name(`, or a dotted path ending in name).
    public init?(line: String, name: String) {
        let text = line.trimmingSpaces
        guard let open = text.firstIndex(of: "(") else { return nil }
        let head = String(text[..<open]).trimmingSpaces
        guard head == name || head.hasSuffix(".\(name)") else { return nil }
        var depth = 0
        var close: String.Index?
        for i in text[open...].indices {
            if text[i] == "(" || text[i] == "[" { depth += 1 }
            if text[i] == ")" || text[i] == "]" { depth -= 1 }
            if depth == 0 { close = i; break }
        }
        guard let close, text[close] == ")" else { return nil }
        let tail = text[text.index(after: close)...].trimmingSpaces
        guard tail.isEmpty || tail.hasPrefix("->") || tail.hasPrefix(":") || tail.hasPrefix("--") else { return nil }
        let inside = String(text[text.index(after: open)..<close])
        var parameters: [SurveyedParameter] = []
        var keywordOnly = false
        for piece in AnnotationKind.topLevel(Self.withoutOptionalGroups(inside), separator: ",") {
            var part = piece.trimmingSpaces
            if part.isEmpty || part == "/" || part == "..." { continue }
            if part == "*" { keywordOnly = true; continue }
            if part.hasPrefix("*") { keywordOnly = true; continue }
            if part.contains("=") { continue }
            var annotation: String?
            if let colon = part.firstIndex(of: ":") {
                annotation = String(part[part.index(after: colon)...]).trimmingSpaces
                part = String(part[..<colon]).trimmingSpaces
            }
            if part.hasPrefix("$") { continue } // $self, $module, $type
            guard TargetSpec.isIdentifier(part) else { return nil }
            annotation = annotation ?? Self.kindNames[part]
            parameters.append(SurveyedParameter(name: part, kind: keywordOnly ? .keywordOnly : .positionalOrKeyword,
                                                required: true, annotation: annotation))
        }
        self.parameters = parameters
    }

    /// Parameter names that say their kind, as the annotation they stand for.
    static let kindNames: [String: String] = [
        "list": "list", "lst": "list", "dict": "dict", "mapping": "Mapping", "tuple": "tuple", "set": "set",
        "frozenset": "frozenset", "deque": "deque", "bytearray": "bytearray", "str": "str", "string": "str",
        "bytes": "bytes", "int": "int", "integer": "int", "float": "float", "callable": "Callable", "callback": "Callable",
        "func": "Callable", "function": "Callable", "iterator": "Iterator", "iterable": "Iterable", "file": "IO",
        "obj": "object", "object": "object", "any": "Any",
    ]

    /// The text without `[...]` groups (optional parameters in the classic notation `get(key[, default])`).
    static func withoutOptionalGroups(_ text: String) -> String {
        var depth = 0
        var out = ""
        for c in text {
            if c == "[" { depth += 1; continue }
            if c == "]" { depth -= 1; continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }
}
