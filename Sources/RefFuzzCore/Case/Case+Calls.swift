extension Case {
    /// The case without call k of its stateful target: the call's arguments go with it, steps that
    /// mutated them go too, and later arguments are renumbered (in steps and aliases). nil when another
    /// argument is an alias of one of the removed ones (that case is not smaller, only different).
    public func removingCall(_ k: Int) -> Case? {
        guard k >= 0, k < calls.count else { return nil }
        let removed = argumentRange(ofCall: k)
        func renumbered(_ i: Int) -> Int? {
            if removed.contains(i) { return nil }
            return i >= removed.upperBound ? i - removed.count : i
        }
        var broken = false
        func map(_ v: Value) -> Value {
            if case .alias(let i) = v {
                guard let j = renumbered(i) else { broken = true; return v }
                return .alias(j)
            }
            return v.mappingChildren(map)
        }
        var c = self
        c.calls.remove(at: k)
        c.arguments = arguments.indices.filter { !removed.contains($0) }.map { CallArgument(name: arguments[$0].name, value: map(arguments[$0].value)) }
        for behaviour in behaviours {
            c[calls: behaviour] = self[calls: behaviour].map { steps in
                steps.compactMap { step -> MutationStep? in
                    if case .callMethod(let name, let values) = step { return .callMethod(name: name, values: values.map(map)) }
                    guard let j = renumbered(step.argument) else { return nil }
                    return step.on(argument: j)
                }
            }
        }
        return broken ? nil : c
    }
}
