/// A target spec that does not follow the grammar; `description` is the one line the CLI prints.
public struct TargetSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    public var spec: String
    public var problem: String
    public var description: String { "bad target spec '\(spec)': \(problem)" }
}

extension TargetSpec {
    /// Parses `MODULE ":" FUNCTION "(" [ARG {"," ARG}] ")"` with `ARG := [NAME "="] KIND`.
    /// Spaces are allowed inside the parentheses; keyword arguments must follow the positional ones.
    public init(parsing text: String) throws(TargetSpecError) {
        func fail(_ problem: String) -> TargetSpecError { TargetSpecError(spec: text, problem: problem) }
        let trimmed = text.trimmingSpaces
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw fail("expected MODULE:FUNCTION(ARGS), e.g. mymod:pop_and_print(list,mutator)")
        }
        let module = String(trimmed[..<colon])
        guard Self.isDottedName(module) else { throw fail("'\(module)' is not a module name") }
        let rest = trimmed[trimmed.index(after: colon)...]
        guard let open = rest.firstIndex(of: "(") else {
            throw fail("expected '(' and the argument kinds after the function name")
        }
        guard rest.hasSuffix(")") else { throw fail("expected ')' at the end") }
        let function = String(rest[..<open]).trimmingSpaces
        guard Self.isDottedName(function) else { throw fail("'\(function)' is not a function name") }
        let inner = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
        guard !inner.contains("("), !inner.contains(")") else { throw fail("unbalanced parentheses") }

        var arguments: [ArgumentSpec] = []
        var names = Set<String>()
        if !inner.trimmingSpaces.isEmpty {
            for (position, piece) in inner.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let part = String(piece).trimmingSpaces
                guard !part.isEmpty else { throw fail("argument \(position + 1) is empty") }
                var name: String?
                var kindText = part
                if let equals = part.firstIndex(of: "=") {
                    let given = String(part[..<equals]).trimmingSpaces
                    guard Self.isIdentifier(given) else { throw fail("'\(given)' is not an argument name") }
                    guard names.insert(given).inserted else { throw fail("keyword '\(given)' is given twice") }
                    name = given
                    kindText = String(part[part.index(after: equals)...]).trimmingSpaces
                } else if !names.isEmpty {
                    throw fail("positional argument '\(part)' follows a keyword argument")
                }
                guard let kind = ArgumentKind(rawValue: kindText) else {
                    let kinds = ArgumentKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("unknown argument kind '\(kindText)' (expected one of \(kinds))")
                }
                if kind == .self {
                    throw fail("'self' passes a stateful target's own object to its methods; '\(function)' is not a method of one")
                }
                arguments.append(ArgumentSpec(name: name, kind: kind))
            }
        }
        self.init(module: module, function: function, arguments: arguments)
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
