// The call of the target, as Python calls it, and how it ended.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    func call() {
        observation.marks.callStart = nextStep()
        let (args, kwargs) = packArguments(theCase.arguments.indices)
        CaseRun.active = self
        let result = PyObject_Call(target.callable, args, kwargs) // new reference or NULL
        CaseRun.active = nil
        observation.marks.callEnd = nextStep()
        rf_check_freed_pointer_uses() // before the result and the arguments give such a reference back
        // A freed object the result is or holds, increfed by the target (find_equal returning an item a
        // compare freed, a dict storing a key its hash freed): releasing the result gives the count back,
        // and the write into the freed block would not show by the teardown.
        rf_check_graveyard()
        observation.outcome = outcome(of: result)
        observation.marks.resultReleased = nextStep()
        Py_XDECREF(result)
        observation.marks.argumentsReleased = nextStep()
        Py_DECREF(args)
        Py_XDECREF(kwargs)
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }

    /// New references: the argument tuple and keyword dict (nil without keywords) of the case's
    /// arguments `indices`, after `first` (borrowed: a stateful target's object for its unbound method).
    /// A `self` argument is the object; an argument that could not be made is None.
    func packArguments(_ indices: Range<Int>, first: PyPointer? = nil) -> (PyPointer, PyPointer?) {
        let positional = indices.filter { theCase.arguments[$0].name == nil }
        let offset = first == nil ? 0 : 1
        let args = PyTuple_New(positional.count + offset)! // new; the caller releases it
        if let first {
            Py_INCREF(first)
            PyTuple_SetItem(args, 0, first) // steals the reference just taken
        }
        for (i, a) in positional.enumerated() {
            let object = argumentObject(a)
            Py_INCREF(object)
            PyTuple_SetItem(args, i + offset, object) // steals the reference just taken
        }
        let keywords = indices.filter { theCase.arguments[$0].name != nil }
        guard !keywords.isEmpty else { return (args, nil) }
        let kwargs = PyDict_New()! // new; the caller releases it
        for a in keywords { PyDict_SetItemString(kwargs, theCase.arguments[a].name!, argumentObject(a)) } // does not steal
        return (args, kwargs)
    }

    /// Borrowed: the object of argument `a` (None when it could not be made or is dead).
    func argumentObject(_ a: Int) -> PyPointer {
        let tag = layout.argumentTags[a]
        return isAlive(tag) ? objects[tag]! : Python.none
    }

    /// How a call that returned `result` (borrowed, or NULL) ended; takes the exception it set.
    func outcome(of result: PyPointer?) -> CallOutcome {
        guard result == nil else {
            if PyErr_Occurred() != nil {
                PyErr_Clear()
                return .resultWithException
            }
            return .returned
        }
        guard let error = Python.takeException() else { return .nullWithoutException }
        noteFreedMemory(in: error.message)
        if error.type == "SystemError" && error.message.contains("returned NULL without setting an exception") {
            return .nullWithoutException
        }
        if error.type == "SystemError" && error.message.contains("returned a result with an exception set") {
            return .resultWithException
        }
        return .raised(type: error.type, message: String(error.message.prefix(200)))
    }
}

extension CaseRun {
    /// The type names a pointer read from freed memory has: freed blocks are filled with the zombie
    /// type's address (RefFuzzRuntime's zombie.c), so such a pointer is the zombie type, whose type is
    /// `reffuzz.FreedMemory`, and a freed object's type is `reffuzz.FreedObject`.
    static let freedTypeNames = ["reffuzz.FreedMemory", "reffuzz.FreedObject"]

    /// An exception message naming one of those types: the target read a pointer from freed memory and
    /// used it as an object (it took its type, as a type check that fails does), at the current step.
    func noteFreedMemory(in message: String) {
        if Self.freedTypeNames.contains(where: message.contains) { freedMemoryNamed.append(current) }
    }
}
