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
///
/// Its state is touched millions of times a second from one thread, never re-entrantly in a way that
/// overlaps two accesses: the stored properties skip Swift's dynamic exclusivity checks, which cost
/// about 5% of a case.
final class CaseRun {
    let theCase: Case
    let layout: CaseLayout
    let target: ResolvedTarget
    let context: ExecutionContext
    var facts: RuntimeFacts { context.facts }

    /// Borrowed pointers by tag (the layout's objects, then those made by steps).
    @exclusivity(unchecked) var objects: [PyPointer?] = []
    @exclusivity(unchecked) var observed: [ObservedObject] = []
    /// Address -> identity tag, for reading container contents.
    @exclusivity(unchecked) var tagsByAddress: [UnsafeMutableRawPointer: Int] = [:]
    /// Shared objects of the case outside `facts.sharedObjects`: identity tag -> count before the case.
    @exclusivity(unchecked) var sharedBaselines = TagMap<Int>()
    /// Objects the run holds references to (the caller's), with how many.
    @exclusivity(unchecked) var held = TagMap<Int>()
    /// Shared counts and live objects before the run (kept to measure later runs against them too).
    @exclusivity(unchecked) var sharedBefore: [Int] = []
    @exclusivity(unchecked) var blocksBefore: Int64 = 0
    /// The references of the caller's variables among `held`, by tag (one per argument that is the
    /// object), and the objects given the extra reference already (`Case.extraReference`).
    @exclusivity(unchecked) var variables = TagMap<Int>()
    @exclusivity(unchecked) var extraGiven = TagSet()
    /// Steps at which the target raised an exception naming the type of a pointer it read from freed
    /// memory (`CaseRun.noteFreedMemory`): uses the detectors cannot see otherwise.
    @exclusivity(unchecked) var freedMemoryNamed: [Int] = []
    /// A stateful target's object and its methods (see CaseRun+Object).
    @exclusivity(unchecked) var object = ObjectState()
    /// References held only while the arguments are built.
    @exclusivity(unchecked) var buildReferences: [PyPointer] = []
    /// The case's objects that hold others: the layout's containers, buffers, iterators, list, tuple and
    /// dict instances, then the containers harness objects answered with.
    @exclusivity(unchecked) var snapshotTags: [Int]
    /// Instance numbers by tag, and the calls of each instance's methods so far.
    let instanceNumbers: TagMap<Int>
    @exclusivity(unchecked) var instanceCalls: [Behaviour: Int] = [:]

    @exclusivity(unchecked) var observation = Observation()
    /// The harness step counter: `counter` only grows; `current` is what deaths and events are stamped with.
    @exclusivity(unchecked) var counter = 0
    @exclusivity(unchecked) var current = 0
    @exclusivity(unchecked) var depth = 0

    /// The run whose programs the harness's objects call back into (one at a time per process).
    nonisolated(unsafe) static var active: CaseRun?

    init(case theCase: Case, layout: CaseLayout, target: ResolvedTarget, context: ExecutionContext) {
        self.theCase = theCase
        self.layout = layout
        self.target = target
        self.context = context
        snapshotTags = CaseRun.snapshotTags(layout, theCase)
        instanceNumbers = theCase.instances.isEmpty ? [:] : (layout.numberedTags["instance"] ?? [:]).reduce(into: TagMap()) { numbers, entry in
            if numbers[entry.value] == nil { numbers[entry.value] = entry.key }
        }
        objects.reserveCapacity(layout.nodes.count + 8)
        observed.reserveCapacity(layout.nodes.count + 8)
        tagsByAddress.reserveCapacity(layout.nodes.count + 8)
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
