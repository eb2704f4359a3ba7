extension Case {
    /// Why this case cannot be executed as it stands, or nil when it can. Checks what a hand-edited or
    /// damaged case file could get wrong: arguments against the target spec, references to mutators
    /// and evil objects, step arguments, and values that steps may not store.
    public var validationProblem: String? {
        if arguments.count != target.arguments.count {
            return "the target \(target) takes \(target.arguments.count) argument(s), the case has \(arguments.count)"
        }
        for (i, (argument, spec)) in zip(arguments, target.arguments).enumerated() {
            if argument.name != spec.name {
                return "argument \(i) should be \(spec.name.map { "keyword '\($0)'" } ?? "positional")"
            }
            if !spec.kind.accepts(argument.value) {
                return "argument \(i) is a \(argument.value.dataClass.rawValue), the target spec says \(spec.kind.rawValue)"
            }
        }
        var problem: String?
        func check(_ v: Value) {
            switch v {
            case .mutator(let n) where n < 0 || n >= mutators.count: problem = "mutator #\(n) has no program"
            case .evil(let n) where n < 0 || n >= evils.count: problem = "evil object #\(n) has no spec"
            case .freshString(let s) where s.unicodeScalars.count < 2: problem = "a fresh string needs two characters or more ('\(s)')"
            case .set(let items): items.forEach(check); if items.contains(where: { !$0.isHashable }) { problem = "a set member is not hashable" }
            case .dict(let entries): entries.forEach { check($0.key); check($0.value) }; if entries.contains(where: { !$0.key.isHashable }) { problem = "a dict key is not hashable" }
            default: v.children.forEach(check)
            }
        }
        arguments.forEach { check($0.value) }
        for program in programs {
            for step in program.steps {
                if step.argument < 0 || step.argument >= arguments.count {
                    return "\(program.owner) mutates argument \(step.argument), which does not exist"
                }
                for value in step.values {
                    if value.isContainer || value.dataClass == .evil || value.dataClass == .mutator {
                        return "\(program.owner) stores a \(value.dataClass.rawValue); steps store plain values only"
                    }
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
