extension Case {
    /// The case with every value its behaviours make (step values, returned values, iterator items,
    /// instance contents) replaced by `transform` of it.
    public func mappingStepValues(_ transform: (Value) -> Value) -> Case {
        var c = self
        func results(_ rs: [CallResult]) -> [CallResult] { rs.map { if case .value(let v) = $0 { .value(transform(v)) } else { $0 } } }
        func steps(_ calls: [[MutationStep]]) -> [[MutationStep]] { calls.map { $0.map { $0.mappingValues(transform) } } }
        c.mutators = mutators.map { MutatorProgram(calls: steps($0.calls), results: results($0.results)) }
        c.evils = evils.map { EvilSpec(constantHash: $0.constantHash, programs: $0.programs.mapValues(steps), results: $0.results.mapValues(results)) }
        c.iterators = iterators.map {
            IteratorSpec(items: $0.items.map(transform), calls: steps($0.calls), results: results($0.results), lengthHint: $0.lengthHint)
        }
        c.files = files.map { FileSpec(programs: $0.programs.mapValues(steps), results: $0.results.mapValues(results)) }
        c.instances = instances.map {
            InstanceSpec(base: $0.base, value: $0.value.mappingChildren(transform), programs: $0.programs.mapValues(steps),
                         results: $0.results.mapValues(results))
        }
        return c
    }

    /// The values a behaviour's object holds or makes, besides the arguments: its steps' values, the
    /// values its calls return, an iterator's items, an instance's contents.
    func valuesOf(_ object: Value) -> [Value] {
        func ofCalls(_ calls: [[MutationStep]], _ results: [CallResult]) -> [Value] {
            calls.joined().flatMap(\.values) + results.compactMap { if case .value(let v) = $0 { v } else { nil } }
        }
        switch object {
        case .mutator(let n) where n < mutators.count: return ofCalls(mutators[n].calls, mutators[n].results)
        case .evil(let n) where n < evils.count:
            return evils[n].programs.values.flatMap { ofCalls($0, []) } + evils[n].results.values.flatMap { ofCalls([], $0) }
        case .iterator(let n) where n < iterators.count:
            return iterators[n].items + ofCalls(iterators[n].calls, iterators[n].results)
        case .file(let n) where n < files.count:
            return files[n].programs.values.flatMap { ofCalls($0, []) } + files[n].results.values.flatMap { ofCalls([], $0) }
        case .instance(let n) where n < instances.count:
            return instances[n].value.children + instances[n].programs.values.flatMap { ofCalls($0, []) }
                + instances[n].results.values.flatMap { ofCalls([], $0) }
        default: return []
        }
    }

    /// Renumbers canaries and the harness's objects densely (keeping their relative order, which decides
    /// how canaries sort), and drops the behaviours nothing refers to.
    public func normalized() -> Case {
        var used: [String: Set<Int>] = [:]
        var work = arguments.map(\.value)
        while let v = work.popLast() {
            switch v {
            case .canary(let n): used["canary", default: []].insert(n)
            case .evil(let n), .mutator(let n), .iterator(let n), .file(let n), .instance(let n):
                let kind = v.numberedKind!
                if used[kind, default: []].insert(n).inserted { work += valuesOf(v) }
            default: work += v.children
            }
        }
        func order(_ kind: String, _ count: Int) -> [Int] { (used[kind] ?? []).sorted().filter { $0 < count } }
        let canaryMap = Dictionary(uniqueKeysWithValues: (used["canary"] ?? []).sorted().enumerated().map { ($1, $0) })
        let orders = ["evil": order("evil", evils.count), "mutator": order("mutator", mutators.count),
                      "iterator": order("iterator", iterators.count), "file": order("file", files.count),
                      "instance": order("instance", instances.count)]
        let maps = orders.mapValues { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        func map(_ v: Value) -> Value {
            switch v {
            case .canary(let n): return .canary(canaryMap[n] ?? n)
            case .evil(let n): return .evil(maps["evil"]![n] ?? n)
            case .mutator(let n): return .mutator(maps["mutator"]![n] ?? n)
            case .iterator(let n): return .iterator(maps["iterator"]![n] ?? n)
            case .file(let n): return .file(maps["file"]![n] ?? n)
            case .instance(let n): return .instance(maps["instance"]![n] ?? n)
            default: return v.mappingChildren(map)
            }
        }
        var c = self
        c.arguments = arguments.map { CallArgument(name: $0.name, value: map($0.value)) }
        c.mutators = orders["mutator"]!.map { mutators[$0] }
        c.evils = orders["evil"]!.map { evils[$0] }
        c.iterators = orders["iterator"]!.map { iterators[$0] }
        c.files = orders["file"]!.map { files[$0] }
        c.instances = orders["instance"]!.map { instances[$0] }
        return c.mappingStepValues(map)
    }
}

extension Value {
    /// The kind of a value that names a harness object by number ("evil", "mutator", ...), or nil.
    var numberedKind: String? { numberedKindIndex.map { Self.numberedKinds[$0] } }

    /// The kinds of values that name a harness object by number.
    static let numberedKinds = ["canary", "evil", "mutator", "iterator", "file", "instance"]

    /// The index of `numberedKind` in `numberedKinds`, or nil.
    var numberedKindIndex: Int? {
        switch self {
        case .canary: 0
        case .evil: 1
        case .mutator: 2
        case .iterator: 3
        case .file: 4
        case .instance: 5
        default: nil
        }
    }

    /// The same value with each element (a dict's keys and values) replaced by `transform` of it.
    public func mappingChildren(_ transform: (Value) -> Value) -> Value {
        switch self {
        case .list(let items): .list(items.map(transform))
        case .tuple(let items): .tuple(items.map(transform))
        case .set(let items): .set(items.map(transform))
        case .frozenset(let items): .frozenset(items.map(transform))
        case .deque(let items, let maxlen): .deque(items.map(transform), maxlen: maxlen)
        case .dict(let entries): .dict(entries.map { DictEntry(key: transform($0.key), value: transform($0.value)) })
        case .orderedDict(let entries): .orderedDict(entries.map { DictEntry(key: transform($0.key), value: transform($0.value)) })
        default: self
        }
    }
}
