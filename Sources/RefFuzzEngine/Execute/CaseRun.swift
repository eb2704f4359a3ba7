import CPython
import RefFuzzCore
import RefFuzzRuntime

/// One execution of a case in this process: builds its objects, calls the target, runs the mutation
/// programs when mutators and evil objects call back, observes, and releases everything.
///
/// Ownership: the run holds exactly the references the case says the caller holds (one per argument,
/// plus one per object with `extraReference`); everything else is owned by the containers. Its tables
/// of objects hold *borrowed* pointers, valid only while the death table says the object is alive.
final class CaseRun {
    let theCase: Case
    let layout: CaseLayout
    let target: ResolvedTarget
    let facts: RuntimeFacts

    /// Borrowed pointers by tag (the layout's objects, then those made by steps).
    var objects: [PyPointer?] = []
    var observed: [ObservedObject] = []
    /// Address -> identity tag, for reading container contents.
    var tagsByAddress: [UnsafeMutableRawPointer: Int] = [:]
    /// Shared objects of the case outside `facts.sharedObjects`: identity tag -> count before the case.
    var sharedBaselines: [Int: Int] = [:]
    /// Objects the run holds references to (the caller's), with how many.
    var held: [Int: Int] = [:]
    /// References held only while the arguments are built.
    var buildReferences: [PyPointer] = []

    var observation = Observation()
    /// The harness step counter: `counter` only grows; `current` is what deaths and events are stamped with.
    var counter = 0
    var current = 0
    var depth = 0

    /// The run whose programs mutators and evil objects call back into (one at a time per process).
    nonisolated(unsafe) static var active: CaseRun?

    init(case theCase: Case, layout: CaseLayout, target: ResolvedTarget, facts: RuntimeFacts) {
        self.theCase = theCase
        self.layout = layout
        self.target = target
        self.facts = facts
        objects.reserveCapacity(layout.nodes.count + 8)
    }

    // MARK: - The whole run

    /// Runs the case once; the caller has begun the detectors' case (`rf_case_begin`) and ends it after.
    func run() -> Observation {
        childHeartbeat?.pointee += 1
        // The type attribute cache keeps a reference to every attribute name it saw (and starts out
        // holding None in every entry): emptied before each measurement, it moves no count.
        PyType_ClearCache()
        let sharedBefore = facts.snapshot()
        let blocksBefore = liveObjects()
        setStep(0)
        build()
        observation.afterBuild = snapshotContainers()
        call()
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

    // MARK: - Build

    func build() {
        for tag in layout.argumentTags {
            // The caller's variable: this new reference is kept until the teardown.
            guard make(tag) != nil else { continue }
            held[tag, default: 0] += 1
            observed[tag].harnessReferences += 1
        }
        if theCase.extraReference {
            for tag in 0..<observed.count where observed[tag].identity == tag {
                guard let object = objects[tag] else { continue }
                Py_INCREF(object)
                held[tag, default: 0] += 1
                observed[tag].harnessReferences += 1
            }
        }
        // Canaries, evil objects and mutators met more than once were kept alive while the arguments
        // were built (a dict that replaces a value must not free an object that a later key reuses).
        for object in buildReferences { Py_DECREF(object) }
        buildReferences = []
    }

    /// Makes the object of layout node `tag` (and its elements) and returns a new reference to it.
    /// A canary, evil object or mutator met again is the same object: a new reference to it.
    func make(_ tag: Int) -> PyPointer? {
        if tag < objects.count, let existing = objects[tag] {
            Py_INCREF(existing)
            return existing
        }
        let node = layout.nodes[tag]
        guard let object = create(node.value) else {
            PyErr_Clear()
            register(tag: tag, object: nil, value: node.value, createdAt: 0)
            return nil
        }
        register(tag: tag, object: object, value: node.value, createdAt: 0)
        switch node.value {
        case .canary, .evil, .mutator:
            Py_INCREF(object)
            buildReferences.append(object)
        default:
            break
        }
        fill(object, node: node)
        return object
    }

    /// Records a new object: its tag, whether it is shared, and its identity among equal pointers.
    func register(tag: Int, object: PyPointer?, value: Value, createdAt: Int, madeBy: Int? = nil) {
        while objects.count <= tag {
            objects.append(nil)
            observed.append(ObservedObject(tag: observed.count, dataClass: .container, identity: observed.count,
                                           shared: false, harnessReferences: 0))
        }
        objects[tag] = object
        var record = ObservedObject(tag: tag, dataClass: value.dataClass, identity: tag, shared: false,
                                    harnessReferences: 0, createdAt: createdAt, madeBy: madeBy)
        if let object {
            let address = UnsafeMutableRawPointer(object)
            if let first = tagsByAddress[address] {
                record.identity = first
                record.shared = true
                observed[first].shared = true
            } else {
                tagsByAddress[address] = tag
                // A fresh object has exactly the one reference its maker returned; more means the
                // interpreter shares it (cached int, interned string, singleton, empty tuple).
                record.shared = rf_refcnt(object) > 1
                if record.shared {
                    if !facts.sharedAddresses.contains(address) { sharedBaselines[tag] = rf_refcnt(object) - 1 }
                } else {
                    rf_track(object, Int64(tag))
                }
            }
        }
        observed[tag] = record
    }

    /// New reference: the scalar or empty container for `value`.
    func create(_ value: Value) -> PyPointer? {
        switch value {
        case .evil(let n):
            let spec = n < theCase.evils.count ? theCase.evils[n] : EvilSpec()
            let mask = spec.programs.keys.reduce(UInt32(0)) { $0 | (1 << UInt32($1.slot)) }
            return rf_new_evil(Int32(n), mask, spec.constantHash ? 1 : 0)
        case .mutator(let n): return rf_new_mutator(Int32(n))
        case .list: return PyList_New(0)
        case .tuple(let items): return PyTuple_New(items.count)
        case .set: return PySet_New(nil)
        case .dict: return PyDict_New()
        default: return Python.makeScalar(value)
        }
    }

    /// Puts the elements of a container node into `container` (borrowed), each from a new reference
    /// that the container takes over (tuple) or that is released after the container took its own.
    func fill(_ container: PyPointer, node: CaseLayout.Node) {
        switch node.value {
        case .list:
            for child in node.children {
                guard let item = make(child) else { continue }
                PyList_Append(container, item)
                Py_DECREF(item)
            }
        case .tuple:
            for (i, child) in node.children.enumerated() {
                let item = make(child) ?? { Py_INCREF(Python.none); return Python.none }()
                PyTuple_SetItem(container, i, item) // steals
            }
        case .set:
            for child in node.children {
                guard let item = make(child) else { continue }
                if PySet_Add(container, item) < 0 { PyErr_Clear() }
                Py_DECREF(item)
            }
        case .dict:
            var i = 0
            while i + 1 < node.children.count {
                let key = make(node.children[i]), value = make(node.children[i + 1])
                if let key, let value, PyDict_SetItem(container, key, value) < 0 { PyErr_Clear() }
                Py_XDECREF(key)
                Py_XDECREF(value)
                i += 2
            }
        default:
            break
        }
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }

    // MARK: - Call

    func call() {
        observation.marks.callStart = nextStep()
        let positional = theCase.arguments.indices.filter { theCase.arguments[$0].name == nil }
        let args = PyTuple_New(positional.count)! // new; released below
        for (i, a) in positional.enumerated() {
            let object = objects[layout.argumentTags[a]] ?? Python.none
            Py_INCREF(object)
            PyTuple_SetItem(args, i, object) // steals the reference just taken
        }
        var kwargs: PyPointer?
        let keywords = theCase.arguments.indices.filter { theCase.arguments[$0].name != nil }
        if !keywords.isEmpty {
            kwargs = PyDict_New()
            for a in keywords {
                PyDict_SetItemString(kwargs, theCase.arguments[a].name!, objects[layout.argumentTags[a]] ?? Python.none)
            }
        }
        CaseRun.active = self
        let result = PyObject_Call(target.callable, args, kwargs) // new reference or NULL
        CaseRun.active = nil
        observation.marks.callEnd = nextStep()
        rf_check_freed_pointer_uses() // before the result and the arguments give such a reference back
        if result == nil {
            let error = Python.takeException()
            if let error {
                if error.type == "SystemError" && error.message.contains("returned NULL without setting an exception") {
                    observation.outcome = .nullWithoutException
                } else if error.type == "SystemError" && error.message.contains("returned a result with an exception set") {
                    observation.outcome = .resultWithException
                } else {
                    observation.outcome = .raised(type: error.type, message: String(error.message.prefix(200)))
                }
            } else {
                observation.outcome = .nullWithoutException
            }
        } else if PyErr_Occurred() != nil {
            observation.outcome = .resultWithException
            PyErr_Clear()
        }
        observation.marks.resultReleased = nextStep()
        Py_XDECREF(result)
        observation.marks.argumentsReleased = nextStep()
        Py_DECREF(args)
        Py_XDECREF(kwargs)
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }

    // MARK: - Observation

    func isAlive(_ tag: Int) -> Bool {
        tag < objects.count && objects[tag] != nil && (observed[tag].shared || rf_death_step(Int64(tag)) < 0)
    }

    func observeAfterCall() {
        PyType_ClearCache()
        for tag in 0..<observed.count {
            let death = rf_death_step(Int64(tag))
            if death >= 0 { observed[tag].deathStep = Int(death) }
            if observed[tag].identity == tag, !observed[tag].shared, isAlive(tag), let object = objects[tag] {
                observed[tag].countAfterCall = rf_refcnt(object)
            }
        }
        observation.afterCall = snapshotContainers()
        observation.objects = observed
    }

    /// The contents of every live container of the case.
    func snapshotContainers() -> [ContainerSnapshot] {
        var snapshots: [ContainerSnapshot] = []
        for node in layout.nodes where node.value.isContainer && observed[node.tag].identity == node.tag {
            if let snapshot = snapshot(node.tag) { snapshots.append(snapshot) }
        }
        return snapshots
    }

    func snapshot(_ tag: Int) -> ContainerSnapshot? {
        guard isAlive(tag), let object = objects[tag] else { return nil }
        func tagOf(_ element: PyPointer?) -> Int {
            guard let element else { return -1 }
            return tagsByAddress[UnsafeMutableRawPointer(element)] ?? -1
        }
        guard let (kind, pointers) = Python.elements(of: object) else { return nil }
        let elements = pointers.map(tagOf)
        return ContainerSnapshot(tag: tag, kind: kind, elements: elements)
    }

    // MARK: - Teardown

    /// Empties the case's containers (breaking any cycle the target made), releases the caller's
    /// references, and measures what is left.
    func teardown(sharedBefore: [Int], blocksBefore: Int64) {
        observation.marks.teardown = nextStep()
        for node in layout.nodes where node.value.isContainer && observed[node.tag].identity == node.tag {
            guard isAlive(node.tag), let object = objects[node.tag] else { continue }
            if rf_list_check(object) != 0 {
                PyList_SetSlice(object, 0, Int.max, nil)
            } else if rf_dict_check(object) != 0 {
                PyDict_Clear(object)
            } else if rf_set_check(object) != 0 {
                PySet_Clear(object)
            }
        }
        for (tag, count) in held.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<count where isAlive(tag) {
                Py_DECREF(objects[tag]!)
            }
        }
        held = [:]
        if PyErr_Occurred() != nil { PyErr_Clear() }
        rf_check_graveyard()
        observation.events = Self.readEvents()
        // Parked dead objects still count as live blocks until they are released for real.
        rf_case_end()
        PyType_ClearCache()
        observation.teardown = measureLeftovers(sharedBefore: sharedBefore, blocksBefore: blocksBefore)
    }

    /// What the case left behind. The survivors are only meaningful for the latest case run (the death
    /// table is per case); the shared counts and live objects for whatever ran since the snapshots.
    func measureLeftovers(sharedBefore: [Int], blocksBefore: Int64) -> TeardownObservation {
        var leftovers = TeardownObservation()
        for tag in 0..<observed.count where observed[tag].identity == tag && !observed[tag].shared && isAlive(tag) {
            leftovers.survivors.append(Survivor(tag: tag, count: rf_refcnt(objects[tag]!)))
        }
        let after = facts.snapshot()
        for i in 0..<after.count where after[i] != sharedBefore[i] {
            let object = facts.sharedObjects[i]
            leftovers.sharedResidual.append(SharedResidual(name: facts.sharedNames[i],
                                                           tag: tagsByAddress[UnsafeMutableRawPointer(object)],
                                                           delta: after[i] - sharedBefore[i]))
        }
        for (tag, baseline) in sharedBaselines.sorted(by: { $0.key < $1.key }) {
            guard let object = objects[tag] else { continue }
            let delta = rf_refcnt(object) - baseline
            if delta != 0 {
                leftovers.sharedResidual.append(SharedResidual(name: Python.repr(object), tag: tag, delta: delta))
            }
        }
        leftovers.liveBlockDelta = Int(liveObjects() - blocksBefore)
        return leftovers
    }

    static func readEvents() -> [DetectorEvent] {
        let count = rf_event_count()
        guard count > 0, let raw = rf_events() else { return [] }
        return (0..<count).map { i in
            let e = raw[i]
            return DetectorEvent(kind: DetectorEvent.Kind(runtime: e.kind), slot: slotName(e.slot),
                                 tag: e.tag >= 0 ? Int(e.tag) : nil, step: Int(e.step))
        }
    }

    static func slotName(_ slot: Int32) -> String {
        switch rf_slot(UInt32(slot)) {
        case RF_SLOT_REPR: "repr"
        case RF_SLOT_HASH: "hash"
        case RF_SLOT_COMPARE: "compare"
        case RF_SLOT_GETATTR: "attribute access"
        case RF_SLOT_SETATTR: "attribute assignment"
        case RF_SLOT_CALL: "call"
        case RF_SLOT_INDEX: "__index__"
        case RF_SLOT_ITER: "iteration"
        case RF_SLOT_LENGTH: "len"
        case RF_SLOT_ITEM: "item access"
        case RF_SLOT_DEALLOC: "dealloc"
        case RF_SLOT_NUMBER: "arithmetic"
        case RF_SLOT_REFCOUNT: "reference count change"
        case RF_SLOT_MEMORY: "memory write"
        case RF_SLOT_STR: "str"
        case RF_SLOT_BOOL: "truth test"
        case RF_SLOT_STALE_POINTER: DetectorEvent.stalePointer
        default: "use"
        }
    }
}

extension DetectorEvent.Kind {
    init(runtime kind: Int32) {
        switch rf_event_kind(UInt32(kind)) {
        case RF_EVENT_USE_AFTER_DEATH: self = .useAfterDeath
        case RF_EVENT_DEALLOC_AFTER_DEATH: self = .deallocAfterDeath
        case RF_EVENT_COUNT_AFTER_DEATH: self = .countAfterDeath
        case RF_EVENT_ZOMBIE_USE: self = .freedObjectUsed
        case RF_EVENT_FREED_MEMORY_WRITTEN: self = .freedMemoryWritten
        default: self = .doubleFree
        }
    }
}
