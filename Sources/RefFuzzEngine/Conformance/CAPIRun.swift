import CPython
import RefFuzzCore
import RefFuzzRuntime

/// A difference between the ownership model and the interpreter after one step of a C-API program.
public struct ConformanceMismatch: Hashable, Sendable, Codable {
    public var program: Int
    public var step: Int
    public var op: String
    public var what: String
}

/// Executes a C-API program through the real C API, one op at a time, and (for well-formed programs)
/// compares every live object's reference count and every container's contents with the model after
/// each step. Objects are tracked by the detectors, so the model's deaths are checked too.
final class CAPIRun {
    let facts: RuntimeFacts
    var model = CAPIModel()
    /// Borrowed pointers by model tag.
    var objects: [Int: PyPointer] = [:]
    var tagsByAddress: [UnsafeMutableRawPointer: Int] = [:]
    /// Count of a shared object before the program first took a reference to it (for an immortal
    /// object: its count when first seen, which never moves).
    var baselines: [Int: Int] = [:]
    /// Objects the runtime says are immortal (probed when first seen), for the model.
    var immortal: Set<Int> = []
    /// The pointer each handle holds (owned or borrowed; the model says which).
    var handles: [Int: PyPointer] = [:]
    var mismatches: [ConformanceMismatch] = []
    var index = 0
    /// What the last op answered (PySequence_Contains, PySequence_Index), for the model's `answer`.
    var answer: Int?
    /// repr of each value object when it was made (to tell garbage from a silent dangling use).
    var reprs: [Int: String] = [:]

    init(facts: RuntimeFacts) { self.facts = facts }

    /// Runs the program, checking the model after every step. Returns the mismatches.
    func check(_ program: CAPIProgram) -> [ConformanceMismatch] {
        index = program.index
        rf_case_begin()
        for (step, op) in program.ops.enumerated() {
            rf_set_step(Int64(step + 1))
            answer = nil
            let chosen = execute(op)
            do {
                try model.apply(op, chosen: chosen)
            } catch {
                mismatch(step, op, "the model rejects what the interpreter did: \(error)")
                break
            }
            if let expected = model.answer, answer != expected {
                mismatch(step, op, "the interpreter answered \(answer.map(String.init) ?? "nothing"), the model says \(expected)")
            }
            for tag in immortal.subtracting(model.immortal) { model.markImmortal(tag) }
            compare(step, op)
            if mismatches.count > 5 { break }
        }
        cleanup()
        return mismatches
    }

    /// Runs a dangling-use program without the model: what the final use of the dangling handle showed.
    func dangle(_ program: CAPIProgram) -> DanglingOutcome {
        rf_case_begin()
        var outcome = DanglingOutcome.silent
        for (step, op) in program.ops.enumerated() {
            rf_set_step(Int64(step + 1))
            if case .use(let h, _) = op, let object = handles[h] {
                let before = rf_event_count()
                let text = PyObject_Repr(object) // new, or NULL
                let shown = text.flatMap { Python.string($0) }
                Py_XDECREF(text)
                PyErr_Clear()
                if rf_event_count() > before {
                    outcome = .detected
                } else if shown != reprs[model.handles[h]?.tag ?? -1] {
                    outcome = .garbage
                }
                continue
            }
            _ = execute(op)
            _ = try? model.apply(op)
        }
        return outcome
    }

    // MARK: - Executing ops

    /// Performs `op` through the C API. Returns the member set.pop removed (by tag), if it ran.
    @discardableResult
    func execute(_ op: CAPIOp) -> Int? {
        defer { if PyErr_Occurred() != nil { PyErr_Clear() } }
        func h(_ n: Int) -> PyPointer { handles[n] ?? Python.none }
        switch op {
        case .newList(let r): made(r, PyList_New(0))
        case .newDict(let r): made(r, PyDict_New())
        case .newSet(let r): made(r, PySet_New(nil))
        case .newTuple(let r, let items):
            let tuple = PyTuple_New(items.count)!
            for (i, item) in items.enumerated() { PyTuple_SetItem(tuple, i, h(item)) } // steals the handle's reference
            made(r, tuple)
        case .newValue(let r, let value): made(r, Python.makeScalar(value), value: value)
        case .listAppend(let l, let i): PyList_Append(h(l), h(i))
        case .listInsert(let l, let at, let i): PyList_Insert(h(l), at, h(i))
        case .listSetItem(let l, let at, let i): PyList_SetItem(h(l), at, h(i)) // steals
        case .listGetItem(let r, let l, let at): handles[r] = PyList_GetItem(h(l), at) // borrowed
        case .listDelItem(let l, let at): PySequence_DelItem(h(l), at)
        case .listDelSlice(let l, let from, let to): PySequence_DelSlice(h(l), from, to)
        case .listClear(let l): PyList_SetSlice(h(l), 0, Int.max, nil)
        case .listPop(let r, let l, let at): handles[r] = rf_call_unbound_ssize(Names.listPop, h(l), at) // new
        case .listSort(let l): PyList_Sort(h(l))
        case .listReverse(let l): PyList_Reverse(h(l))
        case .dictSetItem(let d, let k, let v): PyDict_SetItem(h(d), h(k), h(v))
        case .dictGetItem(let r, let d, let k): handles[r] = PyDict_GetItem(h(d), h(k)) // borrowed, or NULL
        case .dictDelItem(let d, let k): PyDict_DelItem(h(d), h(k))
        case .dictClear(let d): PyDict_Clear(h(d))
        case .dictPopItem(let r, let d): made(r, rf_call_unbound0(Names.dictPopItem, h(d))) // new
        case .dictNext(let kh, let vh, let d, let n):
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            for _ in 0...n { _ = PyDict_Next(h(d), &position, &key, &value) } // borrowed
            handles[kh] = key
            handles[vh] = value
        case .tupleGetItem(let r, let t, let at): handles[r] = PyTuple_GetItem(h(t), at) // borrowed
        case .setAdd(let s, let i): PySet_Add(h(s), h(i))
        case .setDiscard(let s, let i): PySet_Discard(h(s), h(i))
        case .setClear(let s): PySet_Clear(h(s))
        case .setPop(let r, let s):
            let popped = PySet_Pop(h(s)) // new
            handles[r] = popped
            return popped.flatMap { tagsByAddress[UnsafeMutableRawPointer($0)] }
        case .newDeque(let r, let maxlen): made(r, StandardTypes.makeDeque(maxlen: maxlen)) // new
        // Methods (`called`): the object and arguments borrowed (the object held for the call), the answer (new) released.
        case .dequeAppend(let d, let i): called(StandardTypes[.dequeAppend], h(d), h(i))
        case .dequeAppendLeft(let d, let i): called(StandardTypes[.dequeAppendLeft], h(d), h(i))
        case .dequePop(let r, let d): handles[r] = method(StandardTypes[.dequePop], h(d)) // new
        case .dequePopLeft(let r, let d): handles[r] = method(StandardTypes[.dequePopLeft], h(d)) // new
        case .dequeExtend(let d, let from): called(StandardTypes[.dequeExtend], h(d), h(from))
        case .dequeRotate(let d, let n):
            let number = PyLong_FromLong(n) // new; released here
            if let number { called(StandardTypes[.dequeRotate], h(d), number) }
            Py_XDECREF(number)
        case .dequeClear(let d): called(StandardTypes[.dequeClear], h(d))
        case .newFrozenSet(let r, let from): made(r, PyFrozenSet_New(from.map(h))) // new; the iterable borrowed
        case .newOrderedDict(let r): made(r, PyObject_CallNoArgs(StandardTypes.orderedDict)) // new
        case .odictSetItem(let d, let k, let v): PyODict_SetItem(h(d), h(k), h(v)) // does not steal
        case .odictDelItem(let d, let k): PyODict_DelItem(h(d), h(k))
        case .odictMoveToEnd(let d, let k, let last):
            called(StandardTypes[.orderedDictMoveToEnd], h(d), h(k), last ? Python.true : Python.false)
        case .odictPopItem(let r, let d, let last):
            // new: a (key, value) tuple
            made(r, method(StandardTypes[.orderedDictPopItem], h(d), last ? Python.true : Python.false))
        case .odictClear(let d): called(StandardTypes[.orderedDictClear], h(d))
        case .newBuffer(let r, let kind):
            made(r, kind == .array ? StandardTypes.makeArray(ArrayValue(typecode: .q)) : PyByteArray_FromStringAndSize(nil, 0)) // new
        case .bufferAppend(let b, let i):
            called(StandardTypes[rf_bytearray_check(h(b)) != 0 ? .bytearrayAppend : .arrayAppend], h(b), h(i))
        case .seqGetItem(let r, let s, let at): handles[r] = PySequence_GetItem(h(s), at) // new
        case .seqSetItem(let s, let at, let i): PySequence_SetItem(h(s), at, h(i)) // does not steal
        case .seqDelItem(let s, let at): PySequence_DelItem(h(s), at)
        case .seqContains(let s, let i): answer = Int(PySequence_Contains(h(s), h(i)))
        case .dictContains(let d, let k): answer = Int(PyDict_Contains(h(d), h(k)))
        case .seqIndex(let s, let i): answer = PySequence_Index(h(s), h(i))
        case .seqConcat(let r, let a, let b): made(r, PySequence_Concat(h(a), h(b))) // new
        case .seqInPlaceConcat(let r, let a, let b): made(r, PySequence_InPlaceConcat(h(a), h(b))) // new
        case .incref(let x): Py_INCREF(h(x))
        case .decref(let x): Py_DECREF(h(x))
        case .use(let x, let how):
            let object = h(x)
            switch how {
            case .repr: Py_XDECREF(PyObject_Repr(object))
            case .hash: _ = PyObject_Hash(object)
            case .compare: Py_XDECREF(PyObject_RichCompare(object, Python.none, Py_EQ))
            case .increfDecref:
                Py_INCREF(object)
                Py_DECREF(object)
            }
        }
        return nil
    }

    /// New reference (or nil): an unbound method (borrowed) called on `object` with borrowed arguments,
    /// `object` held for the call as a bound method or Python code holds its `self` (a method such as
    /// od.clear() goes on with its object after letting go of what may be its last reference).
    func method(_ method: PyPointer?, _ object: PyPointer, _ arguments: PyPointer...) -> PyPointer? {
        guard let method else { return nil }
        Py_INCREF(object)
        defer { Py_DECREF(object) }
        switch arguments.count {
        case 0: return rf_call_unbound0(method, object)
        case 1: return rf_call_unbound1(method, object, arguments[0])
        default: return rf_call_unbound2(method, object, arguments[0], arguments[1])
        }
    }

    /// Calls an unbound method as `method` does and releases its answer (new).
    func called(_ method: PyPointer?, _ object: PyPointer, _ arguments: PyPointer...) {
        switch arguments.count {
        case 0: Py_XDECREF(self.method(method, object))
        case 1: Py_XDECREF(self.method(method, object, arguments[0]))
        default: Py_XDECREF(self.method(method, object, arguments[0], arguments[1]))
        }
    }

    /// Registers an object a handle now owns (new reference).
    func made(_ r: Int, _ object: PyPointer?, value: Value? = nil) {
        guard let object else { return }
        handles[r] = object
        let address = UnsafeMutableRawPointer(object)
        if tagsByAddress[address] == nil {
            // The model numbers new objects in order and gives a shared value it has seen its old tag:
            // so does this, by address (`compare` checks that both agree).
            let next = objects.count // tags are dense: every new address gets the next one
            tagsByAddress[address] = next
            objects[next] = object
            if rf_is_immortal(object) != 0 {
                baselines[next] = rf_refcnt(object)
                immortal.insert(next)
            } else if rf_refcnt(object) > 1 {
                baselines[next] = rf_refcnt(object) - 1
            } else {
                rf_track(object, Int64(next))
            }
            if value != nil { reprs[next] = Python.repr(object) }
        }
    }

    // MARK: - Comparing

    func mismatch(_ step: Int, _ op: CAPIOp, _ what: String) {
        mismatches.append(ConformanceMismatch(program: index, step: step, op: op.text, what: what))
    }

    func compare(_ step: Int, _ op: CAPIOp) {
        // Handles: the model's tag for each handle must be the object the interpreter gave.
        for (h, handle) in model.handles {
            guard let pointer = handles[h] else { mismatch(step, op, "h\(h): the interpreter gave no object"); continue }
            let actual = tagsByAddress[UnsafeMutableRawPointer(pointer)]
            if actual != handle.tag { mismatch(step, op, "h\(h) is object #\(actual.map(String.init) ?? "?") in the interpreter, #\(handle.tag) in the model") }
        }
        for (tag, object) in objects.sorted(by: { $0.key < $1.key }) {
            let shared = baselines[tag] != nil
            let modelAlive = model.isAlive(tag)
            let alive = shared || rf_death_step(Int64(tag)) < 0
            if modelAlive != alive {
                mismatch(step, op, "object #\(tag) is \(alive ? "alive" : "dead") but the model says it is \(modelAlive ? "alive" : "dead")")
                continue
            }
            guard alive else { continue }
            let count = rf_refcnt(object) - (baselines[tag] ?? 0)
            let expected = model.predictedCount(of: tag)
            if count != expected { mismatch(step, op, "object #\(tag) has \(count) reference(s), the model says \(expected)") }
            if let container = model.contents(of: tag) {
                let actual = contents(object)
                let same = container.kind == .set || container.kind == .frozenset ? actual.sorted() == container.elements.sorted() : actual == container.elements
                if !same { mismatch(step, op, "object #\(tag) holds \(actual), the model says \(container.elements)") }
            }
        }
        if rf_event_count() > 0 { mismatch(step, op, "a detector saw a use after death in a well-formed program") }
    }

    /// Element tags of a live container (-1 for an object the program did not make).
    func contents(_ object: PyPointer) -> [Int] {
        (Python.elements(of: object)?.1 ?? []).map { p in p.flatMap { tagsByAddress[UnsafeMutableRawPointer($0)] } ?? -1 }
    }

    /// Gives back what the program owns and empties its containers (cycles included).
    func cleanup() {
        for (tag, object) in objects where model.isAlive(tag) {
            // Held while it is emptied: a container whose only reference is its own slot would die
            // inside its clear (od.clear() goes on with its order list after the dict let go).
            Py_INCREF(object)
            defer { Py_DECREF(object) }
            if rf_list_check(object) != 0 { PyList_SetSlice(object, 0, Int.max, nil) }
            else if rf_odict_check(object) != 0 { called(StandardTypes[.orderedDictClear], object) }
            else if rf_dict_check(object) != 0 { PyDict_Clear(object) }
            else if StandardTypes.kind(of: object) == .deque { called(StandardTypes[.dequeClear], object) }
            else if rf_set_check(object) != 0 { PySet_Clear(object) }
        }
        for (h, handle) in model.handles where handle.owned > 0 && model.isAlive(handle.tag) {
            for _ in 0..<handle.owned { Py_DECREF(handles[h]!) }
        }
        if PyErr_Occurred() != nil { PyErr_Clear() }
        rf_check_graveyard()
        rf_case_end()
    }
}

/// What a use of a dangling borrowed handle did.
public enum DanglingOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    case detected, crashed, garbage, silent
}
