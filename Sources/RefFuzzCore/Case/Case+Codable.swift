/// The case part of a case file (see `CaseFile` for the envelope with the format version and finding).
/// Behaviours that a case does not use are left out (`iterators`, `files`, `instances`, `results`), so a
/// case of the first format reads the same.
extension Case: Codable {
    private enum Key: String, CodingKey {
        case target, seed, index, extraReference = "extra_reference", arguments, calls, mutators, evils, iterators, files, instances
    }
    private enum ArgumentKey: String, CodingKey { case name, value }
    private enum MutatorKey: String, CodingKey { case calls, results }
    private enum EvilKey: String, CodingKey { case constantHash = "constant_hash", programs, results }
    private enum IteratorKey: String, CodingKey { case items, calls, results, lengthHint = "length_hint" }
    private enum BehaviourKey: String, CodingKey { case programs, results }
    private enum InstanceKey: String, CodingKey { case base, value, programs, results }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let spec = try c.decode(String.self, forKey: .target)
        do {
            target = try TargetSpec(parsing: spec)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c, debugDescription: error.description)
        }
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        index = try c.decodeIfPresent(Int.self, forKey: .index) ?? 0
        extraReference = try c.decodeIfPresent(Bool.self, forKey: .extraReference) ?? false
        var args = try c.nestedUnkeyedContainer(forKey: .arguments)
        arguments = []
        while !args.isAtEnd {
            let a = try args.nestedContainer(keyedBy: ArgumentKey.self)
            arguments.append(CallArgument(name: try a.decodeIfPresent(String.self, forKey: .name),
                                          value: try a.decode(Value.self, forKey: .value)))
        }
        calls = (try c.decodeIfPresent([String].self, forKey: .calls) ?? []).map(MethodCall.init)
        mutators = []
        if c.contains(.mutators) {
            var ms = try c.nestedUnkeyedContainer(forKey: .mutators)
            while !ms.isAtEnd {
                let m = try ms.nestedContainer(keyedBy: MutatorKey.self)
                mutators.append(MutatorProgram(calls: try m.decode([[MutationStep]].self, forKey: .calls),
                                               results: try m.decodeIfPresent([CallResult].self, forKey: .results) ?? []))
            }
        }
        evils = []
        if c.contains(.evils) {
            var es = try c.nestedUnkeyedContainer(forKey: .evils)
            while !es.isAtEnd {
                let e = try es.nestedContainer(keyedBy: EvilKey.self)
                let programs = try Self.keyed(try e.decodeIfPresent([String: [[MutationStep]]].self, forKey: .programs) ?? [:],
                                              Dunder.self, in: e, key: .programs, "eq, lt, hash, index, repr, del, len, length_hint, str or bool")
                let results = try Self.keyed(try e.decodeIfPresent([String: [CallResult]].self, forKey: .results) ?? [:],
                                             Dunder.self, in: e, key: .results, "a dunder")
                evils.append(EvilSpec(constantHash: try e.decodeIfPresent(Bool.self, forKey: .constantHash) ?? false,
                                      programs: programs, results: results))
            }
        }
        iterators = []
        if c.contains(.iterators) {
            var its = try c.nestedUnkeyedContainer(forKey: .iterators)
            while !its.isAtEnd {
                let i = try its.nestedContainer(keyedBy: IteratorKey.self)
                iterators.append(IteratorSpec(items: try i.decodeIfPresent([Value].self, forKey: .items) ?? [],
                                              calls: try i.decodeIfPresent([[MutationStep]].self, forKey: .calls) ?? [],
                                              results: try i.decodeIfPresent([CallResult].self, forKey: .results) ?? [],
                                              lengthHint: try i.decodeIfPresent(Int.self, forKey: .lengthHint)))
            }
        }
        files = []
        if c.contains(.files) {
            var fs = try c.nestedUnkeyedContainer(forKey: .files)
            while !fs.isAtEnd {
                let f = try fs.nestedContainer(keyedBy: BehaviourKey.self)
                let programs = try Self.keyed(try f.decodeIfPresent([String: [[MutationStep]]].self, forKey: .programs) ?? [:],
                                              FileMethod.self, in: f, key: .programs, "write, read, readline or flush")
                let results = try Self.keyed(try f.decodeIfPresent([String: [CallResult]].self, forKey: .results) ?? [:],
                                             FileMethod.self, in: f, key: .results, "write, read, readline or flush")
                files.append(FileSpec(programs: programs, results: results))
            }
        }
        instances = []
        if c.contains(.instances) {
            var ins = try c.nestedUnkeyedContainer(forKey: .instances)
            while !ins.isAtEnd {
                let i = try ins.nestedContainer(keyedBy: InstanceKey.self)
                instances.append(InstanceSpec(base: try i.decode(BuiltinBase.self, forKey: .base),
                                              value: try i.decode(Value.self, forKey: .value),
                                              programs: try i.decodeIfPresent([String: [[MutationStep]]].self, forKey: .programs) ?? [:],
                                              results: try i.decodeIfPresent([String: [CallResult]].self, forKey: .results) ?? [:]))
            }
        }
    }

    /// A dictionary keyed by method names, checked against the names that exist.
    private static func keyed<K: RawRepresentable & Hashable, V, C: CodingKey>(
        _ named: [String: V], _ type: K.Type, in container: KeyedDecodingContainer<C>, key: C, _ expected: String
    ) throws -> [K: V] where K.RawValue == String {
        var out: [K: V] = [:]
        for (name, value) in named {
            guard let k = K(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "unknown method '\(name)' (expected \(expected))")
            }
            out[k] = value
        }
        return out
    }

    private static func named<K: RawRepresentable, V>(_ keyed: [K: V]) -> [String: V] where K.RawValue == String {
        Dictionary(uniqueKeysWithValues: keyed.map { ($0.key.rawValue, $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(target.description, forKey: .target)
        try c.encode(seed, forKey: .seed)
        try c.encode(index, forKey: .index)
        try c.encode(extraReference, forKey: .extraReference)
        var args = c.nestedUnkeyedContainer(forKey: .arguments)
        for argument in arguments {
            var a = args.nestedContainer(keyedBy: ArgumentKey.self)
            try a.encodeIfPresent(argument.name, forKey: .name)
            try a.encode(argument.value, forKey: .value)
        }
        if !calls.isEmpty { try c.encode(calls.map(\.method), forKey: .calls) }
        var ms = c.nestedUnkeyedContainer(forKey: .mutators)
        for mutator in mutators {
            var m = ms.nestedContainer(keyedBy: MutatorKey.self)
            try m.encode(mutator.calls, forKey: .calls)
            if !mutator.results.isEmpty { try m.encode(mutator.results, forKey: .results) }
        }
        var es = c.nestedUnkeyedContainer(forKey: .evils)
        for evil in evils {
            var e = es.nestedContainer(keyedBy: EvilKey.self)
            try e.encode(evil.constantHash, forKey: .constantHash)
            try e.encode(Self.named(evil.programs), forKey: .programs)
            if !evil.results.isEmpty { try e.encode(Self.named(evil.results), forKey: .results) }
        }
        if !iterators.isEmpty {
            var its = c.nestedUnkeyedContainer(forKey: .iterators)
            for iterator in iterators {
                var i = its.nestedContainer(keyedBy: IteratorKey.self)
                try i.encode(iterator.items, forKey: .items)
                try i.encode(iterator.calls, forKey: .calls)
                if !iterator.results.isEmpty { try i.encode(iterator.results, forKey: .results) }
                try i.encodeIfPresent(iterator.lengthHint, forKey: .lengthHint)
            }
        }
        if !files.isEmpty {
            var fs = c.nestedUnkeyedContainer(forKey: .files)
            for file in files {
                var f = fs.nestedContainer(keyedBy: BehaviourKey.self)
                try f.encode(Self.named(file.programs), forKey: .programs)
                if !file.results.isEmpty { try f.encode(Self.named(file.results), forKey: .results) }
            }
        }
        if !instances.isEmpty {
            var ins = c.nestedUnkeyedContainer(forKey: .instances)
            for instance in instances {
                var i = ins.nestedContainer(keyedBy: InstanceKey.self)
                try i.encode(instance.base, forKey: .base)
                try i.encode(instance.value, forKey: .value)
                try i.encode(instance.programs, forKey: .programs)
                if !instance.results.isEmpty { try i.encode(instance.results, forKey: .results) }
            }
        }
    }
}

/// `"usual"`, `{"value": {...}}` or `{"raise": "OSError"}`.
extension CallResult: Codable {
    private enum Key: String, CodingKey { case value, raise }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "usual" else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a call result is \"usual\", {\"value\": ...} or {\"raise\": ...}"))
            }
            self = .usual
            return
        }
        let c = try decoder.container(keyedBy: Key.self)
        if let value = try c.decodeIfPresent(Value.self, forKey: .value) {
            self = .value(value)
        } else {
            self = .raise(try c.decode(ExceptionType.self, forKey: .raise))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .usual:
            var c = encoder.singleValueContainer()
            try c.encode("usual")
        case .value(let v):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(v, forKey: .value)
        case .raise(let type):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(type, forKey: .raise)
        }
    }
}
