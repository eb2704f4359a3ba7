// The methods of a stateful target's object: looked up once per run, called by the case's calls and by
// the `callMethod` steps of its mutators, evil objects and other callbacks.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    /// Looks up every method the case may call on the object's type (not per call: a lookup by name
    /// goes through the type attribute cache). A method the type lacks is left out: its calls raise.
    func lookUpMethods() {
        guard let instance = theObject else { return }
        let type = rf_type(instance)! // borrowed
        for name in Set(theCase.target.methods.map(\.name)) {
            guard let attribute = rf_type_lookup(type, Names.interned(name)) else { continue } // borrowed
            Py_INCREF(attribute) // owned until releaseMethods
            object.methods[name] = attribute
            if rf_takes_instance_first(attribute) != 0 { object.instanceFirst.insert(name) }
        }
    }

    /// Ends the message of the AttributeError a call of a method the object lacks raises (the
    /// signature probe turns it into one line at start-up).
    static let missingMethodMark = " (RefFuzz)"

    func releaseMethods() {
        for method in object.methods.values { Py_DECREF(method) }
        object.methods = [:]
    }

    /// New reference or NULL with an exception set: `obj.name(*args, **kwargs)` (`args` and `kwargs`
    /// borrowed, without the object: it is put first here when the method takes it so).
    func invoke(_ name: String, _ args: PyPointer, _ kwargs: PyPointer?) -> PyPointer? {
        guard let instance = theObject, let method = object.methods[name] else {
            let type = theObject.map { String(cString: rf_type_name($0)) } ?? "dead"
            PyErr_SetString(rf_builtin_exception("AttributeError"), "a '\(type)' object, which has no method '\(name)'\(Self.missingMethodMark)")
            return nil
        }
        guard object.instanceFirst.contains(name) else {
            guard let bound = rf_bind(method, instance) else { return nil } // new
            defer { Py_DECREF(bound) }
            return PyObject_Call(bound, args, kwargs)
        }
        let count = PyTuple_Size(args)
        let all = PyTuple_New(count + 1)! // new; released here
        defer { Py_DECREF(all) }
        Py_INCREF(instance)
        PyTuple_SetItem(all, 0, instance) // steals the reference just taken
        for i in 0..<count {
            let item = rf_tuple_get_item(args, i)! // borrowed
            Py_INCREF(item)
            PyTuple_SetItem(all, i + 1, item) // steals the reference just taken
        }
        return PyObject_Call(method, all, kwargs)
    }

    /// Call k of the case: its record says how it ended, what it returned, what the containers held
    /// right after it, and which arguments the harness released after it.
    func callMethod(_ k: Int) {
        context.progress?.enter(call: k)
        let name = theCase.calls[k].method
        let (args, kwargs) = packArguments(theCase.argumentRange(ofCall: k))
        let start = nextStep()
        CaseRun.active = self
        let result = invoke(name, args, kwargs) // new reference or NULL
        CaseRun.active = nil
        let end = nextStep()
        rf_check_freed_pointer_uses()
        var record = CallRecord(call: k, start: start, end: end, outcome: outcome(of: result))
        record.result = result.flatMap { registerResult($0, at: end) }
        record.seen = snapshotContainers()
        record.released = nextStep()
        Py_XDECREF(result)
        Py_DECREF(args)
        Py_XDECREF(kwargs)
        record.releasedTags = releaseVariables(lastUsedBy: k)
        observation.calls.append(record)
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }

    /// The tag of what a call returned (`result` borrowed): a live object of the case handed back, or a
    /// new object registered as one of the case's, made at step `end`. Nil for None and for an object
    /// shared with the interpreter that is none of the case's (its count says nothing of the case).
    func registerResult(_ result: PyPointer, at end: Int) -> Int? {
        guard result != Python.none else { return nil }
        if let tag = tagsByAddress[UnsafeMutableRawPointer(result)], isAlive(tag) { return observed[tag].identity }
        guard rf_refcnt(result) == 1 else { return nil }
        let tag = objects.count
        register(tag: tag, object: result, value: .list([]), createdAt: end)
        return tag
    }

    /// A `callMethod` step: `obj.name(*values)`, made while another call of the object (or the
    /// constructor's) runs. Its new values are case objects made by the step; the result is released
    /// at once; the containers are seen again when it returns (the object's own code ran).
    func performMethod(_ name: String, _ values: [Value], record index: Int, number: Int) {
        // Not on an object being freed (count 0: its dealloc released an item whose `__del__` runs this).
        guard let target = theObject, rf_refcnt(target) > 0, object.methods[name] != nil else { return }
        let args = PyTuple_New(values.count)! // new; released below
        for (i, value) in values.enumerated() {
            PyTuple_SetItem(args, i, methodValue(value, position: i, record: index, number: number) ?? {
                Py_INCREF(Python.none)
                return Python.none
            }()) // steals
        }
        let result = invoke(name, args, nil) // new reference or NULL
        if result == nil, let error = Python.takeException() {
            noteFreedMemory(in: error.message)
            observation.steps[index].outcome = .raised(error.type)
        } else {
            observation.steps[index].outcome = .done
        }
        Py_XDECREF(result)
        Py_DECREF(args)
        observation.steps[index].seenAfter = snapshotContainers()
    }

    /// New reference: the object a `callMethod` step passes for `value`: the object itself, an argument
    /// of the case (None when it is not alive), or a new value made by the step.
    private func methodValue(_ value: Value, position: Int, record index: Int, number: Int) -> PyPointer? {
        switch value {
        case .selfObject:
            guard let instance = theObject else { return nil }
            Py_INCREF(instance)
            return instance
        case .alias(let a):
            guard a >= 0, a < layout.argumentTags.count, isAlive(layout.argumentTags[a]) else { return nil }
            let argument = objects[layout.argumentTags[a]]!
            Py_INCREF(argument)
            return argument
        default:
            let made = objects.count
            guard let object = create(value) else {
                PyErr_Clear()
                return nil
            }
            register(tag: made, object: object, value: value, createdAt: number, madeBy: position)
            fill(object, value, items: value.children.map { makeAnswer($0) })
            if theCase.extraReference {
                Py_INCREF(object)
                held[made, default: 0] += 1
                observed[made].harnessReferences += 1
            }
            observation.steps[index].created.append(made)
            return object
        }
    }
}
