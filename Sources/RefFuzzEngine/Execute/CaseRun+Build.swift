// Building a case's objects: arguments, elements, canaries, evil objects and mutators, with the
// references the caller holds.
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
        // Canaries, evil objects and mutators met more than once were kept alive while the arguments
        // were built (a dict that replaces a value must not free an object that a later key reuses).
        for object in buildReferences { Py_DECREF(object) }
        buildReferences = []
    }

    /// Makes the object of layout node `tag` (and its elements) and returns a new reference to it.
    /// A canary, evil object or mutator met again is the same object: a new reference to it.
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
        case .canary, .evil, .mutator:
            Py_INCREF(object)
            buildReferences.append(object)
        default:
            break
        }
        fill(object, node: node)
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
            if let first = tagsByAddress[address] {
                record.identity = first
                record.shared = true
                observed[first].shared = true
            } else {
                tagsByAddress[address] = tag
                // A fresh object has exactly the one reference its maker returned; more means the
                // interpreter shares it (cached int, interned string, singleton, empty tuple).
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

    /// New reference: the scalar or empty container for `value`.
    func create(_ value: Value) -> PyPointer? {
        switch value {
        case .evil(let n):
            let spec = n < theCase.evils.count ? theCase.evils[n] : EvilSpec()
            let mask = spec.programs.keys.reduce(UInt32(0)) { $0 | (1 << UInt32($1.slot)) }
            return rf_new_evil(Int32(n), mask, spec.constantHash ? 1 : 0)
        case .mutator(let n): return rf_new_mutator(Int32(n))
        case .list: return PyList_New(0)
        case .tuple(let items): return PyTuple_New(items.count)
        case .set: return PySet_New(nil)
        case .dict: return PyDict_New()
        default: return Python.makeScalar(value)
        }
    }

    /// Puts the elements of a container node into `container` (borrowed), each from a new reference
    /// that the container takes over (tuple) or that is released after the container took its own.
    func fill(_ container: PyPointer, node: CaseLayout.Node) {
        switch node.value {
        case .list:
            for child in node.children {
                guard let item = make(child) else { continue }
                PyList_Append(container, item)
                Py_DECREF(item)
            }
        case .tuple:
            for (i, child) in node.children.enumerated() {
                let item = make(child) ?? { Py_INCREF(Python.none); return Python.none }()
                PyTuple_SetItem(container, i, item) // steals
            }
        case .set:
            for child in node.children {
                guard let item = make(child) else { continue }
                if PySet_Add(container, item) < 0 { PyErr_Clear() }
                Py_DECREF(item)
            }
        case .dict:
            var i = 0
            while i + 1 < node.children.count {
                let key = make(node.children[i]), value = make(node.children[i + 1])
                if let key, let value, PyDict_SetItem(container, key, value) < 0 { PyErr_Clear() }
                Py_XDECREF(key)
                Py_XDECREF(value)
                i += 2
            }
        default:
            break
        }
        if PyErr_Occurred() != nil { PyErr_Clear() }
    }
}
