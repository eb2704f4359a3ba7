import CPython
import RefFuzzCore
import RefFuzzRuntime

/// Measurements of what the detectors assume about the embedded CPython (`reffuzz runtime`), run in a
/// child so that nothing they do stays in the engine's interpreter:
/// - free lists: after a full collection empties them, churning tuples, lists, dicts, floats and a
///   slice refills them; live objects (live blocks minus free-listed objects) must not move;
/// - dealloc hooks: case objects of every free-listed builtin type, killed by Python code run hot
///   enough to be specialized, must each have their death seen (and those of a tuple's and a
///   frozenset's members, which the hook releases); floats too, through the allocator (their free
///   list is closed);
/// - immortality: the version's probe agrees with an incref that does not move the count;
/// - freed pointers: the zombie type, whose count watches for increfs of pointers read from freed
///   memory, is mortal (3.13 makes readied static types immortal), and its address, which fills the
///   count of a freed object, reads as a mortal count (3.12's Py_INCREF skips a negative low word);
/// - interpreter caches: every cache emptied before a measurement exists on this version;
/// - container layouts: the items of a deque spread over several blocks and the keys of an
///   OrderedDict reordered by move_to_end, read from their structures, are what the API returns;
/// - instance deaths: instances of the subclasses of built-in types die through the allocator, where
///   their deaths are seen, and a use of a dead one is recorded;
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
                                     detail: "the zombie type's count moves when a pointer read from freed memory is increfed, and its address, a freed object's count, reads as a mortal count"),
                interpreterCaches(),
                typeCache(),
                containerLayouts(),
                instanceDeaths(function)]
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
                PyTuple_SetItem(t, 0, PyLong_FromLong(1_000_000 + 2 * i)) // steals
                PyTuple_SetItem(t, 1, PyLong_FromLong(1_000_001 + 2 * i)) // steals
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
            rf_case_begin() // closes the float free list again, as every case does
            let items = PyList_New(0)!
            var tracked = 0
            for i in 0..<count {
                guard let object = make(kind, i) else { continue }
                rf_track(object, Int64(i))
                // A tuple's and a frozenset's members die with it, when the hook releases them.
                for member in Python.elements(of: object)?.1 ?? [] {
                    guard let member else { continue }
                    rf_track(member, Int64(count + tracked))
                    tracked += 1
                }
                PyList_Append(items, object)
                Py_DECREF(object)
            }
            Py_XDECREF(PyObject_CallOneArg(function(name), items))
            PyErr_Clear()
            Py_DECREF(items)
            let seen = Int(rf_death_count())
            rf_check_graveyard()
            rf_case_end()
            results.append("\(kind) by \(name) \(seen)/\(count + tracked)")
            if seen != count + tracked { missed.append("\(kind) by \(name)") }
        }
        guard hooked else {
            // Floats are not hooked: the closed float free list sends every float to the allocator.
            let closed = rf_float_free_list_closed()
            return VersionSupport.Check(name: "float deaths", passed: missed.isEmpty && closed != 0,
                                        detail: "seen through the allocator, the float free list closed (\(closed == 1 ? "it is" : closed == 0 ? "it is NOT" : "its layout is unknown, so it may not be")): " + results.joined(separator: ", "))
        }
        return VersionSupport.Check(name: "dealloc hooks", passed: missed.isEmpty,
                                    detail: "deaths seen: " + results.joined(separator: ", "))
    }

    static func containerLayouts() -> VersionSupport.Check {
        guard rf_container_layouts_known() != 0 else {
            return VersionSupport.Check(name: "container layouts", passed: false, detail: "deque and OrderedDict layouts unknown on this version: their snapshots are off")
        }
        func pointers(_ object: PyPointer?) -> [PyPointer?]? { // the API's view: list(object), borrowed items
            guard let object, let list = PySequence_List(object) else { PyErr_Clear(); return nil } // new
            defer { Py_DECREF(list) }
            return (0..<rf_list_size(list)).map { rf_list_get_item(list, $0) }
        }
        var problems: [String] = []
        // A deque over three blocks, its left end moved by rotations and appends on both sides.
        let deque = StandardTypes.makeDeque(maxlen: nil) // new
        let numbers = (0..<150).compactMap { PyLong_FromLong(1_000_000 + $0) } // new
        for (i, number) in numbers.enumerated() {
            let method = StandardTypes[i % 3 == 0 ? .dequeAppendLeft : .dequeAppend]
            if let deque, let method { Py_XDECREF(rf_call_unbound1(method, deque, number)) }
        }
        if let deque, let rotate = StandardTypes[.dequeRotate], let by = PyLong_FromLong(37) {
            Py_XDECREF(rf_call_unbound1(rotate, deque, by))
            Py_DECREF(by)
        }
        let dequeItems = deque.flatMap { Python.elements(of: $0)?.1 }
        if dequeItems == nil || dequeItems! != pointers(deque) ?? [] { problems.append("deque") }
        // An OrderedDict whose order is not its dict's.
        let odict = PyODict_New() // new
        for number in numbers.prefix(20) where odict != nil { PyODict_SetItem(odict, number, number) }
        if let odict, let move = StandardTypes[.orderedDictMoveToEnd] {
            for i in [3, 0, 7] { Py_XDECREF(rf_call_unbound2(move, odict, numbers[i], Python.false)) }
            Py_XDECREF(rf_call_unbound2(move, odict, numbers[5], Python.true))
        }
        let keys = odict.flatMap { Python.elements(of: $0)?.1 }.map { pairs in stride(from: 0, to: pairs.count, by: 2).map { pairs[$0] } }
        if keys == nil || keys! != pointers(odict) ?? [] { problems.append("OrderedDict") }
        PyErr_Clear()
        Py_XDECREF(deque)
        Py_XDECREF(odict)
        numbers.forEach { Py_DECREF($0) }
        return VersionSupport.Check(name: "container layouts", passed: problems.isEmpty,
                                    detail: problems.isEmpty ? "a deque of 150 items over three blocks, rotated, and an OrderedDict reordered by move_to_end read from their structures as list() reads them" : "read otherwise than list() reads them: \(problems.joined(separator: ", "))")
    }

    /// Instances of each subclass of a built-in type, held only by a list that Python code empties:
    /// how many of their deaths are seen, and whether a use of a dead one is recorded.
    static func instanceDeaths(_ function: (String) -> PyPointer) -> VersionSupport.Check {
        let count = 50
        var results: [String] = [], missed: [String] = []
        for base in BuiltinBase.allCases {
            let value: Value = switch base {
            case .str: .freshString("abc")
            case .int: .bigInt(1_000_001)
            case .float: .float(1.5)
            case .bytes: .bytes([1, 2])
            case .tuple: .tuple([])
            case .list: .list([])
            case .dict: .dict([])
            }
            rf_case_begin()
            let items = PyList_New(0)!
            for i in 0..<count {
                guard let instance = InstanceClasses.make(InstanceSpec(base: base, value: value)) else { continue } // new
                rf_track(instance, Int64(i))
                PyList_Append(items, instance)
                Py_DECREF(instance)
            }
            // One more, used after its death: its memory is poisoned, the use goes through the zombie.
            let dying = InstanceClasses.make(InstanceSpec(base: base, value: value)) // new
            if let dying {
                rf_track(dying, Int64(count))
                Py_DECREF(dying)
                Py_XDECREF(PyObject_Repr(dying)) // a use after free, on purpose: the detector must see it
                PyErr_Clear()
            }
            Py_XDECREF(PyObject_CallOneArg(function("drop"), items))
            PyErr_Clear()
            Py_DECREF(items)
            let seen = Int(rf_death_count()) - (dying == nil ? 0 : 1)
            let used = (0..<rf_event_count()).contains { rf_events()[$0].tag == Int64(count) }
            rf_check_graveyard()
            rf_case_end()
            results.append("\(base.rawValue) \(seen)/\(count)\(used ? "" : " (the use of a dead one was not seen)")")
            if seen != count || !used { missed.append(base.rawValue) }
        }
        return VersionSupport.Check(name: "instance deaths", passed: missed.isEmpty,
                                    detail: "deaths of instances of the subclasses seen: " + results.joined(separator: ", "))
    }

    static func interpreterCaches() -> VersionSupport.Check {
        guard let problems = InterpreterCaches.problems() else {
            return VersionSupport.Check(name: "interpreter caches", passed: false, detail: "the check did not run")
        }
        return VersionSupport.Check(name: "interpreter caches", passed: problems.isEmpty,
                                    detail: problems.isEmpty ? "re, struct, linecache, urllib.parse, _strptime, fnmatch, typing and collections.abc caches emptied, then the type attribute cache (\(String(cString: rf_type_cache_method())))" : "could not empty: \(problems)")
    }

    /// The type attribute cache holds a reference to a fresh attribute name once a lookup used it, and
    /// `rf_type_cache_reset` gives it back: the count the case's own strings are measured by.
    static func typeCache() -> VersionSupport.Check {
        guard let name = PyUnicode_FromString("reffuzz_type_cache_probe"), let instance = PyObject_CallNoArgs(rf_base_object_type()) else { // new, new
            PyErr_Clear()
            return VersionSupport.Check(name: "type cache", passed: false, detail: "the probe objects could not be made")
        }
        defer { Py_DECREF(name); Py_DECREF(instance) }
        rf_type_cache_reset()
        let before = rf_refcnt(name)
        Py_XDECREF(PyObject_GetAttr(instance, name)) // new or NULL (AttributeError, cached all the same)
        PyErr_Clear()
        let cached = rf_refcnt(name)
        rf_type_cache_reset()
        let after = rf_refcnt(name)
        let passed = cached == before + 1 && after == before
        return VersionSupport.Check(name: "type cache", passed: passed,
                                    detail: "a lookup of a fresh name: its count \(before), \(cached) while cached, \(after) once the cache is emptied (\(String(cString: rf_type_cache_method())))")
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
