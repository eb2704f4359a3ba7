// Building a case's objects: arguments, elements, the harness's own objects (canaries, evil objects,
// mutators, iterators, files, instances of subclasses of built-in types), aliases, with the references
// the caller holds; and the objects the harness's objects hand out when a call answers with a value.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    func build() {
        for tag in layout.argumentTags {
            // The caller's variable: this new reference is kept until the teardown.
            guard make(tag) != nil else { continue }
            held[tag, default: 0] += 1
            observed[tag].harnessReferences += 1
        }
        if theCase.extraReference {
            for tag in 0..<observed.count where observed[tag].identity == tag {
                guard let object = objects[tag] else { continue }
                Py_INCREF(object)
                held[tag, default: 0] += 1
                observed[tag].harnessReferences += 1
            }
        }
        // The harness's objects met more than once were kept alive while the arguments were built (a
        // dict that replaces a value must not free an object that a later key reuses).
        for object in buildReferences { Py_DECREF(object) }
        buildReferences = []
    }

    /// Makes the object of layout node `tag` (and its elements) and returns a new reference to it.
    /// An object made already (a harness object met again, an alias, a container inside itself) is the
    /// same object: a new reference to it.
    func make(_ tag: Int) -> PyPointer? {
        if tag < objects.count, let existing = objects[tag] {
            Py_INCREF(existing)
            return existing
        }
        let node = layout.nodes[tag]
        guard let object = create(node.value) else {
            PyErr_Clear()
            register(tag: tag, object: nil, value: node.value, createdAt: 0)
            return nil
        }
        register(tag: tag, object: object, value: node.value, createdAt: 0)
        switch node.value {
        case .canary, .evil, .mutator, .iterator, .file, .instance:
            Py_INCREF(object)
            buildReferences.append(object)
        default:
            break
        }
        // The elements are made first (registered before: an element may be the container itself).
        fill(object, node.value, items: node.children.map { make($0) })
        return object
    }

    /// New reference: an object made from `value` outside the layout, with its elements: what a harness
    /// object's call answers with (a callable's result, a lying `__len__`). Each object is a case object
    /// made at the current step, that the harness holds no reference to; the top one says whose call
    /// `answering` it is.
    func makeAnswer(_ value: Value, answering call: ProgramOwner? = nil) -> PyPointer? {
        guard let object = create(value) else {
            PyErr_Clear()
            return nil
        }
        let tag = objects.count
        register(tag: tag, object: object, value: value, createdAt: current)
        observed[tag].answeredBy = call.map(OwnerRecord.init)
        if value.isContainer || value.dataClass == .buffer { snapshotTags.append(tag) }
        fill(object, value, items: value.children.map { makeAnswer($0) })
        return object
    }

    /// Records a new object: its tag, whether it is shared, and its identity among equal pointers.
    func register(tag: Int, object: PyPointer?, value: Value, createdAt: Int, madeBy: Int? = nil) {
        while objects.count <= tag {
            objects.append(nil)
            observed.append(ObservedObject(tag: observed.count, dataClass: .container, identity: observed.count,
                                           shared: false, harnessReferences: 0))
        }
        objects[tag] = object
        var record = ObservedObject(tag: tag, dataClass: value.dataClass, identity: tag, shared: false,
                                    harnessReferences: 0, createdAt: createdAt, madeBy: madeBy)
        if let object {
            let address = UnsafeMutableRawPointer(object)
            // An address seen before is the same object, unless the object seen there has died since.
            if let first = tagsByAddress[address], observed[first].shared || rf_death_step(Int64(first)) < 0 {
                record.identity = first
                record.shared = true
                observed[first].shared = true
            } else {
                tagsByAddress[address] = tag
                // A fresh object has exactly the one reference its maker returned; more means the
                // interpreter shares it (cached int, interned string, singleton, empty tuple or bytes).
                record.shared = rf_refcnt(object) > 1
                if record.shared {
                    // An immortal object's count never moves: no baseline, its drift is no signal.
                    if !facts.sharedAddresses.contains(address) && rf_is_immortal(object) == 0 {
                        sharedBaselines[tag] = rf_refcnt(object) - 1
                    }
                } else {
                    rf_track(object, Int64(tag))
                }
            }
        }
        observed[tag] = record
    }

    /// New reference: the scalar, or the container or harness object without its elements, for `value`.
    func create(_ value: Value) -> PyPointer? {
        switch value {
        case .evil(let n):
            let spec = n < theCase.evils.count ? theCase.evils[n] : EvilSpec()
            // The dunders that run a program or answer otherwise call back; the others answer as usual.
            let dunders = Set(spec.programs.keys).union(spec.results.keys)
            let mask = dunders.reduce(UInt32(0)) { $0 | (1 << UInt32($1.slot)) }
            return rf_new_evil(Int32(n), mask, spec.constantHash ? 1 : 0)
        case .mutator(let n): return rf_new_mutator(Int32(n))
        case .iterator(let n):
            let spec = n < theCase.iterators.count ? theCase.iterators[n] : IteratorSpec()
            return rf_new_iterator(Int32(n), spec.items.count, spec.lengthHint == nil ? 0 : 1, spec.lengthHint ?? 0)
        case .file(let n): return rf_new_file(Int32(n))
        case .instance(let n):
            guard n < theCase.instances.count else { return nil }
            return InstanceClasses.make(theCase.instances[n])
        case .list: return PyList_New(0)
        case .tuple(let items): return PyTuple_New(items.count)
        case .set: return PySet_New(nil)
        case .frozenset: return PyFrozenSet_New(nil)
        case .dict: return PyDict_New()
        case .orderedDict: return PyODict_New()
        case .deque(_, let maxlen): return StandardTypes.makeDeque(maxlen: maxlen)
        case .array(let a): return StandardTypes.makeArray(a)
        default: return Python.makeScalar(value)
        }
    }

    /// Puts the elements `items` (new references, nil where one could not be made; a dict's keys and
    /// values interleaved) into `container` (borrowed), made for `value`: each reference is handed to
    /// the container (a tuple, an iterator) or released once the container took its own.
    func fill(_ container: PyPointer, _ value: Value, items: [PyPointer?]) {
        switch value {
        case .list: append(items, to: container)
        case .tuple: fillTuple(container, items)
        case .set, .frozenset:
            // A new frozenset (its count still 1) is filled like a set, as PySet_Add allows.
            for item in items {
                guard let item else { continue }
                if PySet_Add(container, item) < 0 { PyErr_Clear() }
                Py_DECREF(item)
            }
        case .dict: setPairs(items, in: container, PyDict_SetItem)
        case .orderedDict: setPairs(items, in: container, PyODict_SetItem)
        case .deque:
            for item in items {
                guard let item else { continue }
                // A bounded deque drops its first items when more come, as it always does.
                if let method = StandardTypes[.dequeAppend], let done = rf_call_unbound1(method, container, item) {
                    Py_DECREF(done)
                }
                Py_DECREF(item)
            }
        case .iterator:
            for (i, item) in items.enumerated() {
                rf_iterator_set_item(container, i, item ?? { Py_INCREF(Python.none); return Python.none }()) // steals
            }
        case .instance(let n) where n < theCase.instances.count:
            switch theCase.instances[n].base {
            case .list: append(items, to: container)
            case .tuple: fillTuple(container, items)
            case .dict: setPairs(items, in: container, PyDict_SetItem)
            default: items.forEach { Py_XDECREF($0) }
            }
        default:
            items.forEach { Py_XDECREF($0) }
        }
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }

    private func append(_ items: [PyPointer?], to list: PyPointer) {
        for item in items {
            guard let item else { continue }
            PyList_Append(list, item) // does not steal
            Py_DECREF(item)
        }
    }

    private func fillTuple(_ tuple: PyPointer, _ items: [PyPointer?]) {
        for (i, item) in items.enumerated() where i < rf_tuple_size(tuple) {
            rf_tuple_fill(tuple, i, item ?? { Py_INCREF(Python.none); return Python.none }()) // steals
        }
    }

    /// `set(container, key, value)` for each pair (does not steal); the references are released after.
    private func setPairs(_ items: [PyPointer?], in container: PyPointer,
                          _ set: (PyPointer?, PyPointer?, PyPointer?) -> Int32) {
        var i = 0
        while i + 1 < items.count {
            if let key = items[i], let value = items[i + 1], set(container, key, value) < 0 { PyErr_Clear() }
            Py_XDECREF(items[i])
            Py_XDECREF(items[i + 1])
            i += 2
        }
        if i < items.count { Py_XDECREF(items[i]) }
    }
}
