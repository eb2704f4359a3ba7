/// The case part of a case file (see `CaseFile` for the envelope with the format version and finding).
extension Case: Codable {
    private enum Key: String, CodingKey {
        case target, seed, index, extraReference = "extra_reference", arguments, mutators, evils
    }
    private enum ArgumentKey: String, CodingKey { case name, value }
    private enum MutatorKey: String, CodingKey { case calls }
    private enum EvilKey: String, CodingKey { case constantHash = "constant_hash", programs }

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
        mutators = []
        if c.contains(.mutators) {
            var ms = try c.nestedUnkeyedContainer(forKey: .mutators)
            while !ms.isAtEnd {
                let m = try ms.nestedContainer(keyedBy: MutatorKey.self)
                mutators.append(MutatorProgram(calls: try m.decode([[MutationStep]].self, forKey: .calls)))
            }
        }
        evils = []
        if c.contains(.evils) {
            var es = try c.nestedUnkeyedContainer(forKey: .evils)
            while !es.isAtEnd {
                let e = try es.nestedContainer(keyedBy: EvilKey.self)
                let named = try e.decodeIfPresent([String: [[MutationStep]]].self, forKey: .programs) ?? [:]
                var programs: [Dunder: [[MutationStep]]] = [:]
                for (name, calls) in named {
                    guard let dunder = Dunder(rawValue: name) else {
                        throw DecodingError.dataCorruptedError(forKey: .programs, in: e,
                            debugDescription: "unknown dunder '\(name)' (expected eq, lt, hash, index, repr or del)")
                    }
                    programs[dunder] = calls
                }
                evils.append(EvilSpec(constantHash: try e.decodeIfPresent(Bool.self, forKey: .constantHash) ?? false,
                                      programs: programs))
            }
        }
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
        var ms = c.nestedUnkeyedContainer(forKey: .mutators)
        for mutator in mutators {
            var m = ms.nestedContainer(keyedBy: MutatorKey.self)
            try m.encode(mutator.calls, forKey: .calls)
        }
        var es = c.nestedUnkeyedContainer(forKey: .evils)
        for evil in evils {
            var e = es.nestedContainer(keyedBy: EvilKey.self)
            try e.encode(evil.constantHash, forKey: .constantHash)
            var named: [String: [[MutationStep]]] = [:]
            for (dunder, calls) in evil.programs { named[dunder.rawValue] = calls }
            try e.encode(named, forKey: .programs)
        }
    }
}
