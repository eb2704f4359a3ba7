import RefFuzzCore

/// What a fuzz run fuzzes, decided before it starts: the specs, in order, and for each request that
/// named no spec of its own (a bare MODULE, `MODULE:Type(ARGS){}`) what it chose, to be said before the
/// run and written in the report.
///
///     let plan = try engine.plan([.module("cPyRefs")])
///     plan.specs      // [cPyRefs:access_after_free(), cPyRefs:dec_ref(any), ...]
///     plan.lines      // ["cPyRefs: 9 targets inferred", "cPyRefs:access_after_free()  probed: ...", ...]
public struct TargetPlan: Hashable, Sendable {
    /// What one request chose: a heading and its targets (skipped ones included).
    public struct Choice: Hashable, Sendable {
        public var heading: String
        public var targets: [InferredTarget]
    }

    public var specs: [TargetSpec] = []
    public var choices: [Choice] = []
    /// Specs chosen but not fuzzed by this run, and why (by canonical spelling).
    public var notFuzzed: [String: String] = [:]
    /// The specs a bare module chose (by canonical spelling): one that cannot be resolved is not
    /// fuzzed, and the run goes on with the others.
    public var chosenByModule: Set<String> = []

    public init(specs: [TargetSpec] = []) { self.specs = specs }

    /// The headings and the targets' lines (`InferredTarget.line`), a spec not fuzzed followed by why.
    public var lines: [String] {
        choices.flatMap { choice in
            [choice.heading] + choice.targets.map { target in
                target.spec.flatMap { notFuzzed[$0.description] }.map { "\(target.line)  (not fuzzed: \($0))" } ?? target.line
            }
        }
    }

    /// The targets chosen that are not fuzzed, and why (the report's `skipped`).
    public var skipped: [SkippedTarget] {
        choices.flatMap(\.targets).compactMap { target in
            guard let spec = target.spec else { return SkippedTarget(target: target.name, reason: target.note) }
            return notFuzzed[spec.description].map { SkippedTarget(target: spec.description, reason: "not fuzzed: \($0)") }
        }
    }

    mutating func add(_ spec: TargetSpec) {
        if !specs.contains(spec) { specs.append(spec) }
    }
}

/// Turns the requests of a fuzz run into its plan: specs as they are, a module by its declared
/// `__reffuzz_targets__` table when it has one (declared specs beat inferred ones), else by inference;
/// `{}` by the type's inferred methods.
struct TargetPlanner {
    let catalog: TargetCatalog
    let inference: SpecInference
    /// Why this build cannot fuzz a stateful spec yet, or nil when it can.
    let statefulRefusal: String?

    func plan(_ requests: [TargetRequest]) throws(TargetError) -> TargetPlan {
        var plan = TargetPlan()
        for request in requests {
            switch request {
            case .spec(let spec) where spec.object == .calls([]):
                let targets = try inference.methods(of: spec)
                plan.choices.append(TargetPlan.Choice(heading: "reffuzz: \(spec): every method, kinds inferred", targets: targets))
                for expanded in targets.compactMap(\.spec) { plan.add(expanded) }
            case .spec(let spec):
                plan.add(spec)
            case .module(let module):
                try add(module: module, to: &plan)
            }
        }
        return plan
    }

    private func add(module: String, to plan: inout TargetPlan) throws(TargetError) {
        let targets: [InferredTarget]
        let heading: String
        if let declared = try catalog.declared(module: module) {
            targets = declared.compactMap { listing in
                (try? TargetSpec(parsing: listing.spec)).map {
                    InferredTarget(name: listing.spec, spec: $0, note: "declared" + (listing.bug.map { ", bug: \($0)" } ?? ""))
                }
            }
            heading = "reffuzz: \(module): \(targets.count) target\(targets.count == 1 ? "" : "s") declared in __reffuzz_targets__"
        } else {
            targets = try inference.targets(of: module)
            let skipped = targets.filter(\.isSkipped).count
            heading = "reffuzz: \(module): \(targets.count - skipped) target\(targets.count - skipped == 1 ? "" : "s") inferred"
                + (skipped > 0 ? ", \(skipped) skipped" : "")
        }
        var fuzzed = 0
        for spec in targets.compactMap(\.spec) {
            if spec.isStateful, let statefulRefusal {
                plan.notFuzzed[spec.description] = statefulRefusal
            } else {
                plan.add(spec)
                plan.chosenByModule.insert(spec.description)
                fuzzed += 1
            }
        }
        plan.choices.append(TargetPlan.Choice(heading: heading, targets: targets))
        guard fuzzed > 0 else {
            let why = targets.first.map { target in
                target.spec.map { "\($0): \(statefulRefusal ?? "")" } ?? "\(target.name): \(target.note)"
            } ?? "it has no public function or type"
            throw TargetError("nothing to fuzz in module '\(module)': \(why)\(targets.count > 1 ? " (and \(targets.count - 1) more: reffuzz targets \(module))" : "")")
        }
    }
}
