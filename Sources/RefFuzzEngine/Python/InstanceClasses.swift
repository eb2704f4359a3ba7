import CPython
import RefFuzzCore
import RefFuzzRuntime

/// The subclasses of built-in types that `instance` values are made of: Python classes, defined once in
/// the parent at start-up (a class made per case would be a new type object every time, moving counts
/// through the type attribute cache). Each overrides its base's `BuiltinBase.methods`: an overridden
/// method first calls the C hook (`rf_new_instance_hook`), which runs the instance's next program for
/// that method, then answers as the base would (the base's own slot, bound at definition: no lookup by
/// name per call), or with what the hook gave back, or raises what it raised.
enum InstanceClasses {
    /// Borrowed (kept for the process's life): the subclass of each base.
    nonisolated(unsafe) private(set) static var classes: [BuiltinBase: PyPointer] = [:]

    static let source = """
    def _reffuzz_subclasses(hook, specs):
        usual = NotImplemented
        def override(base, index, name):
            original = getattr(base, name)
            def method(self, *args, **kwargs):
                answer = hook(self, index)
                if answer is usual:
                    return original(self, *args, **kwargs)
                return answer
            method.__name__ = name
            return method
        made = []
        for base, names in specs:
            namespace = {name: override(base, index, name) for index, name in enumerate(names)}
            namespace['__module__'] = 'reffuzz'
            made.append(type('RefFuzz' + base.__name__.capitalize(), (base,), namespace))
        return tuple(made)
    """

    /// `((str, ('__eq__', ...)), ...)`: the bases and their overridden methods, in `BuiltinBase` order
    /// (the hook's method index is the position in `methods`).
    static var specs: String {
        let entries = BuiltinBase.allCases.map { base in
            "(\(base.rawValue), (" + base.methods.map { "'\($0)'" }.joined(separator: ", ") + ",))"
        }
        return "(" + entries.joined(separator: ", ") + ",)"
    }

    /// Must hold the GIL; once, before any fork.
    static func prepare() {
        guard classes.isEmpty, let globals = PyDict_New() else { return } // new; kept with the classes
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let hook = rf_new_instance_hook() else { PyErr_Clear(); return } // new; handed to globals
        PyDict_SetItemString(globals, "_hook", hook)
        Py_DECREF(hook)
        let program = source + "\n_classes = _reffuzz_subclasses(_hook, \(specs))\n"
        guard let result = PyRun_String(program, Py_file_input, globals, globals) else { // new
            PyErr_Clear()
            return
        }
        Py_DECREF(result)
        guard let made = PyDict_GetItemString(globals, "_classes") else { return } // borrowed from globals
        for (i, base) in BuiltinBase.allCases.enumerated() where i < rf_tuple_size(made) {
            classes[base] = rf_tuple_get_item(made, i) // borrowed; `globals` keeps the tuple alive
        }
    }

    /// New reference: an instance of the subclass of `spec.base` holding `spec.value`'s scalar, or (for
    /// a tuple) as many placeholders (None) as it has items, or nothing yet (list, dict): the executor
    /// puts the elements in, as it does for a plain container.
    static func make(_ spec: InstanceSpec) -> PyPointer? {
        guard let type = classes[spec.base] else { return nil }
        switch spec.base {
        case .list, .dict:
            return PyObject_CallNoArgs(type)
        case .tuple:
            let count = spec.value.children.count
            guard let placeholders = PyTuple_New(count) else { return nil } // new
            defer { Py_DECREF(placeholders) }
            for i in 0..<count {
                Py_INCREF(Python.none)
                PyTuple_SetItem(placeholders, i, Python.none) // steals the reference just taken
            }
            return PyObject_CallOneArg(type, placeholders)
        case .str, .int, .float, .bytes:
            guard let scalar = Python.makeScalar(spec.value) else { return nil } // new
            defer { Py_DECREF(scalar) }
            return PyObject_CallOneArg(type, scalar)
        }
    }
}
