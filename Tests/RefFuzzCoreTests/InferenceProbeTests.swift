import Testing
@testable import RefFuzzCore

/// Callables that answer probe calls as CPython's C functions do (the same TypeErrors, the same order
/// of checks), to test what the probes learn without an interpreter.
enum Simulated {
    /// How CPython names a sample's type in its messages.
    static func typeName(_ value: ProbeValue) -> String {
        switch value {
        case .none: "NoneType"
        case .sample(.deque): "collections.deque"
        case .sample(.ordereddict): "collections.OrderedDict"
        case .sample(.array): "array.array"
        case .sample(.iterator): "list_iterator"
        case .sample(.file): "_io.StringIO"
        case .sample(.mutator), .sample(.callable): "function"
        case .sample(.self): "mod.Counter"
        case .sample(let kind): kind.rawValue
        }
    }

    /// A check of one argument: nil when it passes, else the TypeError message.
    typealias Check = @Sendable (ProbeValue) -> String?

    /// PyArg_ParseTuple's `i`: ints only.
    static let int: Check = { $0 == .sample(.int) ? nil : "'\(typeName($0))' object cannot be interpreted as an integer" }
    /// `d`: ints and floats.
    static let float: Check = { [.sample(.int), .sample(.float)].contains($0) ? nil : "must be real number, not \(typeName($0))" }
    /// `O`: anything.
    static let object: Check = { _ in nil }

    /// `O!` with a type: that kind only (`accepting` also lets its subclasses through).
    static func exactly(_ kind: ArgumentKind, accepting: Set<ArgumentKind> = [], position: Int) -> Check {
        { value in
            if value == .sample(kind) || accepting.contains(where: { value == .sample($0) }) { return nil }
            return "argument \(position) must be \(kind.rawValue), not \(value == .none ? "None" : typeName(value))"
        }
    }

    /// PyArg_ParseTuple("..|..") as METH_VARARGS: the count, then each argument left to right.
    static func parseTuple(_ checks: [Check], optional: Int = 0) -> ProbeCalls {
        calls { args in
            let n = args.positional.count, high = checks.count, low = checks.count - optional
            if n < low || n > high {
                let (how, bound) = low == high ? ("exactly", low) : n < low ? ("at least", low) : ("at most", high)
                return .raised(type: "TypeError", message: "function takes \(how) \(bound) argument\(bound == 1 ? "" : "s") (\(n) given)")
            }
            for (value, check) in zip(args.positional, checks) {
                if let message = check(value) { return .raised(type: "TypeError", message: message) }
            }
            return .returned
        }
    }

    /// PyArg_ParseTupleAndKeywords: at most the count first, then each argument converted or missing.
    static func parseKeywords(_ names: [String], _ checks: [Check]) -> ProbeCalls {
        calls { args in
            let n = args.positional.count
            if n > names.count {
                return .raised(type: "TypeError", message: "function takes at most \(names.count) arguments (\(n) given)")
            }
            for (i, check) in checks.enumerated() {
                guard i < n else { return .raised(type: "TypeError", message: "function missing required argument '\(names[i])' (pos \(i + 1))") }
                if let message = check(args.positional[i]) { return .raised(type: "TypeError", message: message) }
            }
            return .returned
        }
    }

    static func methO(_ name: String, _ body: @escaping (ProbeValue) -> ProbeOutcome) -> ProbeCalls {
        calls { args in
            guard args.positional.count == 1 else {
                return .raised(type: "TypeError", message: "mod.\(name)() takes exactly one argument (\(args.positional.count) given)")
            }
            return body(args.positional[0])
        }
    }

    static func methNoArgs(_ name: String) -> ProbeCalls {
        calls { args in
            args.positional.isEmpty ? .returned : .raised(type: "TypeError", message: "mod.\(name)() takes no arguments (\(args.positional.count) given)")
        }
    }

    /// Every call answered by `answer`, one at a time (as the engine's children do, batched or not).
    static func calls(_ answer: @escaping (ProbeArguments) -> ProbeOutcome) -> ProbeCalls { { $0.map(answer) } }
}

@Suite("Spec inference: probe calls")
struct InferenceProbeTests {
    func infer(_ calls: @escaping ProbeCalls, survey: CallableSurvey = CallableSurvey(), name: String = "f",
               selfTypes: [String] = []) throws -> CallableInference.Inferred {
        try CallableInference(survey: survey, name: name, selfTypes: selfTypes, calls: calls).infer()
    }

    @Test func methNoArgsAndMethOAreToldByTheirFirstCall() throws {
        var called: [Int] = []
        let noargs = try infer({ calls in
            called += calls.map(\.positional.count)
            return Simulated.methNoArgs("f")(calls)
        })
        #expect(noargs.arguments.isEmpty)
        #expect(called == [ArityProbe.many], "a METH_NOARGS function is never run")
        #expect(noargs.note == "probed: takes no arguments")

        let methO = try infer(Simulated.methO("f") { _ in .returned })
        #expect(methO.arguments == [ArgumentSpec(kind: .any)])
        #expect(methO.note == "probed: takes exactly one argument; kinds probed: every kind")
    }

    @Test func aListOnlyParameterIsAList() throws {
        let f = Simulated.methO("head") { value in
            value == .sample(.list) ? .returned : .raised(type: "TypeError", message: "head() argument must be list, not \(Simulated.typeName(value))")
        }
        #expect(try infer(f).arguments == [ArgumentSpec(kind: .list)])
        // A message that names nothing: the only argument is the one it is about.
        let g = Simulated.methO("keys_of") { value in
            [.sample(.dict), .sample(.ordereddict)].contains(value) ? .returned : .raised(type: "TypeError", message: "keys_of: expected a dict")
        }
        #expect(try infer(g).arguments == [ArgumentSpec(kind: .dict)])
    }

    @Test func kindsThatCrashAreLeftOutAndSaid() throws {
        // cPyRefs.pop_and_print_BAD: PyList_GetItem on anything but a non-empty list returns NULL, and
        // the function dereferences it.
        let f = Simulated.methO("pop_and_print_BAD") { $0 == .sample(.list) ? .returned : .crashed("SIGSEGV") }
        let inferred = try infer(f)
        #expect(inferred.arguments == [ArgumentSpec(kind: .list)])
        #expect(inferred.note.contains("crashed with 15 other kinds (SIGSEGV)"), "\(inferred.note)")
        let always = Simulated.methO("crashes") { _ in .crashed("SIGSEGV") }
        #expect(throws: CallableInference.Skip("every probe call crashed (SIGSEGV)")) { try infer(always) }
        let hangs = Simulated.methO("spins") { _ in .hung }
        #expect(throws: CallableInference.Skip("a probe call hung: f(None)")) { try infer(hangs) }
    }

    @Test func parseTupleParametersAreSettledLeftToRight() throws {
        // cPyRefs.leak_new_reference: "ii" with keywords; None in the second position hides what the
        // first accepts until the first pass gave it an int.
        let leak = try infer(Simulated.parseKeywords(["value", "count"], [Simulated.int, Simulated.int]))
        #expect(leak.arguments == [ArgumentSpec(kind: .int), ArgumentSpec(kind: .int)])
        #expect(leak.note.hasPrefix("probed: takes exactly 2 arguments"), "\(leak.note)")
        #expect(leak.witness.positional == [.sample(.int), .sample(.int)])

        // "nd|d": the optional one is not passed.
        let scale = try infer(Simulated.parseTuple([Simulated.int, Simulated.float, Simulated.float], optional: 1))
        #expect(scale.arguments == [ArgumentSpec(kind: .int), ArgumentSpec(kind: .float)])
        #expect(scale.note.hasPrefix("probed: takes 2 to 3 arguments"), "\(scale.note)")
    }

    @Test func aCallbackAfterADictIsLearnedInThreePasses() throws {
        // refexamples.get_and_call: checks the dict ("expected a dict"), then calls the callback.
        let f = Simulated.calls { args in
            guard args.positional.count == 2 else {
                return .raised(type: "TypeError", message: "get_and_call expected 2 arguments, got \(args.positional.count)")
            }
            let (dict, callback) = (args.positional[0], args.positional[1])
            guard [.sample(.dict), .sample(.ordereddict)].contains(dict) else { return .raised(type: "TypeError", message: "expected a dict") }
            guard callback == .sample(.mutator) else {
                return .raised(type: "TypeError", message: "'\(Simulated.typeName(callback))' object is not callable")
            }
            return .returned
        }
        #expect(try infer(f).arguments == [ArgumentSpec(kind: .dict), ArgumentSpec(kind: .mutator)])
    }

    @Test func aParameterThatTakesNothingTriedIsSkipped() throws {
        let f = Simulated.methO("f") { value in .raised(type: "TypeError", message: "argument must be mod.Widget, not \(Simulated.typeName(value))") }
        #expect(throws: CallableInference.Skip.self) { try infer(f) }
    }

    @Test func aTypeThatCannotBeBuiltIsSkipped() throws {
        let sealed = Simulated.calls { _ in .raised(type: "TypeError", message: "cannot create 'mod.Sealed' instances") }
        #expect(throws: CallableInference.Skip("every call raises TypeError: cannot create 'mod.Sealed' instances")) {
            try CallableInference(survey: CallableSurvey(), name: "Sealed", buildsInstance: true, calls: sealed).infer()
        }
    }

    // MARK: the order of evidence

    static let parameters = [SurveyedParameter(name: "items", kind: .positionalOnly), SurveyedParameter(name: "key", kind: .positionalOnly)]
    static var untouchable: ProbeCalls { { _ in
        Issue.record("no probe call was expected")
        return []
    } }

    @Test func annotationsNeedNoCall() throws {
        let annotated = [SurveyedParameter(name: "items", annotation: "list[int]"),
                         SurveyedParameter(name: "out", kind: .keywordOnly, annotation: "TextIO"),
                         SurveyedParameter(name: "n", required: false, annotation: "int")]
        let inferred = try infer(Self.untouchable, survey: CallableSurvey(signature: annotated, signatureText: "(items, *, out, n=0)"))
        #expect(inferred.arguments == [ArgumentSpec(kind: .list), ArgumentSpec(name: "out", kind: .file)])
        #expect(inferred.note == "signature (items, *, out, n=0); kinds from annotations")
    }

    @Test func aStubGivesTheKindsASignatureLacks() throws {
        let stub = [SurveyedParameter(name: "items", annotation: "Sequence[int]"), SurveyedParameter(name: "key", annotation: "str")]
        let survey = CallableSurvey(signature: Self.parameters, signatureText: "(items, key, /)", textSignature: true, stub: stub)
        let inferred = try infer(Self.untouchable, survey: survey, name: "joined")
        #expect(inferred.arguments == [ArgumentSpec(kind: .list), ArgumentSpec(kind: .str)])
        #expect(inferred.note == "text signature (items, key, /); kinds from the stub")
        // Without a signature, the stub gives the parameters too (checked by one call).
        let calls = Simulated.parseTuple([Simulated.object, Simulated.object])
        #expect(try infer(calls, survey: CallableSurvey(stub: stub), name: "joined").note.hasPrefix("stub"))
    }

    @Test func aTextSignatureGivesTheArityAndProbesGiveTheKinds() throws {
        let survey = CallableSurvey(signature: Self.parameters, signatureText: "(items, key, /)", textSignature: true)
        let inferred = try infer(Simulated.parseTuple([Simulated.exactly(.list, position: 1), Simulated.object]), survey: survey)
        #expect(inferred.arguments == [ArgumentSpec(kind: .list), ArgumentSpec(kind: .any)])
        #expect(inferred.note == "text signature (items, key, /); kinds probed: items: list only; key: every kind")
    }

    @Test func aDocstringThatDisagreesWithTheCallsLoses() throws {
        // Its kinds are checked by one call with their samples.
        let survey = CallableSurvey(doc: "f(list, obj) -> bool")
        let agrees = try infer(Simulated.parseTuple([Simulated.object, Simulated.object]), survey: survey)
        #expect(agrees.arguments == [ArgumentSpec(kind: .list), ArgumentSpec(kind: .any)])
        #expect(agrees.note == "docstring 'f(list, obj) -> bool'; kinds from the docstring")
        let lies = try infer(Simulated.methNoArgs("f"), survey: survey)
        #expect(lies.arguments.isEmpty)
        #expect(lies.note.hasPrefix("probed: takes no arguments (the docstring disagreed: "), "\(lies.note)")
        // Names that say no kind: the kinds are probed, with the docstring's arity.
        let names = CallableSurvey(doc: "f(a, b, c)")
        let disagrees = try infer(Simulated.methO("f") { _ in .returned }, survey: names)
        #expect(disagrees.arguments == [ArgumentSpec(kind: .any)])
        #expect(disagrees.note.contains("the docstring disagreed"), "\(disagrees.note)")
    }

    // MARK: a type

    @Test func aTypeGetsItsConstructorAndMethods() throws {
        let counter = MemberSurvey(name: "Counter", isType: true, methods: [
            MethodSurvey(name: "add"), MethodSurvey(name: "merge"), MethodSurvey(name: "value"),
            MethodSurvey(name: "__len__", callable: CallableSurvey(signature: [], signatureText: "()", textSignature: true)),
            MethodSurvey(name: "reset"),
        ], typeNames: ["Counter", "mod.Counter"])
        let survey = ModuleSurvey(module: "mod", members: [counter])
        let inference = ModuleInference(survey: survey) { requests in
            requests.map { request in
                let ints = Simulated.parseKeywords(["start"], [Simulated.int])
                switch request.method {
                case nil: return ints([request.arguments])[0]
                case "add": return Simulated.methO("add") { $0 == .sample(.int) ? .returned : .raised(type: "TypeError", message: Simulated.int($0)!) }([request.arguments])[0]
                case "merge": return Simulated.methO("merge") { value in
                    value == .sample(.self) ? .returned : .raised(type: "TypeError", message: "merge() argument must be mod.Counter, not \(Simulated.typeName(value))")
                }([request.arguments])[0]
                case "value", "__len__": return Simulated.methNoArgs(request.method!)([request.arguments])[0]
                default: return .crashed("SIGSEGV")
                }
            }
        }
        let targets = inference.targets()
        #expect(targets.map(\.line).first?.hasPrefix("mod:Counter(int){add(int),merge(self),value(),__len__()}  constructor: probed") == true,
                "\(targets.map(\.line))")
        #expect(targets.last == .skipped("mod:Counter.reset", "a probe call crashed (SIGSEGV): reset(None, ...: 9 Nones)"))
    }
}
