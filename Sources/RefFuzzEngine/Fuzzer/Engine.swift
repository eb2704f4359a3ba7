import CPython
import Foundation
import RefFuzzCore
import RefFuzzRuntime

/// RefFuzz in one process, for the command line and the spawned server: the embedded interpreter
/// (initialized once), the targets it resolved, and the fork server that runs every case in a child.
/// Each stage is a type of its own (`FuzzLoop`, `Finalizer`, `CaseRunner`, `CorpusReplay`, `Minimizer`,
/// `SignatureProbe`, `ConformanceRunner`, `SpecInference`) given what it needs; this facade only composes them.
///
/// Single-threaded by design: `fork()` must be called from the only thread that touches Python.
public final class Engine: @unchecked Sendable {
    public let options: RunOptions
    let interpreter: Interpreter
    let facts: RuntimeFacts
    let server: ForkServer
    private var resolved: [String: ResolvedTarget] = [:]

    /// Starts Python (once per process) and puts the module paths first on sys.path.
    public init(_ options: RunOptions = RunOptions()) throws {
        self.options = options
        interpreter = try Interpreter.shared()
        let absolute = options.modulePaths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        facts = try interpreter.withGIL { () throws(TargetError) -> RuntimeFacts in
            try TargetResolver.prependModulePaths(absolute)
            Names.prepare()
            StandardTypes.prepare()
            InstanceClasses.prepare()
            InterpreterCaches.prepare()
            FreeLists.prime()
            return RuntimeFacts.measure()
        }
        server = try ForkServer(interpreter: interpreter, timeout: options.timeout)
    }

    /// True when this Python has immortal objects (so `immortal` can mask a finding).
    public var hasImmortalObjects: Bool { facts.hasImmortalObjects }
    public var pythonVersion: String {
        let v = interpreter.runtimeVersion
        return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff)"
    }

    /// Imports the module, finds the function and checks the spec against it (in this process: imports
    /// must not be repeated per case).
    public func resolve(_ spec: TargetSpec) throws(TargetError) {
        _ = try target(spec)
    }

    /// Why this build refuses stateful specs (`MODULE:Type(ARGS){...}`, `.CALL`): the executor makes no
    /// method calls yet. A bare-module run lists the stateful specs it infers and fuzzes the rest. Set to
    /// nil when the executor runs a case's method calls.
    public static let statefulRefusal: String? = "stateful targets are not fuzzed by this build yet"

    func target(_ spec: TargetSpec) throws(TargetError) -> ResolvedTarget {
        if let known = resolved[spec.description] { return known }
        if spec.isStateful, let refusal = Self.statefulRefusal { throw TargetError("target \(spec): \(refusal)") }
        let target = try interpreter.withGIL { () throws(TargetError) -> ResolvedTarget in try TargetResolver.resolve(spec) }
        try SignatureProbe(server: server, facts: facts).check(target)
        resolved[spec.description] = target
        return target
    }

    var runner: CaseRunner { CaseRunner(server: server, facts: facts, target: target) }

    /// Runs `theCase` alone in a fresh child (see `CaseRunner`).
    public func run(_ theCase: Case, keepObservation: Bool = false) throws(TargetError) -> RunResult {
        try runner.run(theCase, keepObservation: keepObservation)
    }

    /// Fuzzes the targets (the built-in examples when none are given) within the budget, then confirms,
    /// shrinks, masks and stores each finding. A bare module is fuzzed through the specs its plan chose
    /// (see `plan`), which `chosen` is given before the run starts; the time spent choosing them counts.
    public func fuzz(_ options: FuzzOptions, progress: ((FuzzProgress) -> Void)? = nil,
                     chosen: ((TargetPlan) -> Void)? = nil) throws(TargetError) -> Report {
        let start = Clock.now()
        var plan = options.targets.isEmpty ? TargetPlan(specs: try defaultTargets()) : try self.plan(options.targets)
        let inferenceSeconds = Clock.now() - start
        var targets: [(TargetSpec, ResolvedTarget)] = []
        for spec in plan.specs {
            do throws(TargetError) {
                targets.append((spec, try target(spec)))
            } catch where plan.chosenByModule.contains(spec.description) {
                plan.notFuzzed[spec.description] = error.description // one spec a module offered, not the run
            }
        }
        plan.specs = targets.map(\.0)
        guard !targets.isEmpty else { throw TargetError("nothing to fuzz: \(plan.skipped.first.map { "\($0.target): \($0.reason)" } ?? "no target")") }
        chosen?(plan)
        progress?(FuzzProgress(seconds: 0, executions: 0, findings: 0, phase: "replaying the corpus"))
        let known = try CorpusReplay(runner: runner).knownFindings(in: options.corpus, targets: plan.specs)
        var loop = FuzzLoop(server: server, facts: facts, options: options, targets: targets)
        loop.run(start: start, progress: progress)
        let fuzzSeconds = Clock.now() - start
        let finalizer = Finalizer(runner: runner, options: options, immortal: facts.immortal)
        var report = finalizer.report(loop.states, known: known, start: start, progress: progress)
        report.fuzzSeconds = fuzzSeconds
        report.peakMemory = PeakMemory.measure()
        report.python = pythonVersion
        if !plan.choices.isEmpty {
            report.skipped = plan.skipped
            report.inferenceSeconds = inferenceSeconds
        }
        return report
    }

    /// The specs a run of `requests` fuzzes, and what each bare module or `{}` chose (see `TargetPlanner`).
    public func plan(_ requests: [TargetRequest]) throws(TargetError) -> TargetPlan {
        try TargetPlanner(catalog: catalog, inference: inference, statefulRefusal: Self.statefulRefusal).plan(requests)
    }

    /// The smallest case that still shows a finding of `kind`, each candidate run in its own child.
    public func shrink(_ failing: Case, kind: FindingKind, budget: Int = 300) -> Case {
        Finalizer.shrink(failing, kind: kind, budget: budget, runner: runner)
    }

    /// The data classes under which the same program passes.
    public func maskingClasses(of theCase: Case) -> [MaskingClass] {
        Finalizer.maskingClasses(of: theCase, runner: runner, immortal: facts.immortal)
    }

    /// Keeps the smallest case of each distinct finding and behaviour of a corpus (see `Minimizer`).
    public func minimize(corpus: String, into output: String,
                         progress: ((Int, Int) -> Void)? = nil) throws(MinimizeError) -> MinimizeSummary {
        try Minimizer(runner: runner).minimize(corpus: corpus, into: output, progress: progress)
    }

    /// `reffuzz conformance` (see `ConformanceRunner`).
    public func conformance(_ options: ConformanceOptions, progress: ((Int, Int) -> Void)? = nil) -> ConformanceReport {
        ConformanceRunner(server: server, facts: facts).run(options, progress: progress)
    }

    /// The built-in example targets (those `reffuzz fuzz` runs with no target).
    public func defaultTargets() throws(TargetError) -> [TargetSpec] {
        try catalog.defaultTargets()
    }

    /// The targets of `module`, or of every built-in module: a module's declared table, or (with `infer`,
    /// or without a table) the specs inference chooses (see `TargetCatalog`).
    public func listTargets(module: String?, infer: Bool = false) throws(TargetError) -> [TargetListing] {
        try catalog.list(module: module, infer: infer, inference: inference)
    }

    /// A spec, or a line saying why not, for every public function and type of `module` (see `SpecInference`).
    public func inferTargets(module: String) throws(TargetError) -> [InferredTarget] {
        try inference.targets(of: module)
    }

    var catalog: TargetCatalog { TargetCatalog(interpreter: interpreter) }
    var inference: SpecInference { SpecInference(interpreter: interpreter, server: server) }
}
