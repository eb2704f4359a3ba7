/// An argument a step can act on: a mutable container, a buffer or an iterator.
struct StepTarget {
    var argument: Int
    var kind: ArgumentKind
    /// The type code of an array argument (the numbers a step stores stay within its range).
    var typecode: ArrayTypecode?
}

extension Generator {
    /// The arguments the case's programs may mutate (aliases are reached through the argument they name).
    func stepTargets(_ arguments: [CallArgument]) -> [StepTarget] {
        arguments.enumerated().compactMap { i, a -> StepTarget? in
            if case .iterator = a.value { return reachI ? StepTarget(argument: i, kind: .iterator) : nil }
            guard let kind = a.value.containerKind, kind.isMutable else { return nil }
            if case .array(let array) = a.value { return StepTarget(argument: i, kind: kind, typecode: array.typecode) }
            return StepTarget(argument: i, kind: kind)
        }
    }

    /// A mutator's or dunder's calls: most first calls change the container, many empty it. Some act
    /// only on their Nth call (the earlier ones do nothing: a compare that clears the list the second
    /// time it runs).
    func makeCalls(targets: [StepTarget], _ rng: inout SplitMix64, _ state: inout GenerationState) -> [[MutationStep]] {
        guard !targets.isEmpty else { return [] }
        let calls = rng.int(in: 1...limits.maxCalls)
        var program = (0..<calls).map { _ in
            let steps = rng.pick([0, 55, 30, 15].prefix(limits.maxSteps + 1).map { $0 })
            return (0..<max(steps, 1)).map { _ in makeStep(targets: targets, &rng, &state) }
        }
        if calls > 1, rng.chance(10) {
            let idle = rng.int(in: 1...calls - 1)
            program = Array(repeating: [], count: idle) + program.prefix(calls - idle)
        }
        return program
    }

    func makeStep(targets: [StepTarget], _ rng: inout SplitMix64, _ state: inout GenerationState) -> MutationStep {
        let target = targets[Int(rng.next() % UInt64(targets.count))]
        let argument = target.argument
        let position = [-1, 0, 1, -2, 2, 3][rng.pick([40, 15, 15, 10, 10, 10])]
        switch target.kind {
        case .dict, .ordereddict:
            let ordered = target.kind == .ordereddict
            switch rng.pick([30, 25, 15, 30, ordered ? 15 : 0, ordered ? 10 : 0]) {
            case 0: return .clear(argument: argument)
            case 1: return .dictDelete(argument: argument, entry: rng.int(in: 0...3))
            case 2: return .dictPopItem(argument: argument)
            case 3: return .dictSet(argument: argument, key: stepValue(hashable: true, &rng, &state),
                                    value: stepValue(hashable: false, &rng, &state))
            case 4: return .moveToEnd(argument: argument, entry: rng.int(in: 0...3), last: rng.chance(60))
            default: return .popItemFirst(argument: argument)
            }
        case .set:
            switch rng.pick([30, 30, 20, 20, reachI ? 15 : 0]) {
            case 0: return .clear(argument: argument)
            case 1: return .setDiscard(argument: argument, member: rng.int(in: 0...3))
            case 2: return .setPop(argument: argument)
            case 3: return .setAdd(argument: argument, value: stepValue(hashable: true, &rng, &state))
            default:
                let values = (0..<rng.int(in: 1...3)).map { _ in stepValue(hashable: true, &rng, &state) }
                return .setUpdate(argument: argument, op: SetOperator.allCases[rng.pick([1, 1, 1, 1])], values: values)
            }
        case .deque:
            switch rng.pick([20, 15, 15, 12, 12, 10, 6, 5, 5]) {
            case 0: return .clear(argument: argument)
            case 1: return .pop(argument: argument, at: -1)
            case 2: return .popLeft(argument: argument)
            case 3: return .append(argument: argument, value: stepValue(hashable: false, &rng, &state))
            case 4: return .appendLeft(argument: argument, value: stepValue(hashable: false, &rng, &state))
            case 5: return .rotate(argument: argument, by: [-2, -1, 1, 2, 3][rng.pick([1, 2, 3, 1, 1])])
            case 6: return .insert(argument: argument, at: position, value: stepValue(hashable: false, &rng, &state))
            case 7: return .setItem(argument: argument, at: position, value: stepValue(hashable: false, &rng, &state))
            default: return .deleteItem(argument: argument, at: position)
            }
        case .bytearray, .array:
            let number = { (rng: inout SplitMix64) in self.bufferNumber(target, &rng) }
            switch rng.pick([18, 12, 10, 10, 6, 6, 6, 5, 14, 13]) {
            case 0: return .clear(argument: argument)
            case 1: return .pop(argument: argument, at: position)
            case 2: return .deleteItem(argument: argument, at: position)
            case 3: return .append(argument: argument, value: number(&rng))
            case 4: return .insert(argument: argument, at: position, value: number(&rng))
            case 5: return .setItem(argument: argument, at: position, value: number(&rng))
            case 6:
                let from = rng.int(in: -2...1)
                return .deleteSlice(argument: argument, from: from, to: from + rng.int(in: 1...3))
            case 7: return .reverse(argument: argument)
            case 8:
                let count = rng.chance(80) ? rng.int(in: 1...8) : [9, 17, 65][rng.pick([1, 1, 1])]
                return .extendBuffer(argument: argument, bytes: Self.randomBytes(count, &rng))
            default: return .resize(argument: argument, length: [0, 1, 8, 9, 16, 17, 64, 65][rng.pick([3, 2, 1, 1, 1, 1, 1, 1])])
            }
        case .iterator:
            return .next(argument: argument)
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

    /// A number a buffer stores: a byte for a bytearray, an item of the array's type code.
    func bufferNumber(_ target: StepTarget, _ rng: inout SplitMix64) -> Value {
        guard let code = target.typecode else { return .smallInt(rng.int(in: 0...255)) }
        if code.isReal { return .float(arrayReal(code, &rng)) }
        let range = max(code.range.lowerBound, -5)...min(code.range.upperBound, 256)
        return .smallInt(rng.int(in: range))
    }

    /// Values that steps store: scalars, fresh canaries included (a step's canary is never reused).
    func stepValue(hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        switch rng.pick([35, 30, 15, 12, 8, reachI ? 4 : 0, reachI ? 3 : 0]) {
        case 0:
            defer { state.canaries += 1 }
            return .canary(state.canaries)
        case 1: return rng.chance(85) ? bigInt(&rng) : makeInt(&rng)
        case 2: return rng.chance(85) ? .freshString(Self.letters(&rng)) : freshString(&rng)
        case 3: return smallInt(&rng)
        case 4: return .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
        case 5: return makeFloat(&rng)
        default: return makeBytes(&rng)
        }
    }

    /// Two to four lower-case letters: the plainest fresh string.
    static func letters(_ rng: inout SplitMix64) -> String {
        let count = rng.int(in: 2...4)
        return String(unsafeUninitializedCapacity: count) { buffer in
            for k in 0..<count { buffer[k] = 0x61 + UInt8(rng.next() % 26) }
            return count
        }
    }
}
