// The harness letting a stateful target's object go after its last call: its reference released,
// the youngest generation collected if the object lives on, and what a surviving object's own
// structures say about its count.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
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
}
