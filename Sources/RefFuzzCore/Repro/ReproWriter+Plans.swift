// The plans of the harness's objects: one Python function per call of a behaviour (a mutator's call, an
// evil object's dunder, an iterator's __next__, a file method, an instance's overridden method), which
// performs the call's mutation steps on the arguments and gives the call's answer.
extension ReproWriter {
    /// `def mutator0_call1(usual): ...` for every call of every behaviour, then the `PLANS` table.
    func plans() -> [String] {
        var functions: [String] = []
        var table: [String] = []
        for behaviour in theCase.behaviours {
            let calls = theCase[calls: behaviour], results = theCase[results: behaviour]
            let count = max(calls.count, results.count)
            guard count > 0 else { continue }
            let (object, method) = Self.key(behaviour)
            var names: [String] = []
            for k in 0..<count {
                let name = "\(Self.functionStem(behaviour))_call\(k + 1)"
                names.append(name)
                var body = ["\"\"\"\(behaviour.description), call \(k + 1).\"\"\""]
                body += (k < calls.count ? calls[k] : []).map(statement)
                body.append(answer(k < results.count ? results[k] : .usual, who: "\(behaviour.description), call \(k + 1)"))
                functions.append("def \(name)(usual):\n" + body.map { "    " + $0 }.joined(separator: "\n"))
            }
            table.append("    ('\(object)', '\(method)'): [\(names.joined(separator: ", "))],")
        }
        let plans = table.isEmpty ? "PLANS = {}" : "PLANS = {\n" + table.joined(separator: "\n") + "\n}"
        return functions + [plans]
    }

    /// The object's name and the method, as `behave` looks them up.
    static func key(_ behaviour: Behaviour) -> (String, String) {
        switch behaviour {
        case .mutator(let m): ("mutator #\(m)", "__call__")
        case .evil(let e, let d): ("evil #\(e)", d.pythonName)
        case .iterator(let i): ("iterator #\(i)", "__next__")
        case .file(let f, let m): ("file #\(f)", m.rawValue)
        case .instance(let i, let m): ("instance #\(i)", m)
        }
    }

    static func functionStem(_ behaviour: Behaviour) -> String {
        func bare(_ method: String) -> String { method.trimmingCharacters(in: ["_"]) }
        switch behaviour {
        case .mutator(let m): return "mutator\(m)"
        case .evil(let e, let d): return "evil\(e)_\(bare(d.pythonName))"
        case .iterator(let i): return "iterator\(i)_next"
        case .file(let f, let m): return "file\(f)_\(m.rawValue)"
        case .instance(let i, let m): return "instance\(i)_\(bare(m))"
        }
    }

    /// What the call answers once its steps have run.
    func answer(_ result: CallResult, who: String) -> String {
        switch result {
        case .usual: return "return usual()"
        case .value(let v): return "return \(held(expression(v)))"
        case .raise(let type): return "raise \(type.rawValue)('raised by \(who)')"
        }
    }

    /// A value the harness makes while the target runs: the caller holds an extra reference to it too
    /// when the case says so (`held` keeps it until the call's end).
    func held(_ expression: String) -> String {
        theCase.extraReference ? "held(\(expression))" : expression
    }

    // MARK: - Steps

    /// One step as a Python statement, guarded as the harness runs it (`with step(): ...`: an error is
    /// cleared), or a comment when the step cannot apply to the argument it names.
    func statement(_ step: MutationStep) -> String {
        if case .callMethod(let name, let values) = step {
            // A call of the stateful target's object (a global while the calls run).
            use(.step)
            return "with step(): obj.\(name)(\(values.map { held(expression($0)) }.joined(separator: ", ")))"
        }
        guard step.argument >= 0, step.argument < theCase.arguments.count else {
            return "pass  # skipped: \(step.text) names no argument"
        }
        let c = "arg\(step.argument)"
        guard let kind = staticKind(step.argument), step.applies(to: kind) else {
            let what = staticKind(step.argument).map { "a \($0.rawValue)" } ?? "not a container"
            return "pass  # skipped, as RefFuzz does: \(c) is \(what), and \(step.name) does not apply to it"
        }
        use(.step)
        let v = { (value: Value) in self.held(self.expression(value)) }
        func at(_ i: Int) -> String {
            use(.wrap)
            return "wrap(\(i), \(c))"
        }
        func nth(_ n: Int) -> String {
            use(.nth)
            return "nth(\(c), \(n))"
        }
        let code: String
        switch step {
        case .append(_, let value): code = "\(c).append(\(v(value)))"
        case .insert(_, let i, let value): code = "\(c).insert(\(i), \(v(value)))"
        case .setItem(_, let i, let value): code = "\(c)[\(at(i))] = \(v(value))"
        case .deleteItem(_, let i): code = "del \(c)[\(at(i))]"
        case .pop(_, let i): code = kind == .deque ? "\(c).pop()" : "\(c).pop(\(at(i)))"
        case .deleteSlice(_, let from, let to): code = "del \(c)[\(from):\(to)]"
        case .sort: code = "\(c).sort()"
        case .reverse: code = "\(c).reverse()"
        case .clear: code = kind == .array ? "del \(c)[:]" : "\(c).clear()"
        case .dictSet(_, let key, let value): code = "\(c)[\(v(key))] = \(v(value))"
        case .dictDelete(_, let n): code = "del \(c)[\(nth(n))]"
        case .dictPopItem: code = "\(c).popitem()"
        case .moveToEnd(_, let n, let last): code = "\(c).move_to_end(\(nth(n))\(last ? "" : ", last=False"))"
        case .popItemFirst: code = "\(c).popitem(last=False)"
        case .setAdd(_, let value): code = "\(c).add(\(v(value)))"
        case .setDiscard(_, let n): code = "\(c).discard(\(nth(n)))"
        case .setPop: code = "\(c).pop()"
        case .setUpdate(_, let op, let values):
            let method = switch op {
            case .union: "update"
            case .intersection: "intersection_update"
            case .symmetricDifference: "symmetric_difference_update"
            case .difference: "difference_update"
            }
            let members = values.isEmpty ? "set()" : "{" + values.map(v).joined(separator: ", ") + "}"
            code = "\(c).\(method)(\(members))  # \(c) \(op.rawValue)= ..."
        case .appendLeft(_, let value): code = "\(c).appendleft(\(v(value)))"
        case .popLeft: code = "\(c).popleft()"
        case .rotate(_, let n): code = "\(c).rotate(\(n))"
        case .extendBuffer(_, let bytes): code = "\(c).extend(b\(Value.bytesText(bytes)))"
        case .resize(_, let n):
            use(.resize)
            code = "resize(\(c), \(n))"
        case .next: code = "next(\(c))"
        case .callMethod: code = "pass" // made above
        }
        return "with step(): \(code)"
    }

    /// The kind of container argument i is (what the executor finds when a step runs), or nil.
    func staticKind(_ i: Int) -> ArgumentKind? {
        var value = theCase.arguments[i].value
        if case .alias(let j) = value, j >= 0, j < theCase.arguments.count { value = theCase.arguments[j].value }
        switch value {
        case .iterator: return .iterator
        case .instance(let n) where n < theCase.instances.count:
            switch theCase.instances[n].base {
            case .list: return .list
            case .dict: return .dict
            case .tuple: return .tuple
            default: return nil
            }
        default: return value.containerKind
        }
    }
}
