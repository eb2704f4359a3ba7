/// Makes cases for one target: seeded (same seed and index, same case), size-bounded, and weighted toward
/// the shapes that find reference-counting bugs: short containers, values held only by their container,
/// mutators that empty the container, evil objects whose dunders mutate it mid-call.
///
///     let generator = Generator(spec: try TargetSpec(parsing: "mymod:pop(list,mutator)"))
///     let c = generator.generate(seed: 42, index: 0)   // always the same case
public struct Generator: Sendable {
    public var spec: TargetSpec
    public var limits: Limits

    public struct Limits: Hashable, Sendable {
        public var maxElements = 6
        public var maxDepth = 2
        public var maxCalls = 3
        public var maxSteps = 3
        public init() {}
    }

    public init(spec: TargetSpec, limits: Limits = Limits()) {
        self.spec = spec
        self.limits = limits
    }

    public func generate(seed: UInt64, index: Int) -> Case {
        var rng = SplitMix64(seed: SplitMix64.caseSeed(run: seed, target: spec.description, index: index))
        var state = GenerationState()
        var arguments: [CallArgument] = []
        for argument in spec.arguments {
            arguments.append(CallArgument(name: argument.name, value: makeArgument(argument.kind, &rng, &state)))
        }
        // Programs are made once the arguments are known: their steps name the container arguments.
        let targets = arguments.enumerated().compactMap { i, a -> (Int, ArgumentKind)? in
            guard let kind = a.value.containerKind, kind.isMutable else { return nil }
            return (i, kind)
        }
        let mutators = (0..<state.mutators).map { _ in
            MutatorProgram(calls: makeCalls(targets: targets, &rng, &state))
        }
        var evils: [EvilSpec] = []
        for _ in 0..<state.evils {
            evils.append(makeEvil(targets: targets, &rng, &state))
        }
        let iterators = (0..<state.iterators).map { _ in
            IteratorSpec(items: makeElements(depth: 1, hashable: false, &rng, &state), calls: makeCalls(targets: targets, &rng, &state))
        }
        let files = (0..<state.files).map { _ in
            FileSpec(programs: [.write: makeCalls(targets: targets, &rng, &state)])
        }
        return Case(target: spec, arguments: arguments, mutators: mutators, evils: evils, iterators: iterators, files: files,
                    extraReference: false, seed: seed, index: index)
    }

    /// Counters of the numbered objects made so far.
    struct GenerationState {
        var canaries = 0
        var evils = 0
        var mutators = 0
        var iterators = 0
        var files = 0
        /// Canaries made so far that may be repeated (aliasing).
        var aliasable: [Int] = []
    }

    func makeArgument(_ kind: ArgumentKind, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        switch kind {
        case .list: return .list(makeElements(depth: 1, hashable: false, &rng, &state))
        case .tuple: return .tuple(makeElements(depth: 1, hashable: false, &rng, &state))
        case .set: return .set(makeElements(depth: 1, hashable: true, &rng, &state))
        case .dict: return makeDict(depth: 1, &rng, &state)
        case .int: return rng.chance(50) ? smallInt(&rng) : bigInt(&rng)
        case .str: return rng.chance(40) ? internedString(&rng) : freshString(&rng)
        case .frozenset: return .frozenset(makeElements(depth: 1, hashable: true, &rng, &state))
        case .deque: return .deque(makeElements(depth: 1, hashable: false, &rng, &state), maxlen: rng.chance(15) ? rng.int(in: 1...4) : nil)
        case .ordereddict:
            guard case .dict(let entries) = makeDict(depth: 1, &rng, &state) else { return .orderedDict([]) }
            return .orderedDict(entries)
        case .bytearray: return .bytearray((0..<elementCount(&rng)).map { _ in UInt8(rng.int(in: 0...255)) })
        case .array: return .array(ArrayValue(typecode: .i, integers: (0..<elementCount(&rng)).map { _ in rng.int(in: -1000...1000) }))
        case .float: return .float([0.0, -0.0, 1.5, .nan, .infinity][rng.pick([3, 1, 4, 1, 1])])
        case .bytes: return .bytes(Array("ab".utf8) + (0..<rng.int(in: 0...10)).map { _ in UInt8(rng.int(in: 0...255)) })
        case .mutator, .callable:
            defer { state.mutators += 1 }
            return .mutator(state.mutators)
        case .iterator:
            defer { state.iterators += 1 }
            return .iterator(state.iterators)
        case .file:
            defer { state.files += 1 }
            return .file(state.files)
        case .any: return makeAny(depth: 0, hashable: false, &rng, &state)
        case .self: return .singleton(.none) // parsed only for stateful targets (refused elsewhere)
        }
    }

    /// Short lists are the ones that find bugs: most have 1 to 3 elements.
    func elementCount(_ rng: inout SplitMix64) -> Int {
        let counts = [0, 1, 2, 3, 4, 5, 6].filter { $0 <= limits.maxElements }
        let weights = [8, 26, 24, 16, 10, 8, 8].prefix(counts.count)
        return counts[rng.pick(Array(weights))]
    }

    func makeElements(depth: Int, hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> [Value] {
        (0..<elementCount(&rng)).map { _ in makeAny(depth: depth, hashable: hashable, &rng, &state) }
    }

    func makeDict(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        .dict((0..<elementCount(&rng)).map { _ in
            DictEntry(key: makeAny(depth: depth, hashable: true, &rng, &state),
                      value: makeAny(depth: depth, hashable: false, &rng, &state))
        })
    }

    func makeAny(depth: Int, hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        // canary, big int, fresh str, small int, interned str, singleton, evil, alias, container
        let containers = !hashable && depth < limits.maxDepth
        let alias = !state.aliasable.isEmpty
        let weights = [22, 18, 10, 14, 6, 6, 12, alias ? 4 : 0, containers ? 10 : 0]
        switch rng.pick(weights) {
        case 0:
            defer { state.canaries += 1 }
            state.aliasable.append(state.canaries)
            return .canary(state.canaries)
        case 1: return bigInt(&rng)
        case 2: return freshString(&rng)
        case 3: return smallInt(&rng)
        case 4: return internedString(&rng)
        case 5: return .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
        case 6:
            defer { state.evils += 1 }
            return .evil(state.evils)
        case 7: return .canary(state.aliasable[Int(rng.next() % UInt64(state.aliasable.count))])
        default:
            switch rng.pick([5, 3, 2, 2]) {
            case 0: return .list(makeElements(depth: depth + 1, hashable: false, &rng, &state))
            case 1: return .tuple(makeElements(depth: depth + 1, hashable: false, &rng, &state))
            case 2: return makeDict(depth: depth + 1, &rng, &state)
            default: return .set(makeElements(depth: depth + 1, hashable: true, &rng, &state))
            }
        }
    }

    func smallInt(_ rng: inout SplitMix64) -> Value { .smallInt(rng.int(in: 0...9)) }
    /// Far outside any small-int cache (CPython's is -5..256 in 3.11 and wider later).
    func bigInt(_ rng: inout SplitMix64) -> Value { .bigInt(1_000_000 + rng.int(in: 0...999)) }

    static let identifiers = ["append", "keys", "items", "pop", "join", "get", "update", "format", "__init__", "__name__"]
    func internedString(_ rng: inout SplitMix64) -> Value {
        .internedString(Self.identifiers[Int(rng.next() % UInt64(Self.identifiers.count))])
    }

    func freshString(_ rng: inout SplitMix64) -> Value {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let n = rng.int(in: 2...4)
        return .freshString(String((0..<n).map { _ in letters[Int(rng.next() % 26)] }))
    }
}
