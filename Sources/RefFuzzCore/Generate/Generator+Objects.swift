// The harness's own objects: mutators and callables, evil objects, iterators, file-like objects and
// instances of subclasses of built-in types. Each runs generated mutations when called, and may answer
// something other than the usual: a raise after its steps, a value the target may not expect, a lie.
extension Generator {
    /// A mutator's calls; a `callable` also answers each call with a value or a raise.
    func makeMutator(callable: Bool, targets: [StepTarget], _ rng: inout SplitMix64, _ state: inout GenerationState) -> MutatorProgram {
        let calls = makeCalls(targets: targets, &rng, &state)
        guard callable else { return MutatorProgram(calls: calls) }
        let count = max(calls.count, rng.int(in: 1...limits.maxCalls))
        let results = (0..<count).map { _ -> CallResult in
            switch rng.pick([10, 65, 25]) {
            case 0: return .usual
            case 1: return .value(callableResult(&rng, &state))
            default: return .raise(ExceptionType.allCases[rng.pick([25, 20, 10, 10, 25, 5, 0, 5])])
            }
        }
        return MutatorProgram(calls: calls, results: Self.trimmed(results))
    }

    /// What a callable hands back: a fresh object, one the target cannot handle, a big str or bytes,
    /// or a canary.
    func callableResult(_ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        switch rng.pick([35, 25, 15, 25]) {
        case 0:
            switch rng.pick([30, 30, 20, 20]) {
            case 0: return bigInt(&rng)
            case 1: return freshString(&rng)
            case 2: return .list((0..<rng.int(in: 0...3)).map { _ in stepValue(hashable: false, &rng, &state) })
            default: return .tuple((0..<rng.int(in: 0...3)).map { _ in stepValue(hashable: true, &rng, &state) })
            }
        case 1:
            let odd: [Value] = [.singleton(.none), .float(.nan), .bytes(Array("ab".utf8)), .dict([]), .smallInt(-1), .smallInt(0),
                                .hugeInt("18446744073709551616"), .internedString(""), .tuple([.tuple([])])]
            return odd[Int(rng.next() % UInt64(odd.count))]
        case 2:
            let long = rng.pick([3, 1]) // 10_000 or, just past 64 KiB, 70_000 items
            if rng.chance(50) { return .bytes(Self.bigBytes[long]) }
            return .freshString(Self.bigStrings[long][rng.pick([4, 2, 2, 2])])
        default:
            return freshCanary(&state)
        }
    }

    func makeEvil(targets: [StepTarget], _ rng: inout SplitMix64, _ state: inout GenerationState) -> EvilSpec {
        var evil = EvilSpec(constantHash: rng.chance(30))
        let dunders: [Dunder] = [.eq, .lt, .hash, .index, .repr, .del, .len, .lengthHint, .str, .bool]
        let weights = [25, 25, 20, 5, 15, 10] + (reachI ? [6, 4, 5, 5] : [0, 0, 0, 0])
        guard !targets.isEmpty || reachI else { return evil }
        let count = rng.pick([0, 70, 30])
        for _ in 0..<count {
            let dunder = dunders[rng.pick(weights)]
            // The new dunders mostly answer something odd; the classic ones mostly mutate.
            let answers = reachI && rng.chance(dunder.slot >= Dunder.len.slot ? 70 : 25)
            if !targets.isEmpty && (!answers || rng.chance(40)) {
                evil.programs[dunder] = makeCalls(targets: targets, &rng, &state)
            }
            if answers || targets.isEmpty {
                evil.results[dunder] = surprises(for: dunder.pythonName, &rng, &state)
            }
        }
        return evil
    }

    /// An iterator over `items` whose `__next__` may mutate (re-entering itself with `next` too), raise
    /// on some call or hand over another value, and whose `__length_hint__` may lie.
    func makeIterator(items: [Value], argument: Int?, targets: [StepTarget], _ rng: inout SplitMix64,
                      _ state: inout GenerationState) -> IteratorSpec {
        var own = targets
        if let argument, !own.contains(where: { $0.argument == argument }) { own.append(StepTarget(argument: argument, kind: .iterator)) }
        let calls = rng.chance(50) ? makeCalls(targets: own, &rng, &state) : []
        var results: [CallResult] = []
        switch rng.pick([60, 30, 10]) {
        case 1:
            let types: [ExceptionType] = [.valueError, .runtimeError, .typeError, .keyError, .stopIteration]
            results = Array(repeating: .usual, count: rng.int(in: 0...items.count)) + [.raise(types[rng.pick([3, 3, 2, 1, 2])])]
        case 2:
            results = Array(repeating: .usual, count: rng.int(in: 0...items.count)) + [.value(callableResult(&rng, &state))]
        default:
            break
        }
        let hint: Int?
        switch rng.pick([40, 25, 35]) {
        case 0: hint = nil
        case 1: hint = items.count
        default: hint = [0, items.count + 1, items.count * 2 + 5, 1_000_000, -1][rng.pick([3, 3, 2, 1, 1])]
        }
        return IteratorSpec(items: items, calls: calls, results: Self.trimmed(results), lengthHint: hint)
    }

    /// A file-like object: `write` most often, `read`, `readline` and `flush` sometimes; each may
    /// mutate, answer generated data, or raise `OSError` (mid-write: on a later call).
    func makeFile(targets: [StepTarget], _ rng: inout SplitMix64, _ state: inout GenerationState) -> FileSpec {
        var file = FileSpec()
        let chances: [FileMethod: Int] = [.write: 70, .read: 40, .readline: 30, .flush: 30]
        var methods = FileMethod.allCases.filter { rng.chance(chances[$0]!) }
        if methods.isEmpty { methods = [.write] }
        for method in methods {
            if !targets.isEmpty, rng.chance(50) { file.programs[method] = makeCalls(targets: targets, &rng, &state) }
            var results: [CallResult] = []
            switch method {
            case .write:
                if rng.chance(35) {
                    results = Array(repeating: .usual, count: rng.int(in: 0...2)) + [.raise(.osError)]
                } else if rng.chance(15) {
                    results = [.value([.smallInt(0), .smallInt(-1), .bigInt(1_000_000), .singleton(.none)][rng.pick([1, 1, 1, 1])])]
                }
            case .read, .readline:
                if rng.chance(80) {
                    results = (0..<rng.int(in: 1...3)).map { _ in .value(rng.chance(70) ? makeBytes(&rng) : makeString(&rng)) }
                } else {
                    results = Array(repeating: .usual, count: rng.int(in: 0...1)) + [.raise(.osError)]
                }
            case .flush:
                if rng.chance(30) { results = [.raise(.osError)] }
            }
            if !results.isEmpty { file.results[method] = Self.trimmed(results) }
        }
        return file
    }

    /// Draws an instance of a subclass of `base` holding a value of the base (its spec comes with the
    /// programs, once the arguments are known). In a set or as a key, its contents are hashable.
    func makeInstance(_ base: BuiltinBase, hashable: Bool = false, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        let depth = limits.maxDepth // the contents hold no containers
        let saved = (state.argument, state.argumentKind)
        (state.argument, state.argumentKind) = (nil, nil) // and no aliases
        defer { (state.argument, state.argumentKind) = saved }
        let value: Value
        switch base {
        case .str: value = makeString(&rng)
        case .int: value = makeInt(&rng)
        case .float: value = makeFloat(&rng)
        case .bytes: value = makeBytes(&rng)
        case .tuple: value = .tuple((0..<rng.int(in: 0...3)).map { _ in makeAny(depth: depth, hashable: hashable, &rng, &state) })
        case .list: value = .list((0..<rng.int(in: 0...3)).map { _ in makeAny(depth: depth, hashable: false, &rng, &state) })
        case .dict:
            value = .dict((0..<rng.int(in: 0...3)).map { _ in
                DictEntry(key: makeAny(depth: depth, hashable: true, &rng, &state), value: makeAny(depth: depth, hashable: false, &rng, &state))
            })
        }
        defer { state.instanceValues.append((base, value)) }
        return .instance(state.instanceValues.count)
    }

    /// The instance's overridden methods: one or two of them run mutations or answer oddly, or both (like
    /// an evil object's: an `__eq__` that empties the list and says True).
    func makeInstance(base: BuiltinBase, value: Value, targets: [StepTarget], _ rng: inout SplitMix64,
                      _ state: inout GenerationState) -> InstanceSpec {
        var instance = InstanceSpec(base: base, value: value)
        let methods = base.methods
        for _ in 0..<rng.int(in: 1...2) {
            let method = methods[Int(rng.next() % UInt64(methods.count))]
            if !targets.isEmpty, rng.chance(60) {
                instance.programs[method] = makeCalls(targets: targets, &rng, &state)
                if rng.chance(30) { instance.results[method] = surprises(for: method, &rng, &state) }
            } else {
                instance.results[method] = surprises(for: method, &rng, &state)
            }
        }
        return instance
    }

    /// The answers of a method's first calls: some usual, at least one a raise or an odd value.
    func surprises(for method: String, _ rng: inout SplitMix64, _ state: inout GenerationState) -> [CallResult] {
        var results = (0..<rng.int(in: 1...limits.maxCalls)).map { _ in
            rng.chance(40) ? CallResult.usual : surprise(for: method, &rng, &state)
        }
        if !results.contains(where: { $0 != .usual }) { results[results.count - 1] = surprise(for: method, &rng, &state) }
        return Self.trimmed(results)
    }

    /// A raise, or a value that lies or is of the wrong type for what `method` should answer (made
    /// only once chosen: some are big).
    func surprise(for method: String, _ rng: inout SplitMix64, _ state: inout GenerationState) -> CallResult {
        let group = SurpriseGroup(method)
        if group == .del { return .raise(.runtimeError) }
        if rng.chance(50) { return .raise(group.raises[Int(rng.next() % UInt64(group.raises.count))]) }
        let k = Int(rng.next() % UInt64(group.odd))
        switch group {
        case .compare: return .value(k == 3 ? freshCanary(&state) : [.singleton(.none), .smallInt(2), .freshString(Self.letters(&rng))][k])
        // Ints only: a hash that is no int only reaches CPython's own TypeError path, whose slot_tp_hash
        // leaks the answer before gh-140406's fix (3.11, 3.12 and early 3.13), so every target that
        // hashes would look like it leaks; a raise reaches the target's error handling all the same.
        case .hash: return .value([bigInt(&rng), .hugeInt("18446744073709551617"), .smallInt(-1), .bigInt(Int.min)][k])
        case .index: return .value([bigInt(&rng), .bigInt(Int.max), .hugeInt("18446744073709551616"), .smallInt(-1), .float(1.5)][k])
        case .length:
            return .value([.smallInt(rng.int(in: 0...9)), .smallInt(-1), .bigInt(1_000_000), .hugeInt("18446744073709551616"), .singleton(.none)][k])
        case .text:
            switch k {
            case 0: return .value(text(from: Self.bmp, &rng))
            case 1: return .value(.freshString(Self.bigStrings[0][0]))
            case 2: return .value(.smallInt(1))
            default: return .value(.bytes(Array("ab".utf8)))
            }
        case .bool: return .value([.smallInt(1), .singleton(.true), .singleton(.false), .singleton(.none)][k])
        case .float: return .value([.float(.infinity), .float(-0.0), .smallInt(1)][k])
        case .encode: return .value(k == 0 ? makeBytes(&rng) : .freshString(Self.letters(&rng)))
        case .items:
            switch k {
            case 0: return .value(.list([stepValue(hashable: true, &rng, &state)]))
            case 1: return .value(.smallInt(0))
            default: return .value(.tuple([]))
            }
        case .other, .del: return .value(callableResult(&rng, &state))
        }
    }

    /// Big values, made once per process (their storage is shared by every case that holds them).
    static let bigBytes = [10_000, 70_000].map { [UInt8](repeating: 0x61, count: $0) }
    static let bigStrings = [10_000, 70_000].map { count in ["a", "\u{e9}", "\u{20ac}", "\u{1f600}"].map { repeated($0, count) } }

    func freshCanary(_ state: inout GenerationState) -> Value {
        defer { state.canaries += 1 }
        return .canary(state.canaries)
    }

    /// The methods that answer alike: what they may raise, and how many odd answers they have.
    enum SurpriseGroup {
        case compare, hash, index, length, text, bool, float, encode, items, del, other

        init(_ method: String) {
            switch method {
            case "__eq__", "__lt__": self = .compare
            case "__hash__": self = .hash
            case "__index__", "__int__": self = .index
            case "__len__", "__length_hint__": self = .length
            case "__repr__", "__str__", "lower": self = .text
            case "__bool__": self = .bool
            case "__float__": self = .float
            case "encode": self = .encode
            case "keys", "items", "__iter__": self = .items
            case "__del__": self = .del
            default: self = .other
            }
        }

        var raises: [ExceptionType] {
            switch self {
            case .compare: [.typeError, .valueError, .runtimeError]
            case .hash: [.typeError]
            case .index, .length, .float: [.typeError, .overflowError]
            case .text, .bool: [.valueError, .runtimeError]
            case .encode: [.valueError, .typeError]
            case .items: [.typeError, .runtimeError]
            case .del: [.runtimeError]
            case .other: [.valueError, .typeError, .runtimeError, .keyError, .indexError]
            }
        }

        var odd: Int {
            switch self {
            case .compare, .hash, .text, .bool: 4
            case .index, .length: 5
            case .float, .items: 3
            case .encode: 2
            case .del, .other: 1
            }
        }
    }


    /// Results without the trailing `.usual`s (what `Case[results:]` keeps).
    static func trimmed(_ results: [CallResult]) -> [CallResult] {
        Array(results.reversed().drop { $0 == .usual }.reversed())
    }
}
