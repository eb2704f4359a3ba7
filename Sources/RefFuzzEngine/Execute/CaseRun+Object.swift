// A stateful target's run: the constructor's call makes the object, the case's calls are made on it in
// order (each call's arguments made just before it, and released once no later call uses them), then
// the harness lets the object go and collects garbage if it is still alive.
import CPython
import RefFuzzCore
import RefFuzzRuntime

/// What a run keeps of a stateful target's object.
struct ObjectState {
    /// Owned: the object's methods, looked up on its type once per run (`CaseRun.lookUpMethods`).
    var methods: [String: PyPointer] = [:]
    /// The methods called with the object first (unbound functions and method descriptors); the
    /// others are bound to it at each call.
    var instanceFirst: Set<String> = []
    /// The last call (-1: the constructor's) whose arguments hold each argument's object.
    var lastUse: [Int: Int] = [:]
}

extension CaseRun {
    /// Borrowed: the object, while it is alive.
    var theObject: PyPointer? {
        guard let tag = layout.objectTag, isAlive(tag) else { return nil }
        return objects[tag]
    }

    func runObject() {
        // Later calls' objects get their layout tags when they are made: the tags are reserved now.
        for node in layout.nodes where node.tag >= objects.count {
            objects.append(nil)
            observed.append(ObservedObject(tag: node.tag, dataClass: node.value.dataClass, identity: node.tag,
                                           shared: false, harnessReferences: 0))
        }
        object.lastUse = lastUses()
        let constructor = 0..<theCase.target.arguments.count
        build(arguments: constructor)
        observation.afterBuild = snapshotContainers()
        guard construct(constructor) else { return }
        lookUpMethods()
        defer { releaseMethods() }
        for k in theCase.calls.indices {
            guard theObject != nil else { break } // it died under the case: the judge says why
            build(arguments: theCase.argumentRange(ofCall: k))
            recordBuilt()
            callMethod(k)
        }
        context.progress?.enter(call: nil)
        releaseObject()
    }

    /// The constructor's call: the object, registered at the layout's object tag, held by the harness.
    /// False when it raised (the case ends there, its arguments released).
    func construct(_ arguments: Range<Int>) -> Bool {
        context.progress?.enter(call: -1)
        let start = nextStep()
        observation.marks.callStart = start
        let (args, kwargs) = packArguments(arguments)
        CaseRun.active = self
        let result = PyObject_Call(target.callable, args, kwargs) // new reference or NULL: the object
        CaseRun.active = nil
        let end = nextStep()
        observation.marks.callEnd = end
        rf_check_freed_pointer_uses()
        observation.outcome = outcome(of: result)
        var record = CallRecord(call: -1, start: start, end: end, outcome: observation.outcome)
        if let result, let tag = layout.objectTag {
            register(tag: tag, object: result, value: .selfObject, createdAt: end)
            record.result = tag
        }
        record.seen = snapshotContainers()
        record.released = nextStep()
        Py_DECREF(args)
        Py_XDECREF(kwargs)
        record.releasedTags = releaseVariables(lastUsedBy: -1)
        observation.calls.append(record)
        if PyErr_Occurred() != nil { PyErr_Clear() }
        guard let result else { return false }
        guard observation.outcome == .returned else {
            // A result with an exception set: the judge reports it; no calls are made on it.
            Py_DECREF(result)
            return false
        }
        return true
    }

    /// The snapshots of the containers just made (a call's arguments), added to what the model starts
    /// from: as the harness built them.
    func recordBuilt() {
        let known = Set(observation.afterBuild.map(\.tag))
        for tag in snapshotTags where !known.contains(tag) && observed[tag].identity == tag && objects[tag] != nil {
            if let snapshot = snapshot(tag) { observation.afterBuild.append(snapshot) }
        }
    }

    /// The harness lets the object go (its one reference, unless the object died already), then collects
    /// garbage when that did not free it (a cycle through the object).
    func releaseObject() {
        guard let tag = layout.objectTag, objects[tag] != nil else { return }
        observation.marks.objectReleased = nextStep()
        guard let object = theObject else { return }
        Py_DECREF(object)
        guard isAlive(tag) else { return }
        _ = nextStep()
        collectYoungGarbage()
        if isAlive(tag) { observation.objectReferencesMissing = referencesMissing(to: object) }
    }

    /// How many more references to `target` (borrowed) the objects it reaches (through the collector's
    /// traversal, `gc.get_referents`) hold than its count says; nil when that cannot be asked.
    func referencesMissing(to target: PyPointer) -> Int? {
        let count = rf_refcnt(target) // read before the lists below hold references of their own
        guard let gc = PyImport_ImportModule("gc") else { PyErr_Clear(); return nil } // new
        defer { Py_DECREF(gc) }
        guard let referents = PyObject_GetAttrString(gc, "get_referents") else { PyErr_Clear(); return nil } // new
        defer { Py_DECREF(referents) }
        var seen: Set<UnsafeMutableRawPointer> = [UnsafeMutableRawPointer(target)]
        var work = [target]
        var held = 0
        // Borrowed pointers kept alive by the lists they came from, released at the end.
        var lists: [PyPointer] = []
        defer { lists.forEach { Py_DECREF($0) } }
        while let next = work.popLast(), seen.count < 10_000 {
            guard let found = PyObject_CallOneArg(referents, next) else { PyErr_Clear(); return nil } // new: a list
            lists.append(found)
            for i in 0..<rf_list_size(found) {
                let item = rf_list_get_item(found, i)! // borrowed
                if item == target { held += 1 }
                if seen.insert(UnsafeMutableRawPointer(item)).inserted { work.append(item) }
            }
        }
        return held - count
    }

    /// Collects the youngest generation, where every object the case made is (children run with
    /// automatic collection disabled): a cycle through the object goes, the free lists stay filled.
    /// A full collection when gc.collect is missing (it empties the free lists: they are filled again).
    func collectYoungGarbage() {
        if let collect = Names.collect, let zero = PyLong_FromLong(0) { // new: the cached 0
            defer { Py_DECREF(zero) }
            if let done = PyObject_CallOneArg(collect, zero) { Py_DECREF(done) } else { PyErr_Clear() } // new
            return
        }
        // PyGC_Collect does nothing while automatic collection is disabled (as it is in children).
        let wasEnabled = PyGC_Enable()
        PyGC_Collect()
        if wasEnabled == 0 { _ = PyGC_Disable() }
        context.primeFreeLists()
    }

    /// Releases the caller's variables whose last use was call `k`; returns their tags, one per reference.
    func releaseVariables(lastUsedBy k: Int) -> [Int] {
        var released: [Int] = []
        for (tag, count) in variables.sorted(by: { $0.key < $1.key }) where object.lastUse[tag, default: -1] == k {
            for _ in 0..<count {
                if isAlive(tag) { Py_DECREF(objects[tag]!) }
                held[tag, default: 0] -= 1
                released.append(tag)
            }
            if held[tag] == 0 { held[tag] = nil }
            variables[tag] = nil
        }
        return released
    }

    /// For every object of the layout: the last call whose arguments hold it (-1: the constructor's).
    func lastUses() -> [Int: Int] {
        var last: [Int: Int] = [:]
        for i in theCase.arguments.indices {
            let k = theCase.call(ofArgument: i) ?? -1
            var work = [layout.argumentTags[i]]
            var seen: Set<Int> = []
            while let tag = work.popLast() {
                guard seen.insert(tag).inserted else { continue }
                last[tag] = max(last[tag] ?? -1, k)
                work += layout.nodes[tag].children
            }
        }
        return last
    }
}
