/// Infers the arguments of one callable (a function, a type's constructor, a method) from its evidence,
/// in order: its signature (`__text_signature__` or Python code's), its stub, its docstring's first
/// line, then probe calls: the arity when none of those gave it (`ArityProbe`), and the kinds that no
/// annotation gave (`KindProbe`). A spec gets the required parameters, and one argument for a callable
/// that requires none but accepts some. Nothing is guessed silently: what the evidence was is the
/// note, and what cannot be inferred is a `Skip` that says why.
public struct CallableInference {
    /// The callable's evidence that needs no call.
    public var survey: CallableSurvey
    /// Its name, as its docstring would start (`first`, `Counter`).
    public var name: String
    /// The names of the type whose method it is (`self` kinds), or empty.
    public var selfTypes: [String]
    /// The stub's file name, for notes.
    public var stubName: String?
    /// True for a constructor: the arguments must build an instance (the witness does).
    public var buildsInstance: Bool
    public var calls: ProbeCalls

    public struct Inferred: Hashable, Sendable {
        public var arguments: [ArgumentSpec]
        /// Arguments every parameter accepted (for a constructor: ones that built an instance).
        public var witness: ProbeArguments
        public var note: String
    }

    public struct Skip: Error, Hashable, Sendable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    public init(survey: CallableSurvey, name: String, selfTypes: [String] = [], stubName: String? = nil,
                buildsInstance: Bool = false, calls: @escaping ProbeCalls) {
        self.survey = survey
        self.name = name
        self.selfTypes = selfTypes
        self.stubName = stubName
        self.buildsInstance = buildsInstance
        self.calls = calls
    }

    var candidates: [ArgumentKind] { selfTypes.isEmpty ? KindChoice.candidates : [.self] + KindChoice.candidates }

    public func infer() throws(Skip) -> Inferred {
        var (slots, source, kindSource) = evidence()
        var arity = slots == nil ? try probeArity() : nil
        var disagreed = ""
        var learned: Learned
        while true {
            let used = slots ?? Self.positionalSlots(arity!)
            do throws(KindProbe.Failure) {
                learned = try kinds(used, verify: source.map { $0.kind != "signature" } ?? false)
                break
            } catch .wrongArity(let message) where slots != nil {
                // The signature, stub or docstring does not match the callable: what its calls say wins.
                disagreed = " (the \(source?.kind ?? "evidence") disagreed: \(message))"
                (slots, source, kindSource) = (nil, nil, nil)
                arity = try probeArity()
            } catch {
                throw Skip(reason(error, slots: used.count))
            }
        }
        var note = source?.text ?? ""
        if source == nil, let arity {
            // The lower bound settled with arguments that pass the checks; one argument at least when
            // the callable takes some.
            let required = ArityProbe(calls: calls).required(arity, witness: learned.witness)
            let count = Swift.max(required, Swift.min(1, learned.arguments.count))
            learned.keep(count)
            let settled = ArityProbe.Arity(low: required, high: arity.high, lowIsExact: true, names: arity.names)
            note = "probed: \(settled.description)" + (count > required ? " (one passed)" : "")
        }
        if let kindSource, !learned.arguments.isEmpty { note += "; kinds from \(kindSource)" }
        if !learned.notes.isEmpty {
            let parts = learned.notes.map { learned.arguments.count == 1 ? $0.note : "\($0.label): \($0.note)" }
            note += (kindSource == nil ? "; kinds probed: " : ", probed: ") + parts.joined(separator: "; ")
        }
        var inferred = Inferred(arguments: learned.arguments, witness: learned.witness, note: note + disagreed)
        if buildsInstance { inferred.witness = try instanceWitness(inferred) }
        return inferred
    }

    /// The kinds of the slots, and a note for each probed one.
    struct Learned {
        var arguments: [ArgumentSpec]
        var witness: ProbeArguments
        var notes: [(slot: Int, label: String, note: String)]

        /// Keeps the first `count` (positional) arguments.
        mutating func keep(_ count: Int) {
            arguments = Array(arguments.prefix(count))
            witness.positional = Array(witness.positional.prefix(count))
            notes = notes.filter { $0.slot < count }
        }
    }

    /// Where the parameters came from: `signature`, `stub` or `docstring`, and how a note says it.
    struct Source {
        var kind: String
        var text: String
    }

    /// Slots from the signature, else the stub, else the docstring (nil when none gives them), what they
    /// came from, and what gave kinds.
    func evidence() -> (slots: [KindProbe.Slot]?, source: Source?, kindSource: String?) {
        var slots: [KindProbe.Slot]?
        var source: Source?
        var kindSource: String?
        if let signature = survey.signature, Self.isInformative(signature) {
            slots = Self.slots(signature, selfTypes: selfTypes)
            let text = survey.signatureText ?? ""
            source = Source(kind: "signature", text: (survey.textSignature ? "text signature " : "signature ")
                + (text.count > 60 ? text.prefix(56) + " ..." : text))
            if slots!.contains(where: { $0.known != nil }) { kindSource = "annotations" }
        }
        if let stub = survey.stub {
            let stubSlots = Self.slots(stub, selfTypes: selfTypes)
            if slots == nil {
                slots = stubSlots
                source = Source(kind: "stub", text: "stub \(stubName ?? "")")
            } else {
                // The signature's parameters with the stub's kinds (by name, else by position).
                for i in slots!.indices where slots![i].known == nil {
                    let match = stubSlots.first { $0.name == slots![i].name } ?? (i < stubSlots.count ? stubSlots[i] : nil)
                    slots![i].known = match?.known
                }
            }
            if stubSlots.contains(where: { $0.known != nil }) { kindSource = "the stub" }
        }
        if slots == nil, let line = survey.doc, let doc = DocstringSignature(line: line, name: name) {
            slots = Self.slots(doc.parameters, selfTypes: selfTypes)
            source = Source(kind: "docstring", text: "docstring '\(line.prefix(60))'")
            if slots!.contains(where: { $0.known != nil }) { kindSource = "the docstring" }
        }
        return (slots, source, kindSource)
    }

    func probeArity() throws(Skip) -> ArityProbe.Arity {
        do throws(ArityProbe.Failure) { return try ArityProbe(calls: calls).run() } catch {
            switch error {
            case .died(let how, let n):
                let call = "\(name)(\(n == 0 ? "" : "None, ...: \(n) Nones"))"
                throw Skip(how == "hung" ? "a probe call hung: \(call)" : "a probe call crashed (\(how)): \(call)")
            case .refusesEveryCall(let message):
                throw Skip("every call raises TypeError: \(message)")
            }
        }
    }

    /// Probes the kinds of the slots that have none yet. When a stub or a docstring gave them all
    /// (`verify`), one call with their samples checks that its arity is the callable's.
    func kinds(_ slots: [KindProbe.Slot], verify: Bool) throws(KindProbe.Failure) -> Learned {
        let probe = KindProbe(slots: slots, candidates: candidates, selfTypes: selfTypes, calls: calls)
        guard slots.contains(where: { $0.known == nil }) else {
            let witness = probe.arguments(slots.map { KindProbe.sample($0.known!) })
            if verify, let message = calls([witness])[0].typeError,
               ArityMessage.fact(in: message, given: witness.positional.count) != nil {
                throw .wrongArity(message)
            }
            return Learned(arguments: Self.arguments(slots, slots.map { $0.known! }), witness: witness, notes: [])
        }
        let result = try probe.run()
        let probed = slots.indices.filter { slots[$0].known == nil }
        let notes = zip(probed, result.notes).map { i, note in (slot: i, label: slots[i].name ?? "arg \(i + 1)", note: note) }
        return Learned(arguments: Self.arguments(slots, result.kinds), witness: result.witness, notes: notes)
    }

    static func arguments(_ slots: [KindProbe.Slot], _ kinds: [ArgumentKind]) -> [ArgumentSpec] {
        zip(slots, kinds).map { slot, kind in ArgumentSpec(name: slot.keyword ? slot.name : nil, kind: kind) }
    }

    /// Arguments that build an instance: the witness, else the same with other samples for its `any`
    /// parameters.
    func instanceWitness(_ inferred: Inferred) throws(Skip) -> ProbeArguments {
        var tried: [ProbeArguments] = [inferred.witness]
        for replacement in [ArgumentKind.int, .str, .list] {
            var variant = inferred.witness
            for (i, argument) in inferred.arguments.enumerated() where argument.kind == .any {
                if argument.name == nil, i < variant.positional.count { variant.positional[i] = .sample(replacement) }
                if let name = argument.name, let k = variant.keywords.firstIndex(where: { $0.name == name }) {
                    variant.keywords[k].value = .sample(replacement)
                }
            }
            if !tried.contains(variant) { tried.append(variant) }
        }
        var last = ProbeOutcome.returned
        for arguments in tried {
            last = calls([arguments])[0]
            if last == .returned { return arguments }
        }
        throw Skip("could not build an instance with \(name)\(inferred.witness.text): \(Self.describe(last))")
    }

    /// One positional slot per probed argument, named where the messages named them.
    static func positionalSlots(_ arity: ArityProbe.Arity) -> [KindProbe.Slot] {
        (0..<arity.probed).map { KindProbe.Slot(name: arity.names[$0]) }
    }

    /// A signature that says more than `(*args, **kwargs)` (an empty one says: no arguments).
    static func isInformative(_ parameters: [SurveyedParameter]) -> Bool {
        parameters.isEmpty || parameters.contains { $0.kind != .varPositional && $0.kind != .varKeyword }
    }

    /// The required positional parameters, then the required keyword-only ones; the first optional
    /// positional one when none is required.
    static func slots(_ parameters: [SurveyedParameter], selfTypes: [String]) -> [KindProbe.Slot] {
        func kind(_ p: SurveyedParameter) -> ArgumentKind? {
            p.annotation.map { AnnotationKind.kind(of: $0, selfType: selfTypes.first) }
        }
        let positional = parameters.filter { $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }
        var slots = positional.filter(\.required).map { KindProbe.Slot(name: $0.name, known: kind($0)) }
        if slots.isEmpty, let first = positional.first ?? parameters.first(where: { $0.kind == .varPositional }) {
            slots = [KindProbe.Slot(name: first.kind == .varPositional ? nil : first.name, known: kind(first))]
        }
        slots += parameters.filter { $0.kind == .keywordOnly && $0.required }.map {
            KindProbe.Slot(name: $0.name, keyword: true, known: kind($0))
        }
        return slots
    }

    func reason(_ failure: KindProbe.Failure, slots: Int) -> String {
        switch failure {
        case .wrongArity(let message): return "calls with the arguments probed raise TypeError: \(message)"
        case .hung(let arguments): return "a probe call hung: \(name)\(arguments.text)"
        case .noKind(let slot, let why): return slots == 1 ? why : "argument \(slot + 1): \(why)"
        }
    }

    static func describe(_ outcome: ProbeOutcome) -> String {
        switch outcome {
        case .returned: "returned"
        case .raised(let type, let message): message.isEmpty ? type : "\(type): \(message)"
        case .setupFailed(let why): why
        case .crashed(let how): "crashed (\(how))"
        case .hung: "hung"
        }
    }
}
