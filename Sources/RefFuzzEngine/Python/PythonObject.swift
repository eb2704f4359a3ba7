import CPython
import RefFuzzCore
import RefFuzzRuntime

/// A raw object pointer. Ownership is documented where one is taken or handed over.
typealias PyPointer = UnsafeMutablePointer<PyObject>

enum Python {
    /// Borrowed singletons.
    static var none: PyPointer { rf_none() }
    static var `true`: PyPointer { rf_true() }
    static var `false`: PyPointer { rf_false() }

    /// The pending exception as (type name, message), clearing it. The message is only taken when the
    /// exception's arguments are plain strings: formatting arbitrary arguments could run their __repr__
    /// (an object of the case, possibly dead) from inside the harness.
    static func takeException() -> (type: String, message: String)? {
        guard PyErr_Occurred() != nil, let exception = rf_take_exception() else { return nil } // new
        defer { Py_DECREF(exception) }
        var name = String(cString: rf_type_name(exception))
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        var message = ""
        if let args = rf_exception_args(exception) { // new
            defer { Py_DECREF(args) }
            if rf_tuple_check(args) != 0 {
                var parts: [String] = []
                for i in 0..<rf_tuple_size(args) {
                    let item = rf_tuple_get_item(args, i)! // borrowed
                    guard rf_unicode_check(item) != 0 else { parts = []; break }
                    parts.append(string(item) ?? "")
                }
                message = parts.joined(separator: ", ")
            }
        }
        PyErr_Clear()
        return (name, message)
    }

    /// The UTF-8 text of a str (borrowed), or nil.
    static func string(_ object: PyPointer) -> String? {
        guard rf_unicode_check(object) != 0, let utf8 = PyUnicode_AsUTF8(object) else {
            PyErr_Clear()
            return nil
        }
        return String(cString: utf8)
    }

    /// repr(object) as a Swift string, for objects known to be alive and harmless (not case objects).
    static func repr(_ object: PyPointer) -> String {
        guard let text = PyObject_Repr(object) else {
            PyErr_Clear()
            return "<unrepresentable>"
        }
        defer { Py_DECREF(text) }
        return string(text) ?? "<unrepresentable>"
    }
}

extension Python {
    /// New reference: the object for a scalar value or a canary (nil for containers, evil objects and
    /// mutators, which their callers make themselves).
    static func makeScalar(_ value: Value) -> PyPointer? {
        switch value {
        case .smallInt(let n), .bigInt(let n): return PyLong_FromLong(n)
        case .internedString(let s): return PyUnicode_InternFromString(s)
        case .freshString(let s): return PyUnicode_FromStringAndSize(s, s.utf8.count)
        case .singleton(let s):
            let object = s == .none ? none : s == .true ? self.true : self.false
            Py_INCREF(object)
            return object
        case .canary(let n): return rf_new_canary(Int32(n))
        default: return nil
        }
    }

    /// The kind and the elements (borrowed; a dict's keys and values interleaved, a set's members in
    /// iteration order) of a list, tuple, dict or set; nil for anything else. Reads pointers only:
    /// no reference count changes, no Python code runs.
    static func elements(of object: PyPointer) -> (ArgumentKind, [PyPointer?])? {
        var elements: [PyPointer?] = []
        if rf_list_check(object) != 0 {
            for i in 0..<rf_list_size(object) { elements.append(rf_list_get_item(object, i)) }
            return (.list, elements)
        }
        if rf_tuple_check(object) != 0 {
            for i in 0..<rf_tuple_size(object) { elements.append(rf_tuple_get_item(object, i)) }
            return (.tuple, elements)
        }
        if rf_dict_check(object) != 0 {
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            while PyDict_Next(object, &position, &key, &value) != 0 { elements += [key, value] }
            return (.dict, elements)
        }
        if rf_set_check(object) != 0 {
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            while rf_set_next(object, &position, &key) != 0 { elements.append(key) } // borrowed
            return (.set, elements)
        }
        return nil
    }
}
