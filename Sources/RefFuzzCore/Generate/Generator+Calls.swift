/// A stateful target's calls: a sequence of its listed methods (repeats allowed, so a table fills and
/// resizes), each call's arguments per that method's kinds, and the `callMethod` steps that re-enter
/// the object from the programs of mutators, evil objects and the other callbacks.
extension Generator {
    /// The calls of a case (one for `CALLABLE(...).CALL`), their arguments appended to `arguments`.
    func makeMethodCalls(_ arguments: inout [CallArgument], _ rng: inout SplitMix64, _ state: inout GenerationState) -> [MethodCall] {
        let methods = spec.methods
        guard !methods.isEmpty else { return [] }
        var count = 1
        if case .calls = spec.object {
            // Any number up to the most, the most more often (a table that fills up).
            count = rng.chance(20) ? limits.maxMethodCalls : rng.int(in: 1...max(1, limits.maxMethodCalls))
        }
        var calls: [MethodCall] = []
        for _ in 0..<count {
            // Runs of one method (puts that fill a table until it resizes) as often as any method.
            var method = methods[Int(rng.next() % UInt64(methods.count))]
            if let last = calls.last, rng.chance(40), let same = methods.first(where: { $0.name == last.method }) { method = same }
            calls.append(MethodCall(method: method.name))
            // A canary belongs to one call: the arguments of a call the harness released may be gone.
            state.aliasable = []
            for argument in method.arguments {
                let i = arguments.count
                state.argument = i
                state.argumentKind = argument.kind
                let value = methodArgument(argument.kind, of: arguments, &rng, &state)
                arguments.append(CallArgument(name: argument.name, value: value))
                if value.isContainer || value.dataClass == .buffer { state.aliasableArguments.append(i) }
            }
        }
        state.argument = nil
        state.argumentKind = nil
        return calls
    }

    /// An argument of a call: the object for `self` (and sometimes for `any`), else as a function's.
    func methodArgument(_ kind: ArgumentKind, of earlier: [CallArgument], _ rng: inout SplitMix64,
                        _ state: inout GenerationState) -> Value {
        if kind == .self || (kind == .any && rng.chance(8)) { return .selfObject }
        return aliasArgument(kind, of: earlier, &rng) ?? sharedValue(kind, of: earlier, state, &rng) ?? makeArgument(kind, &rng, &state)
    }

    /// The step target that stands for the object: a program's step on it calls one of its methods.
    var objectTarget: StepTarget? {
        spec.isStateful && !spec.methods.isEmpty ? StepTarget(argument: MutationStep.onTheObject, kind: .self) : nil
    }

    /// `self.name(*values)`: a listed method, with values per its kinds: the object for `self` (and
    /// sometimes for `any`), new plain values, or an argument of the case of the kind wanted.
    func makeMethodStep(_ rng: inout SplitMix64, _ state: inout GenerationState) -> MutationStep {
        let methods = spec.methods
        let method = methods[Int(rng.next() % UInt64(methods.count))]
        let values = method.arguments.filter { $0.name == nil }.map { argument in
            methodStepValue(argument.kind, &rng, &state)
        }
        return .callMethod(name: method.name, values: values)
    }

    func methodStepValue(_ kind: ArgumentKind, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        switch kind {
        case .self: return .selfObject
        case .any: return rng.chance(12) ? .selfObject : stepValue(hashable: false, &rng, &state)
        case .int: return makeInt(&rng)
        case .str: return makeString(&rng)
        case .float: return makeFloat(&rng)
        case .bytes: return makeBytes(&rng)
        case .list: return .list((0..<rng.int(in: 0...3)).map { _ in stepValue(hashable: false, &rng, &state) })
        case .tuple: return .tuple((0..<rng.int(in: 0...3)).map { _ in stepValue(hashable: false, &rng, &state) })
        case .set: return .set((0..<rng.int(in: 0...3)).map { _ in stepValue(hashable: true, &rng, &state) })
        case .dict:
            return .dict((0..<rng.int(in: 0...2)).map { _ in
                DictEntry(key: stepValue(hashable: true, &rng, &state), value: stepValue(hashable: false, &rng, &state))
            })
        default:
            // A harness object or another container: one the case has of that kind, else None.
            let candidates = state.methodStepArguments.filter { $0.kind == kind }
            guard !candidates.isEmpty else { return .singleton(.none) }
            return .alias(candidates[Int(rng.next() % UInt64(candidates.count))].argument)
        }
    }
}
