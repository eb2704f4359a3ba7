import CPython
import RefFuzzCore
import RefFuzzRuntime

/// Measurements of what the detectors assume about the embedded CPython (`reffuzz runtime`), run in a
/// child so that nothing they do stays in the engine's interpreter:
/// - free lists: after a full collection empties them, churning tuples, lists, dicts, floats and a
///   slice refills them; live objects (live blocks minus free-listed objects) must not move;
/// - dealloc hooks: case objects of every free-listed builtin type, killed by Python code run hot
///   enough to be specialized, must each have their death seen;
/// - immortality: the version's probe agrees with an incref that does not move the count;
/// - freed pointers: the zombie type, whose count watches for increfs of pointers read from freed
///   memory, is mortal (3.13 makes readied static types immortal);
/// - interpreter caches: every cache emptied before a measurement exists on this version;
/// - guard pages: raw blocks get pages of their own that are inaccessible once freed (in a child of
///   their own, which starts the mode as a fuzzing child does).
extension Engine {
    public func checkRuntime() -> VersionSupport {
        var support = versionSupport
        let facts = self.facts
        var checks: [VersionSupport.Check]?
        if case .sent(let result) = server.run(limit: 60, { _ in RuntimeChecks.run(facts: facts) }) { checks = result }
        if case .sent(let check) = server.run(limit: 60, { progress in RuntimeChecks.guardPages(progress) }) { checks?.append(check) }
        support.checks = checks ?? [VersionSupport.Check(name: "checks", passed: false, detail: "the child running them died")]
        return support
    }
}

enum RuntimeChecks {
    static let source = """
    def churn():
        for n in range(1, 21):
            t = tuple(range(n))
            del t
        lists = [[] for _ in range(100)]
        dicts = [{'k': i} for i in range(100)]
        floats = [i + 0.5 for i in range(120)]
        s = slice(1, 2)
        del lists, dicts, floats, s

    def drop(items):
        while items:
            x = items.pop()
            x = None

    def drop_by_unpack(items):
        while items:
            a, b = items.pop()

    def drop_by_compare(items):
        n = 0
        while items:
            if items.pop() < 1e300:
                n += 1
        return n

    def drop_by_add(items):
        while len(items) > 1:
            t = items.pop() + items.pop()
            t = None

    def drop_cycles(items):
        while items:
            x = items.pop()
            x.append(x)
            x = None
        import gc
        gc.collect()
    """

    /// Must hold the GIL; runs Python code (in a child).
    static func run(facts: RuntimeFacts) -> [VersionSupport.Check] {
        guard let globals = PyDict_New() else { return [] } // new; the child exits after
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let result = PyRun_String(source, Py_file_input, globals, globals) else {
            let error = Python.takeException()
            return [VersionSupport.Check(name: "checks", passed: false, detail: "the check code did not compile: \(error?.type ?? "")")]
        }
        Py_DECREF(result)
        func function(_ name: String) -> PyPointer { PyDict_GetItemString(globals, name)! } // borrowed
        return [freeLists(churn: function("churn")),
                deaths(function, hooked: true),
                deaths(function, hooked: false),
                immortality(facts),
                VersionSupport.Check(name: "freed pointers", passed: rf_freed_pointer_watch_works() != 0,
                                     detail: "the zombie type's count moves when a pointer read from freed memory is increfed"),
                interpreterCaches()]
    }

    static func collect() {
        let wasEnabled = PyGC_Enable()
        PyGC_Collect()
        if wasEnabled == 0 { _ = PyGC_Disable() }
    }

    static func freeLists(churn: PyPointer) -> VersionSupport.Check {
        Py_XDECREF(PyObject_CallNoArgs(churn)) // warm: code caches, specialization
        var blockDeltas: [Int64] = [], objectDeltas: [Int64] = []
        for _ in 0..<3 {
            collect() // a full collection empties the free lists
            let blocks = rf_live_blocks(), objects = liveObjects()
            Py_XDECREF(PyObject_CallNoArgs(churn))
            PyErr_Clear()
            blockDeltas.append(rf_live_blocks() - blocks)
            objectDeltas.append(liveObjects() - objects)
        }
        let counted = rf_free_lists().known != 0
        let flat = objectDeltas.allSatisfy { $0 == 0 }
        let detail = "after a full collection, churning tuples of sizes 1-20, lists, dicts, floats and a slice moved live blocks by \(blockDeltas.map(String.init).joined(separator: ", ")) and live objects by \(objectDeltas.map(String.init).joined(separator: ", ")) (3 runs)" + (counted ? "" : "; the free lists are not counted on this version")
        return VersionSupport.Check(name: "free lists", passed: flat, detail: detail)
    }

    /// Case objects of each hooked type (or of float, which is not hooked), each held only by a list
    /// the Python function empties: how many of their deaths are seen.
    static func deaths(_ function: (String) -> PyPointer, hooked: Bool) -> VersionSupport.Check {
        let count = 300
        func make(_ kind: String, _ i: Int) -> PyPointer? { // new
            switch kind {
            case "list": return PyList_New(0)
            case "dict": return PyDict_New()
            case "tuple":
                let t = PyTuple_New(2)!
                PyTuple_SetItem(t, 0, PyLong_FromLong(i)) // steals
                PyTuple_SetItem(t, 1, PyLong_FromLong(i + 1)) // steals
                return t
            case "set": return PySet_New(nil)
            case "frozenset":
                let members = PyList_New(0)!
                defer { Py_DECREF(members) }
                let member = PyLong_FromLong(1_000_000 + i)!
                PyList_Append(members, member)
                Py_DECREF(member)
                return PyFrozenSet_New(members)
            default: return PyFloat_FromDouble(Double(i) + 0.25)
            }
        }
        let paths: [(kind: String, function: String)] = hooked
            ? [("list", "drop"), ("list", "drop_cycles"), ("dict", "drop"), ("tuple", "drop"), ("tuple", "drop_by_unpack"),
               ("set", "drop"), ("frozenset", "drop")]
            : [("float", "drop"), ("float", "drop_by_compare"), ("float", "drop_by_add")]
        var results: [String] = []
        var missed: [String] = []
        for (kind, name) in paths {
            collect() // empty free lists: a death that bypasses the hook lands in one and is not seen
            rf_case_begin()
            let items = PyList_New(0)!
            for i in 0..<count {
                guard let object = make(kind, i) else { continue }
                rf_track(object, Int64(i))
                PyList_Append(items, object)
                Py_DECREF(object)
            }
            Py_XDECREF(PyObject_CallOneArg(function(name), items))
            PyErr_Clear()
            Py_DECREF(items)
            let seen = Int(rf_death_count())
            rf_check_graveyard()
            rf_case_end()
            results.append("\(kind) by \(name) \(seen)/\(count)")
            if seen != count { missed.append("\(kind) by \(name)") }
        }
        guard hooked else {
            // Not relied on: no case value is a float. Said, so that a float kind knows what it starts from.
            return VersionSupport.Check(name: "float deaths", passed: true,
                                        detail: "not hooked (specialized float instructions bypass tp_dealloc from 3.12; no case value is a float): seen through the allocator only, after a collection emptied the float free list: " + results.joined(separator: ", "))
        }
        return VersionSupport.Check(name: "dealloc hooks", passed: missed.isEmpty,
                                    detail: "deaths seen: " + results.joined(separator: ", "))
    }

    static func interpreterCaches() -> VersionSupport.Check {
        guard let problems = InterpreterCaches.problems() else {
            return VersionSupport.Check(name: "interpreter caches", passed: false, detail: "the check did not run")
        }
        return VersionSupport.Check(name: "interpreter caches", passed: problems.isEmpty,
                                    detail: problems.isEmpty ? "re, struct, linecache, urllib.parse, _strptime, fnmatch, typing and collections.abc caches emptied, then the type attribute cache (PyType_ClearCache)" : "could not empty: \(problems)")
    }

    static func immortality(_ facts: RuntimeFacts) -> VersionSupport.Check {
        var disagreements: [String] = []
        for n in facts.smallIntRange {
            let object = PyLong_FromLong(n)! // new
            defer { Py_DECREF(object) }
            if (rf_is_immortal(object) != 0) != (rf_is_immortal_by_incref(object) != 0) { disagreements.append(String(n)) }
        }
        for (object, name) in [(Python.none, "None"), (Python.true, "True"), (Python.false, "False")]
        where (rf_is_immortal(object) != 0) != (rf_is_immortal_by_incref(object) != 0) {
            disagreements.append(name)
        }
        return VersionSupport.Check(name: "immortality", passed: disagreements.isEmpty,
                                    detail: disagreements.isEmpty ? "\(String(cString: rf_immortality_probe())) agrees with an incref probe on every cached int and singleton" : "the probes disagree on \(disagreements.joined(separator: ", "))")
    }
}
