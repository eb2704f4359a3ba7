import CPython

/// What this interpreter does with shared objects, measured at start-up rather than assumed:
/// the small-int cache range (-5..256 on 3.11, wider on later versions) and whether objects can be immortal.
struct RuntimeFacts {
    /// The contiguous range of ints that are cached (the same object every time).
    let smallIntRange: ClosedRange<Int>
    /// True when the runtime has immortal objects (a Py_INCREF that does not change the count).
    let hasImmortalObjects: Bool
    /// Borrowed pointers to objects shared across the whole interpreter whose counts a case may move
    /// without owning them: cached ints, singletons, the empty tuple and string, 1-character strings.
    let sharedObjects: [PyPointer]
    /// Their repr, for messages.
    let sharedNames: [String]
    let sharedAddresses: Set<UnsafeMutableRawPointer>

    /// Must hold the GIL.
    static func measure() -> RuntimeFacts {
        func cached(_ n: Int) -> Bool {
            guard let a = PyLong_FromLong(n), let b = PyLong_FromLong(n) else { PyErr_Clear(); return false }
            defer { Py_DECREF(a); Py_DECREF(b) }
            return a == b
        }
        var low = 0, high = 0
        while low > -100_000 && cached(low - 1) { low -= 1 }
        while high < 100_000 && cached(high + 1) { high += 1 }
        let probe = PyLong_FromLong(0)!
        let before = rf_refcnt(probe)
        Py_INCREF(probe)
        let immortal = rf_refcnt(probe) == before
        Py_DECREF(probe)
        Py_DECREF(probe)

        var objects: [PyPointer] = []
        var names: [String] = []
        // Borrowed: the cache keeps them; PyLong_FromLong's new reference is given back at once.
        for n in (cached(0) ? low : 0)...(cached(0) ? high : -1) {
            let object = PyLong_FromLong(n)!
            Py_DECREF(object)
            objects.append(object)
            names.append(String(n))
        }
        for (object, name) in [(Python.none, "None"), (Python.true, "True"), (Python.false, "False"),
                               (rf_ellipsis()!, "Ellipsis"), (rf_not_implemented()!, "NotImplemented")] {
            objects.append(object)
            names.append(name)
        }
        if let empty = PyTuple_New(0) {
            Py_DECREF(empty)
            objects.append(empty)
            names.append("()")
        }
        for code in 0..<256 {
            var scalar = UInt32(code)
            guard let text = PyUnicode_FromKindAndData(Int32(PyUnicode_4BYTE_KIND.rawValue), &scalar, 1) else { PyErr_Clear(); continue }
            // 1-character latin-1 strings are cached by CPython: keep those (count > 1 after our release).
            if rf_refcnt(text) > 1 {
                names.append(Python.repr(text))
                Py_DECREF(text)
                objects.append(text)
            } else {
                Py_DECREF(text)
            }
        }
        if let empty = PyUnicode_FromString("") {
            Py_DECREF(empty)
            objects.append(empty)
            names.append("''")
        }
        return RuntimeFacts(smallIntRange: low...high, hasImmortalObjects: immortal, sharedObjects: objects,
                            sharedNames: names, sharedAddresses: Set(objects.map { UnsafeMutableRawPointer($0) }))
    }

    func snapshot() -> [Int] { sharedObjects.map { rf_refcnt($0) } }
}
