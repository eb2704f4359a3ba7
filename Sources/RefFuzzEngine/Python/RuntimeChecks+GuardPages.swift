import CPython
import RefFuzzCore
import RefFuzzRuntime

extension RuntimeChecks {
    /// The guard-page mode, started in this child as a fuzzing child starts it: a bytearray's buffer,
    /// an array's buffer and a PyMem_Malloc block each get pages of their own and are inaccessible once
    /// freed; a list's item array (it holds objects) stays readable for the zombie poisoning. Must hold
    /// the GIL; runs Python code (in a child).
    static func guardPages(_ progress: ChildProgress) -> VersionSupport.Check {
        let name = "guard pages"
        guard progress.startGuardPages() else {
            return VersionSupport.Check(name: name, passed: false, detail: "the pool of slots or the fault handler could not be set up: raw memory is not guarded")
        }
        guard let globals = PyDict_New() else { // new; the child exits after
            return VersionSupport.Check(name: name, passed: false, detail: "no globals to run the check code in")
        }
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) // borrowed builtins; the dict takes its own reference
        progress.guardCase(true)
        defer { progress.guardCase(false) }
        var results: [String] = []
        var passed = true
        func check(_ what: String, _ address: UnsafeRawPointer?, free: () -> Void, readableAfter: Bool) {
            guard let address else {
                results.append("\(what): not made")
                passed = false
                return
            }
            let guarded = rf_guard_owns(address) != 0
            free()
            let readable = rf_guard_readable(address) != 0
            let ok = readableAfter ? readable : guarded && !readable
            passed = passed && ok
            let state = readable ? "readable" : "inaccessible"
            results.append("\(what) \(guarded ? "guarded" : "not guarded"), \(state) once freed\(ok ? "" : " (unexpected)")")
        }
        let bytearray = PyByteArray_FromStringAndSize(nil, 64) // new; released by `free`
        check("bytearray buffer", bytearray.flatMap { UnsafeRawPointer(PyByteArray_AsString($0)) }, free: { Py_XDECREF(bytearray) }, readableAfter: false)
        let scratch = PyMem_Malloc(100)
        check("PyMem_Malloc block", scratch.map { UnsafeRawPointer($0) }, free: { PyMem_Free(scratch) }, readableAfter: false)
        check("array buffer", arrayBuffer(globals), free: { runCode("del a", globals) }, readableAfter: false)
        check("list item array", listItems(globals), free: { runCode("del l", globals) }, readableAfter: true)
        let limit = rf_guard_max_block()
        return VersionSupport.Check(name: name, passed: passed,
                                    detail: "raw blocks up to \(limit) bytes at the end of pages of their own, inaccessible once freed: " + results.joined(separator: ", "))
    }

    /// Runs `code` in `globals` (borrowed).
    private static func runCode(_ code: String, _ globals: PyPointer) {
        if let result = PyRun_String(code, Py_file_input, globals, globals) { Py_DECREF(result) } else { PyErr_Clear() } // new
    }

    /// The buffer of a new array('q') kept in the globals as `a` (its address from buffer_info()).
    private static func arrayBuffer(_ globals: PyPointer) -> UnsafeRawPointer? {
        runCode("import array\na = array.array('q', range(64))\naddress = a.buffer_info()[0]\n", globals)
        guard let address = PyDict_GetItemString(globals, "address") else { return nil } // borrowed
        return UnsafeRawPointer(PyLong_AsVoidPtr(address))
    }

    /// The item array of a new list of big ints kept in the globals as `l` (an array that holds objects).
    private static func listItems(_ globals: PyPointer) -> UnsafeRawPointer? {
        runCode("l = [10 ** 6 + i for i in range(8)]\n", globals)
        guard let list = PyDict_GetItemString(globals, "l") else { return nil } // borrowed
        return rf_guard_list_items(list).map { UnsafeRawPointer($0) } // the list's item array: no reference
    }
}
