/// Makes cases for one target: seeded (same seed and index, same case), size-bounded, and weighted toward
/// the shapes that find reference-counting bugs: short containers, values held only by their container,
/// mutators that empty the container, evil objects whose dunders mutate it mid-call. Rarer draws reach
/// the edges: long containers, the int, float, str and bytes classes of TARGETS.md, aliased arguments
/// and arguments equal to a key or item of an earlier one,
/// programs that act only on their Nth call, and values from a dictionary.
///
///     let generator = Generator(spec: try TargetSpec(parsing: "mymod:pop(list,mutator)"))
///     let c = generator.generate(seed: 42, index: 0)   // always the same case
public struct Generator: Sendable {
    public var spec: TargetSpec { didSet { targetHash = SplitMix64.fnv1a(spec.description) } }
    public var configuration: Configuration
    /// The hash of the spec's canonical text, which every case's seed mixes in (made once).
    private var targetHash: UInt64

    public struct Limits: Hashable, Sendable {
        /// The most elements of a container: most are short (0 to `shortElements`), a few are long
        /// enough to leave the fast paths (past 8, 16 and 64 items, a few hundred).
        public var maxElements = 400
        public var shortElements = 6
        public var maxDepth = 2
        public var maxCalls = 3
        public var maxSteps = 3
        /// The most calls a stateful case makes on its object.
        public var maxMethodCalls = 8
        public init() {}
    }

    /// What the generated cases may hold.
    public enum Reach: Hashable, Sendable, Codable {
        /// What the executor built before Reach I: through the kinds it knew (list, tuple, dict, set,
        /// int, str, any, mutator), only ints of 64 bits, strings, singletons, canaries, evil objects with
        /// the six classic dunders and no results, lists, tuples, dicts and sets, and their classic steps.
        /// The new kinds, named in a spec, are made in full.
        case classic
        /// Everything of Reach I: floats, bytes, huge ints, the new containers and buffers inside `any`
        /// and containers, instances of built-in subclasses, aliases, raising and lying dunders, set
        /// operators and `next(iterator)` steps.
        case reachI
    }

    public struct Configuration: Hashable, Sendable {
        public var limits: Limits
        /// Example values mixed into the generated ones (`fuzz --values`, the module's constants).
        public var dictionary: ValueDictionary
        public var reach: Reach

        public init(limits: Limits = Limits(), dictionary: ValueDictionary = ValueDictionary(), reach: Reach = .reachI) {
            self.limits = limits
            self.dictionary = dictionary
            self.reach = reach
        }
    }

    public var limits: Limits {
        get { configuration.limits }
        set { configuration.limits = newValue }
    }

    var reachI: Bool { configuration.reach == .reachI }
    var dictionary: ValueDictionary { configuration.dictionary }

    public init(spec: TargetSpec, configuration: Configuration = Configuration()) {
        self.spec = spec
        self.configuration = configuration
        targetHash = SplitMix64.fnv1a(spec.description)
        // Built here, once, in the process that forks the fuzzing children, instead of in each child.
        _ = Self.bigStrings
    }

    public init(spec: TargetSpec, limits: Limits) {
        self.init(spec: spec, configuration: Configuration(limits: limits))
    }

    public func generate(seed: UInt64, index: Int) -> Case {
        var rng = SplitMix64(seed: SplitMix64.caseSeed(run: seed, targetHash: targetHash, index: index))
        var state = GenerationState()
        var arguments: [CallArgument] = []
        for (i, argument) in spec.arguments.enumerated() {
            state.argument = i
            state.argumentKind = argument.kind
            let value = aliasArgument(argument.kind, of: arguments, &rng) ?? sharedValue(argument.kind, of: arguments, state, &rng)
                ?? makeArgument(argument.kind, &rng, &state)
            arguments.append(CallArgument(name: argument.name, value: value))
            if value.isContainer || value.dataClass == .buffer { state.aliasableArguments.append(i) }
        }
        state.argument = nil
        state.argumentKind = nil
        let calls = spec.isStateful ? makeMethodCalls(&arguments, &rng, &state) : []
        if spec.isStateful {
            let kinds = spec.arguments.map(\.kind) + calls.flatMap { call in
                spec.methods.first { $0.name == call.method }?.arguments.map(\.kind) ?? []
            }
            state.methodStepArguments = kinds.enumerated().filter { $0.element != .self && $0.offset < arguments.count }
                .map { StepTarget(argument: $0.offset, kind: $0.element) }
        }
        // The values the harness's objects hold are made before any program, so every evil object they
        // bring has its spec made below.
        let iteratorItems = (0..<state.iterators).map { _ in makeElements(depth: 1, hashable: false, &rng, &state) }
        // Programs are made once the arguments are known: their steps name the container arguments.
        let targets = stepTargets(arguments)
        let mutators = state.mutatorKinds.map { kind in makeMutator(callable: kind == .callable, targets: targets, &rng, &state) }
        var iterators: [IteratorSpec] = []
        for (n, items) in iteratorItems.enumerated() {
            iterators.append(makeIterator(items: items, argument: state.iteratorArguments[n], targets: targets, &rng, &state))
        }
        let files = (0..<state.files).map { _ in makeFile(targets: targets, &rng, &state) }
        var instances: [InstanceSpec] = []
        for (base, value) in state.instanceValues {
            instances.append(makeInstance(base: base, value: value, targets: targets, &rng, &state))
        }
        var evils: [EvilSpec] = []
        for _ in 0..<state.evils {
            evils.append(makeEvil(targets: targets, &rng, &state))
        }
        return Case(target: spec, arguments: arguments, mutators: mutators, evils: evils, iterators: iterators, files: files,
                    instances: instances, calls: calls, extraReference: false, seed: seed, index: index)
    }

    /// Counters of the numbered objects made so far, and what the argument being made may refer to.
    struct GenerationState {
        var canaries = 0
        var evils = 0
        var iterators = 0
        var files = 0
        /// The kind of each mutator (`mutator` or `callable`), by number.
        var mutatorKinds: [ArgumentKind] = []
        /// The argument each iterator is (its own `next` steps re-enter it).
        var iteratorArguments: [Int?] = []
        /// The base and contents of each instance, by number.
        var instanceValues: [(BuiltinBase, Value)] = []
        /// Canaries made so far that may be repeated (one object in several places).
        var aliasable: [Int] = []
        /// Arguments made so far that hold objects or storage (an argument inside another).
        var aliasableArguments: [Int] = []
        /// The argument being made, and its kind (a mutable container may hold itself).
        var argument: Int?
        var argumentKind: ArgumentKind?
        /// A case has one long container at most.
        var madeLong = false
        /// For a stateful target: the arguments a `callMethod` step may pass again, with their kinds.
        var methodStepArguments: [StepTarget] = []
    }

    func makeArgument(_ kind: ArgumentKind, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        if reachI, let base = BuiltinBase(rawValue: kind.rawValue), rng.chance(4) {
            return makeInstance(base, &rng, &state)
        }
        switch kind {
        case .list: return .list(makeElements(depth: 1, hashable: false, &rng, &state))
        case .tuple: return .tuple(makeElements(depth: 1, hashable: false, &rng, &state))
        case .set: return .set(makeElements(depth: 1, hashable: true, &rng, &state))
        case .frozenset: return .frozenset(makeElements(depth: 1, hashable: true, &rng, &state))
        case .dict: return .dict(makeEntries(depth: 1, &rng, &state))
        case .ordereddict: return .orderedDict(makeEntries(depth: 1, &rng, &state))
        case .deque: return makeDeque(depth: 1, &rng, &state)
        case .bytearray: return .bytearray(makeBuffer(depth: 1, &rng, &state))
        case .array: return .array(makeArray(depth: 1, &rng, &state))
        case .int: return makeInt(&rng)
        case .float: return makeFloat(&rng)
        case .str: return makeString(&rng)
        case .bytes: return makeBytes(&rng)
        case .mutator, .callable:
            defer { state.mutatorKinds.append(kind) }
            return .mutator(state.mutatorKinds.count)
        case .iterator:
            defer { state.iterators += 1 }
            state.iteratorArguments.append(state.argument)
            return .iterator(state.iterators)
        case .file:
            defer { state.files += 1 }
            return .file(state.files)
        case .any: return makeAny(depth: 0, hashable: false, &rng, &state)
        case .self: return .singleton(.none) // parsed only for stateful targets (refused elsewhere)
        }
    }

    /// Sometimes the object of an earlier argument again (`f(a, a)`): one the spec's kind accepts.
    func aliasArgument(_ kind: ArgumentKind, of earlier: [CallArgument], _ rng: inout SplitMix64) -> Value? {
        guard reachI, !earlier.isEmpty, rng.chance(6) else { return nil }
        let candidates = earlier.indices.filter { i in
            let v = earlier[i].value
            return (v.isContainer || v.dataClass == .buffer) && kind.accepts(v)
        }
        guard !candidates.isEmpty else { return nil }
        return .alias(candidates[Int(rng.next() % UInt64(candidates.count))])
    }

    func makeAny(depth: Int, hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        let containers = !hashable && depth < limits.maxDepth
        let repeated = !state.aliasable.isEmpty
        let alias = reachI && !hashable && !aliasTargets(state).isEmpty
        // canary, int, str, singleton, evil, repeated canary, container, float, bytes, instance, alias
        let weights = [22, 32, 16, 6, 12, repeated ? 4 : 0, containers ? 10 : 0,
                       reachI ? 3 : 0, reachI ? 3 : 0, reachI ? 4 : 0, alias ? 2 : 0]
        switch rng.pick(weights) {
        case 0:
            defer { state.canaries += 1 }
            state.aliasable.append(state.canaries)
            return .canary(state.canaries)
        case 1: return makeInt(&rng)
        case 2: return makeString(&rng)
        case 3: return .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
        case 4:
            defer { state.evils += 1 }
            return .evil(state.evils)
        case 5: return .canary(state.aliasable[Int(rng.next() % UInt64(state.aliasable.count))])
        case 6: return makeContainer(depth: depth + 1, &rng, &state)
        case 7: return makeFloat(&rng)
        case 8: return makeBytes(&rng)
        case 9:
            let bases: [BuiltinBase] = hashable ? [.str, .int, .float, .bytes, .tuple] : BuiltinBase.allCases
            return makeInstance(bases[Int(rng.next() % UInt64(bases.count))], hashable: hashable, &rng, &state)
        default:
            let targets = aliasTargets(state)
            return .alias(targets[Int(rng.next() % UInt64(targets.count))])
        }
    }

    /// The arguments an element may be: earlier arguments that hold objects or storage, and the argument
    /// being made when it is a container that can hold itself.
    func aliasTargets(_ state: GenerationState) -> [Int] {
        guard let current = state.argument else { return [] }
        switch state.argumentKind {
        case .list, .dict, .deque, .ordereddict: return state.aliasableArguments + [current]
        default: return state.aliasableArguments
        }
    }
}
