import CPython

/// CPython's per-type free lists (tuples, lists, dicts, ...) keep freed objects for reuse instead of
/// giving their blocks back to the allocator.
enum FreeLists {
    /// Fills the free lists of tuples, lists and dicts, so that a case taking objects from them and
    /// giving them back leaves the live-block count unchanged from the very first case of every child.
    /// Must hold the GIL.
    static func prime(collect: Bool = true) {
        var keep: [PyPointer] = [] // new references, released below
        for size in 0...20 {
            for _ in 0..<(size <= 6 ? 400 : 40) { if let t = PyTuple_New(size) { keep.append(t) } }
        }
        for _ in 0..<100 {
            if let l = PyList_New(0) { keep.append(l) }
            if let d = PyDict_New() { keep.append(d) }
        }
        keep.forEach { Py_DECREF($0) }
        if collect {
            // The first repr of a container creates the thread's Py_Repr list: do it here, not in a case.
            if let sample = PyList_New(0), let inner = PyDict_New() {
                PyList_Append(sample, inner)
                Py_XDECREF(PyObject_Repr(sample))
                Py_DECREF(inner)
                Py_DECREF(sample)
            }
            PyGC_Collect()
            prime(collect: false)
        }
    }
}
