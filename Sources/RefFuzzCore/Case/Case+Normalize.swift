extension Case {
    /// The case with every value that a mutation step stores replaced by `transform` of it.
    public func mappingStepValues(_ transform: (Value) -> Value) -> Case {
        var c = self
        c.mutators = mutators.map { MutatorProgram(calls: $0.calls.map { $0.map { $0.mappingValues(transform) } }) }
        c.evils = evils.map { evil in
            EvilSpec(constantHash: evil.constantHash, programs: evil.programs.mapValues { $0.map { $0.map { $0.mappingValues(transform) } } })
        }
        return c
    }

    /// Renumbers canaries, evil objects and mutators densely (keeping their relative order, which
    /// decides how canaries sort), and drops evil specs and mutators nothing refers to.
    public func normalized() -> Case {
        // Evil objects and mutators appear in the arguments only; their programs count only if they do.
        var canaries = Set<Int>(), evilsUsed = Set<Int>(), mutatorsUsed = Set<Int>()
        func collect(_ v: Value) {
            switch v {
            case .canary(let n): canaries.insert(n)
            case .evil(let n): evilsUsed.insert(n)
            case .mutator(let n): mutatorsUsed.insert(n)
            default: v.children.forEach(collect)
            }
        }
        arguments.forEach { collect($0.value) }
        for m in mutatorsUsed where m < mutators.count {
            mutators[m].calls.joined().flatMap(\.values).forEach(collect)
        }
        for e in evilsUsed where e < evils.count {
            evils[e].programs.values.joined().joined().flatMap(\.values).forEach(collect)
        }
        let canaryMap = Dictionary(uniqueKeysWithValues: canaries.sorted().enumerated().map { ($1, $0) })
        let evilOrder = evilsUsed.sorted().filter { $0 < evils.count }
        let evilMap = Dictionary(uniqueKeysWithValues: evilOrder.enumerated().map { ($1, $0) })
        let mutatorOrder = mutatorsUsed.sorted().filter { $0 < mutators.count }
        let mutatorMap = Dictionary(uniqueKeysWithValues: mutatorOrder.enumerated().map { ($1, $0) })
        func map(_ v: Value) -> Value {
            switch v {
            case .canary(let n): .canary(canaryMap[n] ?? n)
            case .evil(let n): .evil(evilMap[n] ?? n)
            case .mutator(let n): .mutator(mutatorMap[n] ?? n)
            case .list(let items): .list(items.map(map))
            case .tuple(let items): .tuple(items.map(map))
            case .set(let items): .set(items.map(map))
            case .dict(let entries): .dict(entries.map { DictEntry(key: map($0.key), value: map($0.value)) })
            default: v
            }
        }
        var c = self
        c.arguments = arguments.map { CallArgument(name: $0.name, value: map($0.value)) }
        c.mutators = mutatorOrder.map { mutators[$0] }
        c.evils = evilOrder.map { evils[$0] }
        return c.mappingStepValues(map)
    }
}
