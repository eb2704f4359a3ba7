/// Which argument of a probe call a TypeError is about, from its message: the argument it numbers
/// (`argument 2 must be str, not int`, `(pos 2)`, `second argument`), the parameter it names
/// (`argument 'items' must be list, not int`), or the type it says it was given (`'int' object is not
/// iterable`, `must be list, not int`, `unhashable type: 'list'`, `got type float`), matched against
/// the types of the values the call passed.
///
///     ArgumentBlame.positions(in: "'float' object cannot be interpreted as an integer",
///                             types: [["float"], ["NoneType", "None"]], names: [nil, nil])   // [0]
public enum ArgumentBlame {
    /// The positions (0-based, in slot order) the message is about, or nil when it names none of them.
    /// `types` holds, for each position, the names its value's type may be spelled by; `names` the
    /// parameter names, where known.
    public static func positions(in message: String, types: [Set<String>], names: [String?]) -> Set<Int>? {
        if let numbered = numberedPosition(in: message), numbered < types.count { return [numbered] }
        if let named = message.firstMatch(of: /argument '([^']+)'/).map({ String($0.1) }) {
            // The parameter of that name, else the only one whose name is not known.
            if let i = names.firstIndex(of: named) { return [i] }
            let unnamed = names.indices.filter { names[$0] == nil }
            if unnamed.count == 1 { return [unnamed[0]] }
        }
        let given = givenTypes(in: message)
        guard !given.isEmpty else { return nil }
        let blamed = Set(types.indices.filter { i in
            types[i].contains { name in given.contains(name) || given.contains { $0.hasSuffix(".\(name)") } }
        })
        return blamed.isEmpty ? nil : blamed
    }

    private static let ordinals = ["first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5]

    /// The 0-based position a message numbers (`argument 2`, `(pos 2)`, `arg 2`, `second argument`).
    static func numberedPosition(in message: String) -> Int? {
        if let match = message.firstMatch(of: /(?:argument|arg|\(pos) (\d+)/), let n = Int(match.1), n >= 1 { return n - 1 }
        if let match = message.firstMatch(of: /\b(first|second|third|fourth|fifth|sixth) argument/) {
            return ordinals[String(match.1)]
        }
        return nil
    }

    /// The type names a message says it was given.
    static func givenTypes(in message: String) -> Set<String> {
        var names = Set<String>()
        for match in message.matches(of: /'([A-Za-z_][\w.]*)' object/) { names.insert(String(match.1)) }
        for match in message.matches(of: /type:? '([A-Za-z_][\w.]*)'/) { names.insert(String(match.1)) }
        for match in message.matches(of: /instances of '([A-Za-z_][\w.]*)' and '([A-Za-z_][\w.]*)'/) {
            names.insert(String(match.1))
            names.insert(String(match.2))
        }
        for match in message.matches(of: /got (?:type )?'?([A-Za-z_][\w.]*)'?/) { names.insert(String(match.1)) }
        for match in message.matches(of: /\bnot (?:an? )?'?([A-Za-z_][\w.]*)'?\s*\)?\s*$/) { names.insert(String(match.1)) }
        names.remove("a")
        names.remove("an")
        return names
    }
}
