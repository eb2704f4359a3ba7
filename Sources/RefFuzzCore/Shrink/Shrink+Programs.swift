extension Case {
    /// Drops whole programs: a call of any behaviour (the later calls move up: an Nth-call program tries
    /// acting earlier), and the whole behaviour of an evil dunder, a file method or an instance method.
    func withoutPrograms() -> [Case] {
        var out: [Case] = []
        for behaviour in behaviours {
            switch behaviour {
            case .evil(let e, let d):
                var copy = self
                copy.evils[e].programs[d] = nil
                copy.evils[e].results[d] = nil
                out.append(copy)
            case .file(let f, let m):
                var copy = self
                copy.files[f].programs[m] = nil
                copy.files[f].results[m] = nil
                out.append(copy)
            case .instance(let i, let m):
                var copy = self
                copy.instances[i].programs[m] = nil
                copy.instances[i].results[m] = nil
                out.append(copy)
            case .mutator, .iterator:
                break
            }
            let calls = self[calls: behaviour]
            for c in calls.indices.reversed() {
                var copy = self
                var fewer = calls
                fewer.remove(at: c)
                copy[calls: behaviour] = fewer
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

    /// Applies `edit` to every step sequence of every behaviour; each variant it returns becomes a
    /// candidate case.
    func editPrograms(into out: inout [Case], _ edit: ([MutationStep]) -> [[MutationStep]]) {
        for behaviour in behaviours {
            let calls = self[calls: behaviour]
            for c in calls.indices {
                for variant in edit(calls[c]) {
                    var copy = self
                    var edited = calls
                    edited[c] = variant
                    copy[calls: behaviour] = edited
                    out.append(copy)
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
        func values(_ v: Value) -> [Value] { (v.simplerScalars + v.simplerValues.filter { !$0.isContainer }).filter { $0 != v } }
        switch self {
        case .insert(let a, let i, let v):
            forms += positions(i).map { .insert(argument: a, at: $0, value: v) }
            forms += values(v).map { .insert(argument: a, at: i, value: $0) }
            forms.append(.append(argument: a, value: v))
        case .setItem(let a, let i, let v):
            forms += positions(i).map { .setItem(argument: a, at: $0, value: v) }
            forms += values(v).map { .setItem(argument: a, at: i, value: $0) }
        case .deleteItem(let a, let i):
            forms += positions(i).map { .deleteItem(argument: a, at: $0) }
        case .pop(let a, let i):
            forms += positions(i).map { .pop(argument: a, at: $0) }
            forms.append(.deleteItem(argument: a, at: i))
        case .deleteSlice(let a, _, _):
            forms.append(.clear(argument: a))
        case .append(let a, let v):
            forms += values(v).map { .append(argument: a, value: $0) }
        case .appendLeft(let a, let v):
            forms += values(v).map { .appendLeft(argument: a, value: $0) }
            forms.append(.append(argument: a, value: v))
        case .dictSet(let a, let k, let v):
            forms += values(v).map { .dictSet(argument: a, key: k, value: $0) }
            forms += values(k).filter(\.isHashable).map { .dictSet(argument: a, key: $0, value: v) }
        case .setAdd(let a, let v):
            forms += values(v).map { .setAdd(argument: a, value: $0) }
        case .setUpdate(let a, let op, let vs):
            if vs.count > 1 { forms += vs.indices.map { i in .setUpdate(argument: a, op: op, values: vs.enumerated().filter { $0.offset != i }.map(\.element)) } }
            if op != .union { forms.append(.setUpdate(argument: a, op: .union, values: vs)) }
            forms.append(.clear(argument: a))
        case .dictDelete(let a, let n) where n != 0:
            forms.append(.dictDelete(argument: a, entry: 0))
        case .setDiscard(let a, let n) where n != 0:
            forms.append(.setDiscard(argument: a, member: 0))
        case .moveToEnd(let a, let n, let last):
            if n != 0 { forms.append(.moveToEnd(argument: a, entry: 0, last: last)) }
            if !last { forms.append(.moveToEnd(argument: a, entry: n, last: true)) }
        case .dictPopItem(let a), .setPop(let a), .popItemFirst(let a), .popLeft(let a):
            forms.append(.clear(argument: a))
        case .rotate(let a, let n) where n != 1:
            forms.append(.rotate(argument: a, by: 1))
        case .extendBuffer(let a, let b):
            forms += Value.shorterBytes(b).filter { !$0.isEmpty && $0.count < b.count }.map { .extendBuffer(argument: a, bytes: $0) }
        case .resize(let a, let n) where n != 0:
            forms.append(.resize(argument: a, length: 0))
            if n > 1 { forms.append(.resize(argument: a, length: n / 2)) }
        default:
            break
        }
        return forms
    }
}
