import CPython
import RefFuzzRuntime

/// CPython's per-type free lists (tuples, lists, dicts, ...) keep freed objects for reuse instead of
/// giving their blocks back to the allocator.
enum FreeLists {
    /// Where the version-aware layer counts the objects parked in free lists (`rf_free_lists().known`,
    /// 3.11 to 3.13), live objects are exact whether the free lists are full or empty (`reffuzz
    /// runtime` measures it), and nothing is primed: filling them to their header capacities (40,000
    /// tuples) cost a tenth of a fuzz run's CPU and 5 MiB per process, for nothing. Where their layout
    /// is unknown, they are filled (with generous guesses of their capacities), so that a case taking
    /// objects from them and giving them back leaves the live-block count unchanged from the first case
    /// of every child, and refilled after the full collections of repeated runs, which empty them.
    static func prime(collect: Bool = true) {
        if collect {
            // The first repr of a container creates the thread's Py_Repr list: do it here, not in a case.
            if let sample = PyList_New(0), let inner = PyDict_New() {
                PyList_Append(sample, inner)
                Py_XDECREF(PyObject_Repr(sample))
                Py_DECREF(inner)
                Py_DECREF(sample)
            }
            PyGC_Collect() // a full collection empties the free lists: fill them after it
        }
        guard rf_free_lists().known == 0 else { return }
        var keep: [PyPointer] = []
        for size in 1...20 {
            for _ in 0..<(size <= 6 ? 400 : 40) { if let t = PyTuple_New(size) { keep.append(t) } }
        }
        for i in 0..<100 {
            if let l = PyList_New(0) { keep.append(l) }
            if let d = PyDict_New() { keep.append(d) }
            // A dict with one key owns a keys object of the smallest size, the size the keys free list keeps.
            if let d = PyDict_New() {
                if PyDict_SetItem(d, Python.none, Python.none) < 0 { PyErr_Clear() }
                keep.append(d)
            }
            if let f = PyFloat_FromDouble(Double(i) + 0.5) { keep.append(f) }
        }
        keep.forEach { Py_DECREF($0) }
    }
}
