extension Generator {
    /// A mutator's or dunder's calls: most first calls change the container, many empty it.
    func makeCalls(targets: [(Int, ArgumentKind)], _ rng: inout SplitMix64, _ state: inout GenerationState) -> [[MutationStep]] {
        guard !targets.isEmpty else { return [] }
        let calls = rng.int(in: 1...limits.maxCalls)
        return (0..<calls).map { _ in
            let steps = rng.pick([0, 55, 30, 15].prefix(limits.maxSteps + 1).map { $0 })
            return (0..<max(steps, 1)).map { _ in makeStep(targets: targets, &rng, &state) }
        }
    }

    func makeEvil(targets: [(Int, ArgumentKind)], _ rng: inout SplitMix64, _ state: inout GenerationState) -> EvilSpec {
        var evil = EvilSpec(constantHash: rng.chance(30))
        guard !targets.isEmpty else { return evil }
        let dunders: [Dunder] = [.eq, .lt, .hash, .index, .repr, .del]
        let count = rng.pick([0, 70, 30])
        for _ in 0..<count {
            let dunder = dunders[rng.pick([25, 25, 20, 5, 15, 10])]
            evil.programs[dunder] = makeCalls(targets: targets, &rng, &state)
        }
        return evil
    }

    func makeStep(targets: [(Int, ArgumentKind)], _ rng: inout SplitMix64, _ state: inout GenerationState) -> MutationStep {
        let (argument, kind) = targets[Int(rng.next() % UInt64(targets.count))]
        let index = rng.pick([40, 15, 15, 10, 10, 10])
        let position = [-1, 0, 1, -2, 2, 3][index]
        switch kind {
        case .dict:
            switch rng.pick([30, 25, 15, 30]) {
            case 0: return .clear(argument: argument)
            case 1: return .dictDelete(argument: argument, entry: rng.int(in: 0...3))
            case 2: return .dictPopItem(argument: argument)
            default: return .dictSet(argument: argument, key: stepValue(hashable: true, &rng, &state),
                                     value: stepValue(hashable: false, &rng, &state))
            }
        case .set:
            switch rng.pick([30, 30, 20, 20]) {
            case 0: return .clear(argument: argument)
            case 1: return .setDiscard(argument: argument, member: rng.int(in: 0...3))
            case 2: return .setPop(argument: argument)
            default: return .setAdd(argument: argument, value: stepValue(hashable: true, &rng, &state))
            }
        default:
            switch rng.pick([25, 15, 10, 12, 8, 10, 5, 8, 7]) {
            case 0: return .clear(argument: argument)
            case 1: return .pop(argument: argument, at: position)
            case 2: return .deleteItem(argument: argument, at: position)
            case 3: return .append(argument: argument, value: stepValue(hashable: false, &rng, &state))
            case 4: return .insert(argument: argument, at: position, value: stepValue(hashable: false, &rng, &state))
            case 5: return .setItem(argument: argument, at: position, value: stepValue(hashable: false, &rng, &state))
            case 6:
                let from = rng.int(in: -2...1)
                return .deleteSlice(argument: argument, from: from, to: from + rng.int(in: 1...3))
            case 7: return .sort(argument: argument)
            default: return .reverse(argument: argument)
            }
        }
    }

    /// Values that steps store: scalars, fresh canaries included (a step's canary is never reused).
    func stepValue(hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        switch rng.pick([35, 30, 15, 12, 8]) {
        case 0:
            defer { state.canaries += 1 }
            return .canary(state.canaries)
        case 1: return bigInt(&rng)
        case 2: return freshString(&rng)
        case 3: return smallInt(&rng)
        default: return .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
        }
    }
}
