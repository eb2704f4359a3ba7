import CPython
import RefFuzzCore
import RefFuzzRuntime

/// What this interpreter does with shared objects, measured at start-up rather than assumed:
/// the small-int cache range (-5..256 on 3.11, wider on later versions) and which shared objects are
/// immortal (none on 3.11; on 3.12 and 3.13 cached ints, singletons, interned strings, the empty tuple
/// and str, the 1-character strings), probed object by object with `rf_is_immortal`.
struct RuntimeFacts {
    /// The contiguous range of ints that are cached (the same object every time).
    let smallIntRange: ClosedRange<Int>
    /// The families of shared objects of which every member is immortal here.
    let immortal: ImmortalObjects
    /// True when the runtime has immortal objects (a Py_INCREF that does not change the count).
    var hasImmortalObjects: Bool { !immortal.isEmpty }
    /// Borrowed pointers to the *mortal* objects shared across the whole interpreter whose counts a case
    /// may move without owning them: cached ints, singletons, the empty tuple and string, 1-character
    /// strings. Immortal ones are left out: their counts never move, so their drift is no signal.
    let sharedObjects: [PyPointer]
    /// Their repr, for messages.
    let sharedNames: [String]
    let sharedAddresses: Set<UnsafeMutableRawPointer>
    /// How many of the probed shared objects are immortal (left out of `sharedObjects`).
    let immortalCount: Int

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

        var candidates: [(family: ImmortalObjects?, object: PyPointer, name: String)] = []
        // Borrowed: the cache keeps them; PyLong_FromLong's new reference is given back at once.
        for n in (cached(0) ? low : 0)...(cached(0) ? high : -1) {
            let object = PyLong_FromLong(n)!
            Py_DECREF(object)
            candidates.append((.smallInts, object, String(n)))
        }
        for (object, name) in [(Python.none, "None"), (Python.true, "True"), (Python.false, "False")] {
            candidates.append((.singletons, object, name))
        }
        candidates.append((nil, rf_ellipsis()!, "Ellipsis"))
        candidates.append((nil, rf_not_implemented()!, "NotImplemented"))
        if let empty = PyTuple_New(0) {
            Py_DECREF(empty)
            candidates.append((.emptyTuple, empty, "()"))
        }
        for code in 0..<256 {
            var scalar = UInt32(code)
            guard let text = PyUnicode_FromKindAndData(Int32(PyUnicode_4BYTE_KIND.rawValue), &scalar, 1) else { PyErr_Clear(); continue }
            // 1-character latin-1 strings are cached by CPython: keep those (count > 1 after our release).
            if rf_refcnt(text) > 1 {
                let name = Python.repr(text)
                Py_DECREF(text)
                candidates.append((.latin1Characters, text, name))
            } else {
                Py_DECREF(text)
            }
        }
        if let empty = PyUnicode_FromString("") {
            Py_DECREF(empty)
            candidates.append((.emptyString, empty, "''"))
        }

        var objects: [PyPointer] = []
        var names: [String] = []
        var mortalFamilies: ImmortalObjects = [], seenFamilies: ImmortalObjects = []
        var immortalCount = 0
        for (family, object, name) in candidates {
            let isImmortal = rf_is_immortal(object) != 0
            if let family {
                seenFamilies.insert(family)
                if !isImmortal { mortalFamilies.insert(family) }
            }
            if isImmortal {
                immortalCount += 1
            } else {
                objects.append(object)
                names.append(name)
            }
        }
        var immortal = seenFamilies.subtracting(mortalFamilies)
        // Interned strings: immortal when every name the generator and the masking class intern is
        // (3.12 makes every interned string immortal; 3.13 only its static identifiers, so a string
        // interned at run time stays mortal there: the executor probes each object anyway).
        let internedNames = Set(MaskingClass.interned)
        let internedImmortal = internedNames.allSatisfy { name in
            guard let object = PyUnicode_InternFromString(name) else { PyErr_Clear(); return false } // new
            defer { Py_DECREF(object) }
            return rf_is_immortal(object) != 0
        }
        if internedImmortal { immortal.insert(.internedStrings) }
        return RuntimeFacts(smallIntRange: low...high, immortal: immortal, sharedObjects: objects, sharedNames: names,
                            sharedAddresses: Set(objects.map { UnsafeMutableRawPointer($0) }), immortalCount: immortalCount)
    }

    /// The counts of the shared objects now (read twice a case: a loop in C).
    func snapshot() -> [Int] {
        sharedObjects.withUnsafeBufferPointer { objects in
            [Int](unsafeUninitializedCapacity: objects.count) { counts, initialized in
                objects.withMemoryRebound(to: UnsafeMutablePointer<PyObject>?.self) { objects in
                    rf_refcnts(objects.baseAddress, objects.count, counts.baseAddress)
                }
                initialized = objects.count
            }
        }
    }
}
