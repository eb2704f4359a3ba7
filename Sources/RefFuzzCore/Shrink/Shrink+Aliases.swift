/// Un-aliasing: an argument that is another argument again (`f(a, a)`), an argument inside another, a
/// container inside itself. Each alias is tried as a copy of the value it names (two equal objects
/// instead of one), then as something simpler: the empty container of its kind, None. The shrink key
/// counts aliases first, so a finding keeps an alias only when it needs it.
extension Case {
    func withoutAliases() -> [Case] {
        var out: [Case] = []
        for a in arguments.indices {
            for variant in unaliasing(arguments[a].value, inside: a, top: true) {
                var copy = self
                copy.arguments[a].value = variant
                out.append(copy)
            }
        }
        return out.filter { $0.validationProblem == nil }
    }

    /// `value` (argument `a`'s, or inside it) with one alias replaced, every way.
    private func unaliasing(_ value: Value, inside a: Int, top: Bool) -> [Value] {
        if case .alias(let i) = value {
            guard i >= 0, i < arguments.count else { return [] }
            let named = arguments[i].value
            var out: [Value] = []
            // A copy, unless it would be the container inside itself again (an infinite copy).
            if i != a { out.append(named) }
            if let kind = named.containerKind, let empty = Self.empty(kind) { out.append(empty) }
            if !top { out.append(.singleton(.none)) }
            return out
        }
        let items = value.children
        var out: [Value] = []
        for k in items.indices {
            for variant in unaliasing(items[k], inside: a, top: false) {
                var copy = items
                copy[k] = variant
                out.append(value.withChildren(copy))
            }
        }
        return out
    }

    static func empty(_ kind: ArgumentKind) -> Value? {
        switch kind {
        case .list: .list([])
        case .tuple: .tuple([])
        case .dict: .dict([])
        case .ordereddict: .orderedDict([])
        case .set: .set([])
        case .frozenset: .frozenset([])
        case .deque: .deque([], maxlen: nil)
        case .bytearray: .bytearray([])
        case .array: .array(ArrayValue(typecode: .i))
        default: nil
        }
    }

    /// How many aliases the arguments hold (what un-aliasing lowers first).
    var aliasCount: Int {
        func count(_ v: Value) -> Int {
            if case .alias = v { return 1 }
            return v.children.reduce(0) { $0 + count($1) }
        }
        return arguments.reduce(0) { $0 + count($1.value) }
    }
}
