/// Names objects and harness steps for the one-line messages of findings.
public struct Story: Sendable {
    public let layout: CaseLayout
    public let observation: Observation
    public let theCase: Case

    public init(case theCase: Case, layout: CaseLayout, observation: Observation) {
        self.theCase = theCase
        self.layout = layout
        self.observation = observation
    }

    /// `arg0[-1] (big int 1000003)`, `<canary #2> in arg1`, `the value made by arg0.append(...)`.
    public func name(_ tag: Int) -> String {
        if tag < layout.nodes.count {
            let node = layout.nodes[tag]
            return "\(layout.path(of: tag)) (\(describe(node.value)))"
        }
        if let call = observation.calls.first(where: { $0.result == tag }) {
            return "the object `\(call.call < 0 ? theCase.callText(ofCall: nil) : theCase.callText(ofCall: call.call))` returned"
        }
        if let record = observation.steps.first(where: { $0.created.contains(tag) }),
           let i = record.created.firstIndex(of: tag) {
            let value = record.step.values[i]
            return "the \(describe(value)) stored by \(record.step.text) (\(record.owner))"
        }
        if let object = observation.objects.first(where: { $0.tag == tag }), let owner = object.answeredBy,
           let value = ModelReplay.answer(of: object, in: theCase) {
            return "the \(describe(value)) that \(owner) answered with"
        }
        return "object #\(tag)"
    }

    /// A shared object by every place the case put it: `None (arg0, arg1[0])`. One object can sit in
    /// several places (the same cached int twice), and the count cannot tell which place lost a reference.
    public func sharedName(_ tag: Int) -> String {
        let places = observation.objects.filter { $0.identity == tag }.map { path($0.tag) }
        guard places.count > 1, tag < layout.nodes.count else { return name(tag) }
        return "\(describe(layout.nodes[tag].value)) (at \(places.joined(separator: ", ")))"
    }

    /// Which arguments are one object, when some are: `arg0 and arg1 are the same list`, `arg1 holds
    /// arg0`, `arg0 holds itself`; nil when none are.
    public var aliases: String? {
        let argumentName = { (i: Int) in (i < theCase.arguments.count ? theCase.arguments[i].name : nil) ?? "arg\(i)" }
        var sentences: [String] = layout.aliasedArguments.map { group in
            let names = group.map(argumentName)
            let value = group.lazy.map { theCase.arguments[$0].value }.first { if case .alias = $0 { false } else { true } } ?? .alias(0)
            let what = value.isContainer || value.dataClass == .buffer ? describe(value).split(separator: " ")[0] : "object"
            return names.dropLast().joined(separator: ", ") + " and \(names.last!) are the same \(what)"
        }
        func held(_ v: Value, inside a: Int) {
            for child in v.children {
                if case .alias(let i) = child {
                    sentences.append(i == a ? "\(argumentName(a)) holds itself" : "\(argumentName(a)) holds \(argumentName(i))")
                } else {
                    held(child, inside: a)
                }
            }
        }
        for (a, argument) in theCase.arguments.enumerated() { held(argument.value, inside: a) }
        return sentences.isEmpty ? nil : sentences.joined(separator: "; ")
    }

    /// The verdict with its finding's message ending on which arguments are one object.
    public func noting(aliasesIn verdict: Verdict) -> Verdict {
        guard case .finding(var finding) = verdict, let aliases else { return verdict }
        finding.message += " (\(aliases))"
        return .finding(finding)
    }

    /// The path alone (`arg0[-1]`), for compact messages.
    public func path(_ tag: Int) -> String {
        tag < layout.nodes.count ? layout.path(of: tag) : name(tag)
    }

    public func describe(_ value: Value) -> String {
        switch value {
        case .smallInt(let n): "small int \(n)"
        case .bigInt(let n): n < 0 ? "negative int \(n)" : "big int \(n)"
        case .hugeInt(let digits): "huge int \(digits.count > 24 ? digits.prefix(20) + "..." : Substring(digits))"
        case .float: "float \(value.text)"
        case .internedString: "interned str \(value.text.prefix(40))"
        case .freshString: "str \(value.text.prefix(40))"
        case .bytes(let b): "bytes of length \(b.count)"
        case .singleton(let s): s.rawValue
        case .canary(let n): "canary #\(n)"
        case .evil(let n): "evil object #\(n)"
        case .mutator(let n): "mutator #\(n)"
        case .iterator(let n): "iterator #\(n)"
        case .file(let n): "file-like object #\(n)"
        case .instance(let n): n < theCase.instances.count ? "\(theCase.instances[n].base.rawValue) subclass instance #\(n)" : "instance #\(n)"
        case .alias(let i): "argument \(i) again"
        case .selfObject: "the \(theCase.target.function) object"
        case .list: "list"
        case .tuple: "tuple"
        case .set: "set"
        case .frozenset: "frozenset"
        case .dict: "dict"
        case .orderedDict: "OrderedDict"
        case .deque: "deque"
        case .bytearray(let b): "bytearray of length \(b.count)"
        case .array(let a): "array('\(a.typecode.rawValue)') of length \(a.count)"
        }
    }

    /// What the harness was doing at step `number`.
    public func step(_ number: Int) -> String {
        let marks = observation.marks
        if number <= 0 { return "while the harness built the arguments" }
        if let record = observation.steps.first(where: { $0.number == number }) {
            return "when \(record.owner) ran `\(record.step.text)`"
        }
        if number >= marks.teardown && marks.teardown > 0 { return "when the harness released the case's objects after the call" }
        if !observation.calls.isEmpty {
            if number == marks.objectReleased { return "when the harness let the \(theCase.target.function) object go" }
            if number > marks.objectReleased && marks.objectReleased > 0 { return "when the harness collected garbage after letting the object go" }
            for call in observation.calls {
                let text = call.call < 0 ? theCase.callText(ofCall: nil) : theCase.callText(ofCall: call.call)
                if number == call.released { return "when the harness released the result and arguments of `\(text)`" }
                if number >= call.start && number <= call.end { return "in the target's own code during `\(text)`" }
            }
        }
        if number >= marks.argumentsReleased && marks.argumentsReleased > 0 { return "when the harness released the argument tuple after the call" }
        if number >= marks.resultReleased && marks.resultReleased > 0 { return "when the harness released the call's result" }
        if number == marks.callEnd { return "during the call" }
        if number >= marks.callStart { return "in the target's own code" }
        return "at harness step \(number)"
    }
}
