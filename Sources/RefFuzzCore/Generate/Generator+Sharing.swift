/// Arguments that share a value with an earlier one: the key a lookup is given is most often one the
/// mapping holds (`get(d, k)`, `lookup_ci({"Host": 1}, "HOST")`), the item an index is asked for one
/// the list holds. A str, int, bytes or float argument is sometimes equal to a key, member, item or
/// instance's value inside an earlier argument: an equal object of its own, not the same one (aliases
/// are `Value.alias`).
extension Generator {
    /// A value equal to one inside `earlier`, of a type `kind` takes, one time in four when there is one.
    /// The generator draws nothing when `earlier` holds none, so such cases are made as before.
    func sharedValue(_ kind: ArgumentKind, of earlier: [CallArgument], _ state: GenerationState,
                     _ rng: inout SplitMix64) -> Value? {
        guard reachI, !earlier.isEmpty, Self.shareableKinds.contains(kind) else { return nil }
        var candidates: [Value] = []
        func visit(_ value: Value, depth: Int) {
            guard depth <= limits.maxDepth + 1 else { return }
            if let equal = Self.equalValue(value, for: kind) { candidates.append(equal) }
            if case .instance(let n) = value, n < state.instanceValues.count {
                let (base, contents) = state.instanceValues[n]
                if base.rawValue == kind.rawValue, let equal = Self.equalValue(contents, for: kind) { candidates.append(equal) }
                contents.children.forEach { visit($0, depth: depth + 1) }
            }
            value.children.forEach { visit($0, depth: depth + 1) }
        }
        for argument in earlier { visit(argument.value, depth: 0) }
        guard !candidates.isEmpty, rng.chance(25) else { return nil }
        return candidates[Int(rng.next() % UInt64(candidates.count))]
    }

    static let shareableKinds: Set<ArgumentKind> = [.str, .int, .bytes, .float]

    /// A new object equal to scalar `value` when it is of a type `kind` takes (a str for a str, ...).
    static func equalValue(_ value: Value, for kind: ArgumentKind) -> Value? {
        switch (kind, value) {
        case (.str, .freshString(let s)), (.str, .internedString(let s)): .freshString(s)
        case (.int, .smallInt), (.int, .bigInt), (.int, .hugeInt), (.float, .float), (.bytes, .bytes): value
        default: nil
        }
    }
}
