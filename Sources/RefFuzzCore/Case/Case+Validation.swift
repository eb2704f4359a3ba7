extension Case {
    /// Why this case cannot be executed as it stands, or nil when it can. Checks what a hand-edited or
    /// damaged case file could get wrong: arguments against the target spec, references to the harness's
    /// objects and to aliased arguments, step arguments, and values that steps may not store.
    public var validationProblem: String? {
        if !target.isStateful && !calls.isEmpty { return "the target \(target) is a function: a case makes no method calls" }
        for (k, call) in calls.enumerated() where spec(ofCall: k) == nil {
            return "call \(k + 1) is of method '\(call.method)', which the target \(target) does not list"
        }
        if case .single = target.object, calls.count != 1 { return "the target \(target) makes one call per case, the case \(calls.count)" }
        let specs = argumentSpecs
        if arguments.count != specs.count {
            return "the target \(target) takes \(specs.count) argument(s)\(calls.isEmpty ? "" : " with these calls"), the case has \(arguments.count)"
        }
        for (i, argument) in arguments.prefix(target.arguments.count).enumerated() where argument.value.contains(.selfObject) {
            return "argument \(i) of the constructor is the object it builds"
        }
        for (i, (argument, spec)) in zip(arguments, specs).enumerated() {
            if argument.name != spec.name {
                return "argument \(i) should be \(spec.name.map { "keyword '\($0)'" } ?? "positional")"
            }
            if !spec.kind.accepts(argument.value) {
                return "argument \(i) is a \(argument.value.dataClass.rawValue), the target spec says \(spec.kind.rawValue)"
            }
            if case .alias(let j) = argument.value {
                guard j >= 0, j < arguments.count, j != i else { return "argument \(i) is an alias of argument \(j), which does not exist" }
                if case .alias = arguments[j].value { return "argument \(i) is an alias of argument \(j), itself an alias" }
                if !spec.kind.accepts(arguments[j].value) {
                    return "argument \(i) is argument \(j) again, a \(arguments[j].value.dataClass.rawValue), but the target spec says \(spec.kind.rawValue)"
                }
            }
            if case .instance(let n) = argument.value, n >= 0, n < instances.count, spec.kind != .any,
               spec.kind.rawValue != instances[n].base.rawValue {
                return "argument \(i) is an instance of a \(instances[n].base.rawValue) subclass, the target spec says \(spec.kind.rawValue)"
            }
        }
        var problem: String?
        func check(_ v: Value) {
            switch v {
            case .mutator(let n) where n < 0 || n >= mutators.count: problem = "mutator #\(n) has no program"
            case .evil(let n) where n < 0 || n >= evils.count: problem = "evil object #\(n) has no spec"
            case .iterator(let n) where n < 0 || n >= iterators.count: problem = "iterator #\(n) has no spec"
            case .file(let n) where n < 0 || n >= files.count: problem = "file #\(n) has no spec"
            case .instance(let n) where n < 0 || n >= instances.count: problem = "instance #\(n) has no spec"
            case .alias(let n) where n < 0 || n >= arguments.count: problem = "an alias names argument \(n), which does not exist"
            case .freshString(let s) where !Value.isFresh(s): problem = "a fresh string needs two characters or more, or one past Latin-1 ('\(s)')"
            case .hugeInt(let digits) where !Value.isDecimal(digits): problem = "a huge int is decimal digits ('\(digits)')"
            case .deque(_, let maxlen?) where maxlen < 0: problem = "a deque's maxlen cannot be negative"
            case .set(let items), .frozenset(let items):
                items.forEach(check)
                if items.contains(where: { !$0.isHashable }) { problem = "a set member is not hashable" }
            case .dict(let entries), .orderedDict(let entries):
                entries.forEach { check($0.key); check($0.value) }
                if entries.contains(where: { !$0.key.isHashable }) { problem = "a dict key is not hashable" }
            default: v.children.forEach(check)
            }
        }
        arguments.forEach { check($0.value) }
        for (n, instance) in instances.enumerated() {
            check(instance.value)
            if !instance.base.holds(instance.value) { return "instance #\(n) subclasses \(instance.base.rawValue) but holds a \(instance.value.dataClass.rawValue)" }
        }
        for iterator in iterators { iterator.items.forEach(check) }
        for behaviour in behaviours {
            for case .value(let v) in self[results: behaviour] where !v.isPlainResult {
                return "\(behaviour.description) returns a \(v.dataClass.rawValue); calls return plain values and containers of them"
            }
        }
        for program in programs {
            for step in program.steps {
                if case .callMethod(let name, let values) = step {
                    guard target.methods.contains(where: { $0.name == name }) else {
                        return "\(program.owner) calls method '\(name)', which the target \(target) does not list"
                    }
                    for value in values where !value.isPlainResult && value != .selfObject {
                        if case .alias(let i) = value, i >= 0, i < arguments.count { continue }
                        return "\(program.owner) passes a \(value.dataClass.rawValue) to \(name); calls pass plain values, the object or an argument"
                    }
                    continue
                }
                if step.argument < 0 || step.argument >= arguments.count {
                    return "\(program.owner) mutates argument \(step.argument), which does not exist"
                }
                for value in step.values {
                    if !value.isPlainResult || value.isContainer {
                        return "\(program.owner) stores a \(value.dataClass.rawValue); steps store plain values only"
                    }
                }
                if case .setUpdate(_, _, let values) = step, values.contains(where: { !$0.isHashable }) {
                    return "\(program.owner) adds an unhashable value to a set"
                }
                if case .canary(let n) = step.values.first, usesCanaryElsewhere(n, except: step) {
                    return "\(program.owner) stores canary #\(n), which is already used elsewhere in the case"
                }
            }
        }
        return problem
    }

    func usesCanaryElsewhere(_ n: Int, except: MutationStep) -> Bool {
        func uses(_ v: Value) -> Bool {
            if case .canary(let m) = v { return m == n }
            return v.children.contains(where: uses)
        }
        if arguments.contains(where: { uses($0.value) }) { return true }
        let occurrences = programs.flatMap(\.steps).flatMap(\.values).filter(uses).count
        return occurrences > 1
    }
}

extension Value {
    /// True when `value` is this value or sits somewhere inside it.
    func contains(_ value: Value) -> Bool { self == value || children.contains { $0.contains(value) } }

    /// True for a value a step may store or a call may return: scalars, canaries, buffers, and
    /// containers of those (never a harness object or an alias, which exist once per case).
    var isPlainResult: Bool {
        switch self {
        case .evil, .mutator, .iterator, .file, .instance, .alias, .selfObject: false
        default: children.allSatisfy(\.isPlainResult)
        }
    }

    /// A string that is a new object every time it is made: two characters or more, or one past Latin-1.
    static func isFresh(_ s: String) -> Bool {
        let scalars = s.unicodeScalars
        return scalars.count >= 2 || (scalars.count == 1 && scalars.first!.value > 0xFF)
    }
}

extension BuiltinBase {
    /// True when `value` is what an instance of this subclass holds.
    func holds(_ value: Value) -> Bool {
        switch (self, value) {
        case (.str, .internedString), (.str, .freshString), (.int, .smallInt), (.int, .bigInt), (.int, .hugeInt),
             (.float, .float), (.bytes, .bytes), (.tuple, .tuple), (.list, .list), (.dict, .dict): true
        default: false
        }
    }
}
