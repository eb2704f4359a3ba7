extension Case {
    /// Drops whole programs: a mutator call's sequence, an evil dunder's behaviour.
    func withoutPrograms() -> [Case] {
        var out: [Case] = []
        for m in mutators.indices {
            for c in mutators[m].calls.indices.reversed() {
                var copy = self
                copy.mutators[m].calls.remove(at: c)
                out.append(copy)
            }
        }
        for e in evils.indices {
            for dunder in evils[e].programs.keys.sorted() {
                var copy = self
                copy.evils[e].programs[dunder] = nil
                out.append(copy)
            }
        }
        return out
    }

    /// Drops single steps, and cuts sequences short.
    func withoutSteps() -> [Case] {
        var out: [Case] = []
        editPrograms(into: &out) { steps in
            var variants: [[MutationStep]] = []
            if steps.count > 1 { variants.append(Array(steps.prefix(1))) }
            for i in steps.indices.reversed() {
                var fewer = steps
                fewer.remove(at: i)
                variants.append(fewer)
            }
            return variants
        }
        return out
    }

    /// Simpler step parameters and values: positions 0 and -1, simpler stored values.
    func withSimplerSteps() -> [Case] {
        var out: [Case] = []
        editPrograms(into: &out) { steps in
            var variants: [[MutationStep]] = []
            for i in steps.indices {
                for simpler in steps[i].simplerForms {
                    var copy = steps
                    copy[i] = simpler
                    variants.append(copy)
                }
            }
            return variants
        }
        return out
    }

    /// Evil objects without a constant hash, or replaced by canaries when no behaviour is left.
    func withSimplerEvils() -> [Case] {
        var out: [Case] = []
        for e in evils.indices where evils[e].constantHash {
            var copy = self
            copy.evils[e].constantHash = false
            out.append(copy)
        }
        return out
    }

    /// Applies `edit` to every step sequence; each variant it returns becomes a candidate case.
    func editPrograms(into out: inout [Case], _ edit: ([MutationStep]) -> [[MutationStep]]) {
        for m in mutators.indices {
            for c in mutators[m].calls.indices {
                for variant in edit(mutators[m].calls[c]) {
                    var copy = self
                    copy.mutators[m].calls[c] = variant
                    out.append(copy)
                }
            }
        }
        for e in evils.indices {
            for dunder in evils[e].programs.keys.sorted() {
                let calls = evils[e].programs[dunder]!
                for c in calls.indices {
                    for variant in edit(calls[c]) {
                        var copy = self
                        copy.evils[e].programs[dunder]![c] = variant
                        out.append(copy)
                    }
                }
            }
        }
    }
}

extension MutationStep {
    /// The same step with simpler parameters or a simpler stored value.
    var simplerForms: [MutationStep] {
        var forms: [MutationStep] = []
        func positions(_ i: Int) -> [Int] { [0, -1].filter { $0 != i && abs($0) <= abs(i) } + (i < -1 ? [-1] : []) }
        switch self {
        case .insert(let a, let i, let v):
            forms += positions(i).map { .insert(argument: a, at: $0, value: v) }
            forms += v.simplerScalars.map { .insert(argument: a, at: i, value: $0) }
            forms.append(.append(argument: a, value: v))
        case .setItem(let a, let i, let v):
            forms += positions(i).map { .setItem(argument: a, at: $0, value: v) }
            forms += v.simplerScalars.map { .setItem(argument: a, at: i, value: $0) }
        case .deleteItem(let a, let i):
            forms += positions(i).map { .deleteItem(argument: a, at: $0) }
        case .pop(let a, let i):
            forms += positions(i).map { .pop(argument: a, at: $0) }
            forms.append(.deleteItem(argument: a, at: i))
        case .deleteSlice(let a, _, _):
            forms.append(.clear(argument: a))
        case .append(let a, let v):
            forms += v.simplerScalars.map { .append(argument: a, value: $0) }
        case .dictSet(let a, let k, let v):
            forms += v.simplerScalars.map { .dictSet(argument: a, key: k, value: $0) }
            forms += k.simplerScalars.map { .dictSet(argument: a, key: $0, value: v) }
        case .setAdd(let a, let v):
            forms += v.simplerScalars.map { .setAdd(argument: a, value: $0) }
        case .dictDelete(let a, let n) where n != 0:
            forms.append(.dictDelete(argument: a, entry: 0))
        case .setDiscard(let a, let n) where n != 0:
            forms.append(.setDiscard(argument: a, member: 0))
        case .dictPopItem(let a), .setPop(let a):
            forms.append(.clear(argument: a))
        default:
            break
        }
        return forms
    }
}
