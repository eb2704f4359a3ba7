/// A target spec that does not follow the grammar; `description` is the one line the CLI prints.
public struct TargetSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    public var spec: String
    public var problem: String
    public var description: String { "bad target spec '\(spec)': \(problem)" }
}

extension TargetSpec {
    /// Parses `MODULE ":" CALLABLE "(" [ARGS] ")"`, optionally followed by `"{" [CALL {"," CALL}] "}"`
    /// (a stateful object and a sequence of calls of its methods) or `"." CALL` (a fresh object and one
    /// call), with `CALL := METHOD "(" [ARGS] ")"`, `ARG := [NAME "="] KIND`. Spaces are allowed inside
    /// parentheses and braces; keyword arguments follow the positional ones; `self` is a method argument.
    public init(parsing text: String) throws(TargetSpecError) {
        func fail(_ problem: String) -> TargetSpecError { TargetSpecError(spec: text, problem: problem) }
        let trimmed = text.trimmingSpaces
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw fail("expected MODULE:FUNCTION(ARGS), e.g. mymod:pop_and_print(list,mutator)")
        }
        let module = String(trimmed[..<colon])
        guard Self.isDottedName(module) else { throw fail("'\(module)' is not a module name") }
        var rest = Substring(trimmed[trimmed.index(after: colon)...])
        let (function, arguments) = try Self.call(&rest, what: "function", allowSelf: false, fail)
        rest = Substring(rest.trimmingSpaces)
        var object: ObjectPlan?
        if rest.first == "{" {
            guard rest.last == "}" else { throw fail("expected '}' at the end") }
            var inner = Substring(rest.dropFirst().dropLast().trimmingSpaces)
            var methods: [MethodSpec] = []
            while !inner.isEmpty {
                let (name, args) = try Self.call(&inner, what: "method", allowSelf: true, fail)
                guard !name.contains(".") else { throw fail("'\(name)' is not a method name") }
                methods.append(MethodSpec(name: name, arguments: args))
                inner = Substring(inner.trimmingSpaces)
                if inner.isEmpty { break }
                guard inner.first == "," else { throw fail("expected ',' between the calls, found '\(inner.prefix(12))'") }
                inner = Substring(inner.dropFirst().trimmingSpaces)
                if inner.isEmpty { throw fail("a call is missing after the last ','") }
            }
            object = .calls(methods)
        } else if rest.first == "." {
            var inner = Substring(rest.dropFirst())
            let (name, args) = try Self.call(&inner, what: "method", allowSelf: true, fail)
            guard !name.contains("."), inner.trimmingSpaces.isEmpty else { throw fail("expected one METHOD(ARGS) after '.'") }
            object = .single(MethodSpec(name: name, arguments: args))
        } else if !rest.isEmpty {
            throw fail("expected ')' at the end, or '{CALLS}' or '.METHOD(ARGS)' after the arguments, found '\(rest.prefix(12))'")
        }
        self.init(module: module, function: function, arguments: arguments, object: object)
    }

    /// Reads `NAME "(" [ARGS] ")"` from the front of `text`.
    static func call(_ text: inout Substring, what: String, allowSelf: Bool,
                     _ fail: (String) -> TargetSpecError) throws(TargetSpecError) -> (String, [ArgumentSpec]) {
        guard let open = text.firstIndex(of: "(") else {
            throw fail("expected '(' and the argument kinds after the \(what) name")
        }
        let name = String(text[..<open]).trimmingSpaces
        guard isDottedName(name) else { throw fail("'\(name)' is not a \(what) name") }
        guard let close = text[open...].firstIndex(of: ")") else { throw fail("expected ')' at the end") }
        let inner = text[text.index(after: open)..<close]
        guard !inner.contains("("), !inner.contains("{"), !inner.contains("}") else { throw fail("unbalanced parentheses") }
        text = text[text.index(after: close)...]
        if text.trimmingSpaces.first == ")" { throw fail("unbalanced parentheses") }
        return (name, try arguments(inner, of: name, allowSelf: allowSelf, fail))
    }

    static func arguments(_ inner: Substring, of name: String, allowSelf: Bool,
                          _ fail: (String) -> TargetSpecError) throws(TargetSpecError) -> [ArgumentSpec] {
        var arguments: [ArgumentSpec] = []
        var names = Set<String>()
        guard !inner.trimmingSpaces.isEmpty else { return [] }
        for (position, piece) in inner.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let part = String(piece).trimmingSpaces
            guard !part.isEmpty else { throw fail("argument \(position + 1) is empty") }
            var keyword: String?
            var kindText = part
            if let equals = part.firstIndex(of: "=") {
                let given = String(part[..<equals]).trimmingSpaces
                guard isIdentifier(given) else { throw fail("'\(given)' is not an argument name") }
                guard names.insert(given).inserted else { throw fail("keyword '\(given)' is given twice") }
                keyword = given
                kindText = String(part[part.index(after: equals)...]).trimmingSpaces
            } else if !names.isEmpty {
                throw fail("positional argument '\(part)' follows a keyword argument")
            }
            guard let kind = ArgumentKind(rawValue: kindText) else {
                let kinds = ArgumentKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("unknown argument kind '\(kindText)' (expected one of \(kinds))")
            }
            if kind == .self && !allowSelf {
                throw fail("'self' passes a stateful target's own object to its methods; '\(name)' is not a method of one")
            }
            arguments.append(ArgumentSpec(name: keyword, kind: kind))
        }
        return arguments
    }

    static func isIdentifier<S: StringProtocol>(_ s: S) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }

    static func isDottedName(_ s: String) -> Bool {
        !s.isEmpty && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isIdentifier($0) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start...end])
        return String(result)
    }
}
