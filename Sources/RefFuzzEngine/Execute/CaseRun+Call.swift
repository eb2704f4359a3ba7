// The call of the target, as Python calls it, and how it ended.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
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
        // A freed object the result is or holds, increfed by the target (find_equal returning an item a
        // compare freed, a dict storing a key its hash freed): releasing the result gives the count back,
        // and the write into the freed block would not show by the teardown.
        rf_check_graveyard()
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
}
