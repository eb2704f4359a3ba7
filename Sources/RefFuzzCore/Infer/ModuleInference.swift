/// Spec inference for a whole module: a spec for each public function (`MODULE:f(ARGS)`) and type
/// (`MODULE:Type(ARGS){m1(...),m2(...)}`, its constructor's arguments and its methods' kinds), or one
/// line saying why not, from the survey and probe calls (`probe` runs each in a child process).
///
///     let inference = ModuleInference(survey: survey, probe: { requests in runInChildren(requests) })
///     inference.targets().map(\.line)
///     // ["cPyRefs:dec_ref(any)  probed: takes exactly one argument; kinds probed: every kind", ...]
public struct ModuleInference {
    public var survey: ModuleSurvey
    /// Runs probe calls in child processes, and says what each did.
    public var probe: ([ProbeRequest]) -> [ProbeOutcome]

    public init(survey: ModuleSurvey, probe: @escaping ([ProbeRequest]) -> [ProbeOutcome]) {
        self.survey = survey
        self.probe = probe
    }

    var module: String { survey.module }
    var stubName: String? { survey.stub.map { String($0.split(separator: "/").last ?? "") } }

    /// Every member's target, then the members the survey left out, in the survey's order.
    public func targets() -> [InferredTarget] {
        var targets: [InferredTarget] = []
        for member in survey.members {
            targets += member.isType ? type(member) : [function(member)]
        }
        targets += survey.skipped.map { .skipped("\(module):\($0.name)", $0.reason) }
        return targets
    }

    func leaf(_ path: String) -> String { String(path.split(separator: ".").last ?? Substring(path)) }

    /// `MODULE:f(ARGS)`.
    public func function(_ member: MemberSurvey) -> InferredTarget {
        let name = "\(module):\(member.name)"
        let inference = CallableInference(survey: member.callable, name: leaf(member.name), stubName: stubName) { calls in
            probe(calls.map { ProbeRequest(path: member.name, arguments: $0) })
        }
        do throws(CallableInference.Skip) {
            let inferred = try inference.infer()
            return InferredTarget(name: name, spec: TargetSpec(module: module, function: member.name, arguments: inferred.arguments),
                                  note: inferred.note)
        } catch {
            return .skipped(name, error.reason)
        }
    }

    /// The type's stateful spec (its constructor's inferred arguments, or `constructor` when given, and
    /// every method that could be inferred), then a line for each method left out. A type without
    /// methods is fuzzed through its constructor alone.
    public func type(_ member: MemberSurvey, constructor: [ArgumentSpec]? = nil) -> [InferredTarget] {
        let name = "\(module):\(member.name)"
        let build = CallableInference(survey: member.callable, name: leaf(member.name), stubName: stubName,
                                      buildsInstance: true) { calls in
            probe(calls.map { ProbeRequest(path: member.name, arguments: $0) })
        }
        let arguments: [ArgumentSpec]
        let witness: ProbeArguments
        var note: String
        do throws(CallableInference.Skip) {
            if let constructor {
                arguments = constructor
                witness = try build.instanceWitness(CallableInference.Inferred(
                    arguments: constructor, witness: Self.witness(constructor), note: ""))
                note = "constructor as given"
            } else {
                let inferred = try build.infer()
                (arguments, witness, note) = (inferred.arguments, inferred.witness, "constructor: " + inferred.note)
            }
        } catch {
            return [.skipped(name, error.reason)]
        }
        var methods: [MethodSpec] = []
        var skipped: [InferredTarget] = []
        var notes: [String] = []
        for method in member.methods {
            let inference = CallableInference(survey: method.callable, name: method.name, selfTypes: member.typeNames,
                                              stubName: stubName) { calls in
                probe(calls.map { ProbeRequest(path: member.name, method: method.name, constructor: witness, arguments: $0) })
            }
            do throws(CallableInference.Skip) {
                let inferred = try inference.infer()
                methods.append(MethodSpec(name: method.name, arguments: inferred.arguments))
                notes.append("\(method.name): \(inferred.note)")
            } catch {
                skipped.append(.skipped("\(name).\(method.name)", error.reason))
            }
        }
        guard !methods.isEmpty else {
            note += member.methods.isEmpty ? "; no public methods: the constructor alone"
                : "; no method could be inferred: the constructor alone"
            return [InferredTarget(name: name, spec: TargetSpec(module: module, function: member.name, arguments: arguments),
                                   note: note)] + skipped
        }
        let spec = TargetSpec(module: module, function: member.name, arguments: arguments, object: .calls(methods))
        note += "; \(methods.count) method\(methods.count == 1 ? "" : "s")"
        if notes.contains(where: { $0.contains("probed") }) { note += " probed" }
        return [InferredTarget(name: name, spec: spec, note: note)] + skipped
    }

    /// Samples of the given kinds (None for `any`).
    static func witness(_ arguments: [ArgumentSpec]) -> ProbeArguments {
        var witness = ProbeArguments()
        for argument in arguments {
            let value = KindProbe.sample(argument.kind)
            if let name = argument.name {
                witness.keywords.append(.init(name: name, value: value))
            } else {
                witness.positional.append(value)
            }
        }
        return witness
    }
}
