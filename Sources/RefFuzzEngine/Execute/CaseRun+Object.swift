// A stateful target's run: the constructor's call makes the object, the case's calls are made on it in
// order (each call's arguments made just before it, and released once no later call uses them), then
// the harness lets the object go (CaseRun+Release).
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

    /// Releases the caller's variables whose last use was call `k`; returns their tags, one per reference.
    func releaseVariables(lastUsedBy k: Int) -> [Int] {
        var released: [Int] = []
        for (tag, count) in variables where object.lastUse[tag, default: -1] == k {
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
