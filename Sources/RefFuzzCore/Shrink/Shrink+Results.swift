extension Case {
    /// Results toward `.usual`: each raise or returned value of a call, one at a time, and answers
    /// moved to an earlier call (a usual answer before them dropped). The values themselves shrink as
    /// slots (`withSimplerValues`).
    func withUsualResults() -> [Case] {
        var out: [Case] = []
        for behaviour in behaviours {
            let results = self[results: behaviour]
            for k in results.indices {
                var edited = results
                if results[k] == .usual { edited.remove(at: k) } else { edited[k] = .usual }
                var copy = self
                copy[results: behaviour] = edited
                out.append(copy)
            }
        }
        return out
    }

    /// The harness's objects made plainer: an evil object without its constant hash, an iterator
    /// without a `__length_hint__`, an instance replaced by its base value (a str subclass instance by
    /// the str) wherever it stands.
    func withSimplerObjects() -> [Case] {
        var out: [Case] = []
        for e in evils.indices where evils[e].constantHash {
            var copy = self
            copy.evils[e].constantHash = false
            out.append(copy)
        }
        for n in iterators.indices where iterators[n].lengthHint != nil {
            var copy = self
            copy.iterators[n].lengthHint = nil
            out.append(copy)
        }
        for n in instances.indices {
            let base = instances[n].value
            let replaced = replacingEverywhere(.instance(n), by: base)
            if replaced.validationProblem == nil { out.append(replaced) }
        }
        return out
    }

    /// The case with every occurrence of `old` in the arguments, iterator items and instance contents
    /// replaced by `new`.
    func replacingEverywhere(_ old: Value, by new: Value) -> Case {
        func map(_ v: Value) -> Value { v == old ? new : v.mappingChildren(map) }
        var c = self
        for a in c.arguments.indices { c.arguments[a].value = map(c.arguments[a].value) }
        for n in c.iterators.indices { c.iterators[n].items = c.iterators[n].items.map(map) }
        for n in c.instances.indices { c.instances[n].value = c.instances[n].value.mappingChildren(map) }
        return c
    }
}
