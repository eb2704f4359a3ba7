// Mutation steps, run through the C API or the container's own methods (unbound, looked up once at
// start-up), each recorded with the container's contents before and after.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    /// Performs one step, recording it and the container before and after.
    func perform(_ step: MutationStep, owner: ProgramOwner, position: Int) {
        let outer = current
        let number = nextStep()
        let index = observation.steps.count
        observation.steps.append(StepRecord(number: number, owner: OwnerRecord(owner), position: position, step: step,
                                            depth: depth, outcome: .skipped))
        if depth == 0 {
            observation.steps[index].seen = snapshotContainers()
        } else {
            let dead = (0..<observed.count).filter { rf_death_step(Int64($0)) == Int64(outer) }
            if !dead.isEmpty { observation.steps[index].deadOnEntry = dead }
        }
        depth += 1
        defer {
            depth -= 1
            observation.steps[index].reentered = counter != number
            // Inside another step, go on stamping with that step's number; otherwise the target's code runs.
            if depth > 0 { setStep(outer) } else { _ = nextStep() }
            if PyErr_Occurred() != nil { PyErr_Clear() }
        }
        // A method call on a stateful target's object (CaseRun+Methods), not a container step.
        if case .callMethod(let name, let values) = step {
            performMethod(name, values, record: index, number: number)
            return
        }
        guard step.argument >= 0, step.argument < layout.argumentTags.count else { return }
        let tag = layout.argumentTags[step.argument]
        // A container whose count is 0 is being freed (its dealloc released an item whose `__del__` runs
        // this step): no Python code can reach it, so neither does the step (appending to it would
        // store an item its dealloc never releases).
        guard isAlive(tag), let container = objects[tag], rf_refcnt(container) > 0, let (before, pointers) = contents(tag) else { return }
        // Seen even when the step does not apply: the model takes over what the target did meanwhile.
        observation.steps[index].before = before
        let length = before.kind == .bytearray || before.kind == .array ? PyObject_Size(container) : before.elements.count
        // The container's own operation: an OrderedDict whose list and dict disagree (mid-insert, or after
        // `dict.clear(od)`) is seen as a dict, but `arg0.clear()` is still OrderedDict.clear, not dict.clear
        // (which would leave its list, and its table of nodes, behind).
        let kind: ArgumentKind = before.kind == .dict && rf_odict_check(container) != 0 ? .ordereddict : before.kind
        guard length >= 0, applies(step, to: kind, length: length) else {
            PyErr_Clear()
            return
        }

        // New references to the step's values; `apply` releases each once the container took its own.
        var values: [PyPointer] = []
        for value in step.values {
            let made = objects.count
            guard let object = create(value) else {
                PyErr_Clear()
                values.forEach { Py_DECREF($0) }
                return
            }
            register(tag: made, object: object, value: value, createdAt: number, madeBy: values.count)
            if theCase.extraReference {
                Py_INCREF(object)
                held[made, default: 0] += 1
                observed[made].harnessReferences += 1
            }
            observation.steps[index].created.append(made)
            values.append(object)
        }
        let failed = apply(step, kind: kind, to: container, elements: pointers, length: length, values: values) < 0
        if failed, let error = Python.takeException() {
            observation.steps[index].outcome = .raised(error.type)
        } else {
            observation.steps[index].outcome = .done
        }
        observation.steps[index].after = snapshot(tag)
    }

    /// True when the step makes sense on a container of `kind` holding `length` items as it is now.
    func applies(_ step: MutationStep, to kind: ArgumentKind, length: Int) -> Bool {
        guard step.applies(to: kind) else { return false }
        switch step {
        case .setItem, .deleteItem, .pop, .dictDelete, .dictPopItem, .setDiscard, .setPop, .moveToEnd, .popItemFirst, .popLeft:
            return length > 0
        default:
            return true
        }
    }

    /// Runs the operation on `container` (borrowed), a `kind` whose elements (borrowed, in the order of
    /// its snapshot) are `elements` and whose length is `length`. `values` are new references: each is
    /// released here once the container took its own. Returns -1 on a Python error.
    func apply(_ step: MutationStep, kind: ArgumentKind, to container: PyPointer, elements: [PyPointer?], length: Int,
               values: [PyPointer]) -> Int32 {
        defer { values.forEach { Py_DECREF($0) } }
        func wrap(_ i: Int, _ n: Int) -> Int { ((i % n) + n) % n }
        /// The n-th key of a dict or OrderedDict, or member of a set, in snapshot order (borrowed).
        func nth(_ n: Int, stride: Int) -> PyPointer? { elements.isEmpty ? nil : elements[stride * wrap(n, elements.count / stride)] }
        switch (step, kind) {
        // Sequences
        case (.append, .list): return PyList_Append(container, values[0]) // does not steal
        case (.append, _): return call(kind.method(.append), container, values[0])
        case (.insert(_, let at, _), .list): return PyList_Insert(container, at, values[0]) // does not steal
        case (.insert(_, let at, _), _): return call(kind.method(.insert), container, index: at, values[0])
        case (.setItem(_, let at, _), .list):
            Py_INCREF(values[0])
            return PyList_SetItem(container, wrap(at, length), values[0]) // steals the reference just taken
        case (.setItem(_, let at, _), _): return PySequence_SetItem(container, wrap(at, length), values[0]) // does not steal
        case (.deleteItem(_, let at), _): return PySequence_DelItem(container, wrap(at, length))
        case (.pop(_, let at), .list): return call(Names.listPop, container, index: wrap(at, length))
        case (.pop, .deque): return call(StandardTypes[.dequePop], container) // the right end
        case (.pop(_, let at), _): return call(kind.method(.pop), container, index: wrap(at, length))
        case (.deleteSlice(_, let from, let to), _): return PySequence_DelSlice(container, from, to)
        case (.sort, _): return PyList_Sort(container)
        case (.reverse, .list): return PyList_Reverse(container)
        case (.reverse, _): return call(kind.method(.reverse), container)
        case (.clear, .list): return PyList_SetSlice(container, 0, Int.max, nil)
        case (.clear, .dict): PyDict_Clear(container); return 0
        case (.clear, .ordereddict): return call(StandardTypes[.orderedDictClear], container)
        case (.clear, .set): return PySet_Clear(container)
        case (.clear, .deque): return call(StandardTypes[.dequeClear], container)
        case (.clear, _): return PySequence_DelSlice(container, 0, Int.max) // bytearray, array
        // Dicts and OrderedDicts
        case (.dictSet, .ordereddict): return PyODict_SetItem(container, values[0], values[1]) // does not steal
        case (.dictSet, _): return PyDict_SetItem(container, values[0], values[1]) // does not steal
        case (.dictDelete(_, let entry), _):
            guard let key = nth(entry, stride: 2) else { return 0 }
            Py_INCREF(key) // own it: deleting the entry drops the dict's reference
            defer { Py_DECREF(key) }
            return kind == .ordereddict ? PyODict_DelItem(container, key) : PyDict_DelItem(container, key)
        case (.dictPopItem, .ordereddict): return call(StandardTypes[.orderedDictPopItem], container)
        case (.dictPopItem, _): return call(Names.dictPopItem, container)
        case (.moveToEnd(_, let entry, let last), _):
            guard let key = nth(entry, stride: 2) else { return 0 }
            Py_INCREF(key)
            defer { Py_DECREF(key) }
            return call(StandardTypes[.orderedDictMoveToEnd], container, key, last ? Python.true : Python.false)
        case (.popItemFirst, _): return call(StandardTypes[.orderedDictPopItem], container, Python.false)
        // Sets
        case (.setAdd, _): return PySet_Add(container, values[0]) // does not steal
        case (.setDiscard(_, let member), _):
            guard let key = nth(member, stride: 1) else { return 0 }
            Py_INCREF(key)
            defer { Py_DECREF(key) }
            return PySet_Discard(container, key) < 0 ? -1 : 0
        case (.setPop, _):
            guard let popped = PySet_Pop(container) else { return -1 } // new
            Py_DECREF(popped)
            return 0
        case (.setUpdate(_, let op, _), _): return update(container, op, with: values)
        // Deques
        case (.appendLeft, _): return call(StandardTypes[.dequeAppendLeft], container, values[0])
        case (.popLeft, _): return call(StandardTypes[.dequePopLeft], container)
        case (.rotate(_, let n), _): return call(StandardTypes[.dequeRotate], container, index: n)
        // Buffers
        case (.extendBuffer(_, let bytes), .bytearray):
            return concatenate(container, Python.makeScalar(.bytes(bytes)))
        case (.extendBuffer(_, let bytes), _): return extendArray(container, bytes.map(Int.init))
        case (.resize(_, let n), _):
            let wanted = max(0, min(n, CaseRun.largestBuffer))
            if wanted < length { return PySequence_DelSlice(container, wanted, Int.max) }
            let zeros = [Int](repeating: 0, count: wanted - length)
            return kind == .bytearray ? concatenate(container, Python.makeScalar(.bytes(zeros.map(UInt8.init)))) : extendArray(container, zeros)
        // Iterators
        case (.next, _):
            guard let item = PyIter_Next(container) else { return PyErr_Occurred() != nil ? -1 : 0 } // new
            Py_DECREF(item) // handed to the harness, which lets it go
            return 0
        case (.callMethod, _): return 0 // never reached: `applies` holds it to the object, which is no container
        }
    }

    /// A buffer grows to 1 MiB items at the most, whatever length a step asks for.
    static let largestBuffer = 1 << 20

    /// Calls an unbound method (borrowed) on `container` with borrowed arguments, releasing what it
    /// returns. -1 when it raised (or the method is missing).
    private func call(_ method: PyPointer?, _ container: PyPointer, _ arguments: PyPointer?...) -> Int32 {
        guard let method else { return 0 }
        let result: PyPointer? // new
        switch arguments.count {
        case 0: result = rf_call_unbound0(method, container)
        case 1: result = rf_call_unbound1(method, container, arguments[0])
        default: result = rf_call_unbound2(method, container, arguments[0], arguments[1])
        }
        guard let result else { return -1 }
        Py_DECREF(result)
        return 0
    }

    /// `method(container, n, arguments...)` with `n` as a new int, released after.
    private func call(_ method: PyPointer?, _ container: PyPointer, index n: Int, _ arguments: PyPointer?...) -> Int32 {
        guard let number = PyLong_FromLong(n) else { return -1 } // new
        defer { Py_DECREF(number) }
        return arguments.isEmpty ? call(method, container, number) : call(method, container, number, arguments[0])
    }

    /// `container OP= {values}`: a temporary set of the values (equal ones collapse to the first), then
    /// the in-place operator, as `s |= {...}` runs it.
    private func update(_ container: PyPointer, _ op: SetOperator, with values: [PyPointer]) -> Int32 {
        guard let others = PySet_New(nil) else { return -1 } // new; released here
        defer { Py_DECREF(others) }
        for value in values where PySet_Add(others, value) < 0 { return -1 }
        let result: PyPointer? // new: the set itself
        switch op {
        case .union: result = PyNumber_InPlaceOr(container, others)
        case .intersection: result = PyNumber_InPlaceAnd(container, others)
        case .symmetricDifference: result = PyNumber_InPlaceXor(container, others)
        case .difference: result = PyNumber_InPlaceSubtract(container, others)
        }
        guard let result else { return -1 }
        Py_DECREF(result)
        return 0
    }

    /// `bytearray += data` (`data` a new reference, released here).
    private func concatenate(_ container: PyPointer, _ data: PyPointer?) -> Int32 {
        guard let data else { return -1 }
        defer { Py_DECREF(data) }
        guard let result = PySequence_InPlaceConcat(container, data) else { return -1 } // new: the bytearray
        Py_DECREF(result)
        return 0
    }

    /// `array.extend([numbers])` through a temporary list.
    private func extendArray(_ container: PyPointer, _ numbers: [Int]) -> Int32 {
        guard let list = PyList_New(0) else { return -1 } // new; released here
        defer { Py_DECREF(list) }
        for n in numbers {
            guard let number = PyLong_FromLong(n) else { return -1 } // new
            PyList_Append(list, number)
            Py_DECREF(number)
        }
        return call(StandardTypes[.arrayExtend], container, list)
    }
}

/// The sequence methods a step calls on a deque, bytearray or array.
private enum SequenceMethod: Hashable { case append, insert, pop, reverse }

private let sequenceMethods: [ArgumentKind: [SequenceMethod: StandardTypes.Method]] = [
    .deque: [.append: .dequeAppend, .insert: .dequeInsert, .pop: .dequePop, .reverse: .dequeReverse],
    .bytearray: [.append: .bytearrayAppend, .insert: .bytearrayInsert, .pop: .bytearrayPop, .reverse: .bytearrayReverse],
    .array: [.append: .arrayAppend, .insert: .arrayInsert, .pop: .arrayPop, .reverse: .arrayReverse],
]

private extension ArgumentKind {
    /// Borrowed: the unbound method of this kind of sequence, nil when the kind has none.
    func method(_ method: SequenceMethod) -> PyPointer? {
        sequenceMethods[self]?[method].flatMap { StandardTypes[$0] }
    }
}
