import CPython

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
        guard PyErr_Occurred() != nil else { return nil }
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        defer {
            Py_XDECREF(type)
            Py_XDECREF(value)
            Py_XDECREF(traceback)
        }
        var name = "Exception"
        if let type {
            name = type.withMemoryRebound(to: PyTypeObject.self, capacity: 1) { String(cString: $0.pointee.tp_name) }
            if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        }
        var message = ""
        if let args = rf_exception_args(value) { // borrowed
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
