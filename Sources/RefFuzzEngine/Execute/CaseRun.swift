import CPython
import RefFuzzCore
import RefFuzzRuntime

/// One execution of a case in this process: builds its objects, calls the target, runs the mutation
/// programs when the harness's objects call back (and answers for them), observes, and releases
/// everything.
///
/// Ownership: the run holds exactly the references the case says the caller holds (one per argument,
/// plus one per object with `extraReference`); everything else is owned by the containers. Its tables
/// of objects hold *borrowed* pointers, valid only while the death table says the object is alive.
final class CaseRun {
    let theCase: Case
    let layout: CaseLayout
    let target: ResolvedTarget
    let context: ExecutionContext
    var facts: RuntimeFacts { context.facts }

    /// Borrowed pointers by tag (the layout's objects, then those made by steps).
    var objects: [PyPointer?] = []
    var observed: [ObservedObject] = []
    /// Address -> identity tag, for reading container contents.
    var tagsByAddress: [UnsafeMutableRawPointer: Int] = [:]
    /// Shared objects of the case outside `facts.sharedObjects`: identity tag -> count before the case.
    var sharedBaselines: [Int: Int] = [:]
    /// Objects the run holds references to (the caller's), with how many.
    var held: [Int: Int] = [:]
    /// Shared counts and live objects before the run (kept to measure later runs against them too).
    var sharedBefore: [Int] = []
    var blocksBefore: Int64 = 0
    /// The references of the caller's variables among `held`, by tag (one per argument that is the
    /// object), and the objects given the extra reference already (`Case.extraReference`).
    var variables: [Int: Int] = [:]
    var extraGiven: Set<Int> = []
    /// Steps at which the target raised an exception naming the type of a pointer it read from freed
    /// memory (`CaseRun.noteFreedMemory`): uses the detectors cannot see otherwise.
    var freedMemoryNamed: [Int] = []
    /// A stateful target's object and its methods (see CaseRun+Object).
    var object = ObjectState()
    /// References held only while the arguments are built.
    var buildReferences: [PyPointer] = []
    /// The case's objects that hold others: the layout's containers, buffers, iterators, list, tuple and
    /// dict instances, then the containers harness objects answered with.
    var snapshotTags: [Int]
    /// Instance numbers by tag, and the calls of each instance's methods so far.
    let instanceNumbers: [Int: Int]
    var instanceCalls: [Behaviour: Int] = [:]

    var observation = Observation()
    /// The harness step counter: `counter` only grows; `current` is what deaths and events are stamped with.
    var counter = 0
    var current = 0
    var depth = 0

    /// The run whose programs the harness's objects call back into (one at a time per process).
    nonisolated(unsafe) static var active: CaseRun?

    init(case theCase: Case, layout: CaseLayout, target: ResolvedTarget, context: ExecutionContext) {
        self.theCase = theCase
        self.layout = layout
        self.target = target
        self.context = context
        snapshotTags = CaseRun.snapshotTags(layout, theCase)
        instanceNumbers = Dictionary((layout.numberedTags["instance"] ?? [:]).map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        objects.reserveCapacity(layout.nodes.count + 8)
    }

    // MARK: - The whole run

    /// Runs the case once; the caller has begun the detectors' case (`rf_case_begin`) and ends it after.
    func run() -> Observation {
        context.progress?.beat()
        // The type attribute cache keeps a reference to every attribute name it saw (and starts out
        // holding None in every entry): emptied before each measurement, it moves no count. The
        // previous case's teardown emptied it already, unless Python code ran since.
        rf_type_cache_reset_unless_empty()
        sharedBefore = facts.snapshot()
        blocksBefore = liveObjects()
        setStep(0)
        if target.spec.isStateful {
            runObject()
        } else {
            build()
            observation.afterBuild = snapshotContainers()
            call()
        }
        observeAfterCall()
        teardown(sharedBefore: sharedBefore, blocksBefore: blocksBefore)
        return observation
    }

    func setStep(_ number: Int) {
        current = number
        rf_set_step(Int64(number))
    }

    func nextStep() -> Int {
        counter += 1
        setStep(counter)
        return counter
    }
}
