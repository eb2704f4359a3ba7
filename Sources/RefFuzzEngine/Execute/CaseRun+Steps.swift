import CPython
import RefFuzzCore
import RefFuzzRuntime

/// The C runtime calls this when a mutator is called or an evil object's dunder with a program runs.
let programHook: rf_program_hook = { owner, ident, dunder, call in
    CaseRun.active?.runProgram(owner: owner, ident: Int(ident), dunder: dunder, call: Int(call))
}

extension CaseRun {
    /// Runs the program for the `call`-th call of a mutator, or of an evil object's dunder.
    func runProgram(owner: Int32, ident: Int, dunder: Int32, call: Int) {
        let steps: [MutationStep]
        let who: ProgramOwner
        if owner == Int32(RF_OWNER_MUTATOR.rawValue) {
            guard ident < theCase.mutators.count, call < theCase.mutators[ident].calls.count else { return }
            steps = theCase.mutators[ident].calls[call]
            who = .mutator(ident, call: call)
        } else {
            guard ident < theCase.evils.count, let d = Dunder.allCases.first(where: { $0.slot == dunder }),
                  let calls = theCase.evils[ident].programs[d], call < calls.count else { return }
            steps = calls[call]
            who = .evil(ident, d, call: call)
        }
        for (position, step) in steps.enumerated() {
            perform(step, owner: who, position: position)
        }
    }

    /// Performs one step through the C API, recording it and the container before and after.
    func perform(_ step: MutationStep, owner: ProgramOwner, position: Int) {
        let outer = current
        let number = nextStep()
        let index = observation.steps.count
        observation.steps.append(StepRecord(number: number, owner: OwnerRecord(owner), position: position, step: step,
                                            depth: depth, outcome: .skipped))
        if depth == 0 { observation.steps[index].seen = snapshotContainers() }
        depth += 1
        defer {
            depth -= 1
            observation.steps[index].reentered = counter != number
            // Inside another step, go on stamping with that step's number; otherwise the target's code runs.
            if depth > 0 { setStep(outer) } else { _ = nextStep() }
            if PyErr_Occurred() != nil { PyErr_Clear() }
        }
        guard step.argument < layout.argumentTags.count else { return }
        let tag = layout.argumentTags[step.argument]
        guard isAlive(tag), let container = objects[tag], let before = snapshot(tag) else { return }
        // Seen even when the step does not apply: the model takes over what the target did meanwhile.
        observation.steps[index].before = before
        guard applies(step, to: before) else { return }

        // New references to the step's values; each is handed to the container (stolen or released).
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
        let failed = apply(step, to: container, count: before.elements.count, values: values) < 0
        if failed, let error = Python.takeException() {
            observation.steps[index].outcome = .raised(error.type)
        } else {
            observation.steps[index].outcome = .done
        }
        observation.steps[index].after = snapshot(tag)
    }

    /// True when the step makes sense on the container as it is now.
    func applies(_ step: MutationStep, to snapshot: ContainerSnapshot) -> Bool {
        guard step.appliesTo.contains(snapshot.kind) else { return false }
        switch step {
        case .setItem, .deleteItem, .pop, .dictDelete, .dictPopItem, .setDiscard, .setPop:
            return !snapshot.elements.isEmpty
        default:
            return true
        }
    }

    /// Runs the operation. `values` are new references: each is consumed here. Returns -1 on a Python error.
    func apply(_ step: MutationStep, to container: PyPointer, count: Int, values: [PyPointer]) -> Int32 {
        func wrap(_ i: Int, _ n: Int) -> Int { ((i % n) + n) % n }
        switch step {
        case .append:
            defer { Py_DECREF(values[0]) }
            return PyList_Append(container, values[0]) // does not steal
        case .insert(_, let at, _):
            defer { Py_DECREF(values[0]) }
            return PyList_Insert(container, at, values[0]) // does not steal
        case .setItem(_, let at, _):
            return PyList_SetItem(container, wrap(at, count), values[0]) // steals; releases the old item
        case .deleteItem(_, let at):
            return PySequence_DelItem(container, wrap(at, count))
        case .pop(_, let at):
            guard let popped = rf_call_unbound_ssize(Names.listPop, container, wrap(at, count)) else { return -1 }
            Py_DECREF(popped) // the new reference list.pop returned
            return 0
        case .deleteSlice(_, let from, let to):
            return PySequence_DelSlice(container, from, to)
        case .sort:
            return PyList_Sort(container)
        case .reverse:
            return PyList_Reverse(container)
        case .clear:
            if rf_list_check(container) != 0 { return PyList_SetSlice(container, 0, Int.max, nil) }
            if rf_dict_check(container) != 0 { PyDict_Clear(container); return 0 }
            return PySet_Clear(container)
        case .dictSet:
            defer { Py_DECREF(values[0]); Py_DECREF(values[1]) }
            return PyDict_SetItem(container, values[0], values[1]) // does not steal
        case .dictDelete(_, let entry):
            var position = 0, seen = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            let wanted = wrap(entry, count / 2)
            while PyDict_Next(container, &position, &key, &value) != 0 { // borrowed
                if seen == wanted, let key {
                    Py_INCREF(key) // own it: deleting the entry drops the dict's reference
                    defer { Py_DECREF(key) }
                    return PyDict_DelItem(container, key)
                }
                seen += 1
            }
            return 0
        case .dictPopItem:
            guard let pair = rf_call_unbound0(Names.dictPopItem, container) else { return -1 }
            Py_DECREF(pair)
            return 0
        case .setAdd:
            defer { Py_DECREF(values[0]) }
            return PySet_Add(container, values[0]) // does not steal
        case .setDiscard(_, let member):
            var position = 0, seen = 0
            var key: UnsafeMutablePointer<PyObject>?
            let wanted = wrap(member, count)
            while rf_set_next(container, &position, &key) != 0 { // borrowed
                if seen == wanted, let key {
                    Py_INCREF(key)
                    defer { Py_DECREF(key) }
                    return PySet_Discard(container, key) < 0 ? -1 : 0
                }
                seen += 1
            }
            return 0
        case .setPop:
            guard let popped = PySet_Pop(container) else { return -1 } // new
            Py_DECREF(popped)
            return 0
        default:
            values.forEach { Py_DECREF($0) } // not performed yet: the executor of the new kinds does it
            return 0
        }
    }
}
