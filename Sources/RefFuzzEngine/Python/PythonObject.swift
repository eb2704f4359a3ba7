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
    /// New reference: the object for a scalar value, a bytearray or a canary (nil for containers and
    /// the harness's other objects, which their callers make themselves).
    static func makeScalar(_ value: Value) -> PyPointer? {
        switch value {
        case .smallInt(let n), .bigInt(let n): return PyLong_FromLong(n)
        case .hugeInt(let digits): return PyLong_FromString(digits, nil, 10)
        case .float(let x): return PyFloat_FromDouble(x)
        case .internedString(let s): return PyUnicode_InternFromString(s)
        // Decoded from UTF-8: never interned; one character past Latin-1 is a new object every time.
        case .freshString(let s): return PyUnicode_FromStringAndSize(s, s.utf8.count)
        case .bytes(let b): return b.withUnsafeBytes { PyBytes_FromStringAndSize($0.baseAddress?.assumingMemoryBound(to: CChar.self), b.count) }
        case .bytearray(let b):
            return b.withUnsafeBytes { PyByteArray_FromStringAndSize($0.baseAddress?.assumingMemoryBound(to: CChar.self), b.count) }
        case .singleton(let s):
            let object = s == .none ? none : s == .true ? self.true : self.false
            Py_INCREF(object)
            return object
        case .canary(let n): return rf_new_canary(Int32(n))
        default: return nil
        }
    }

    /// The kind and the elements (borrowed; a dict's keys and values interleaved, in the order it
    /// iterates: an OrderedDict's own order; a set's members in iteration order; an iterator's items
    /// still to come) of a container the harness knows, with no elements for a bytearray or an array;
    /// nil for anything else. Reads pointers only: no reference count changes, no Python code runs.
    static func elements(of object: PyPointer) -> (ArgumentKind, [PyPointer?])? {
        guard var kind = StandardTypes.kind(of: object) else { return nil }
        var elements: [PyPointer?] = []
        switch kind {
        case .list:
            let n = rf_list_size(object)
            elements.reserveCapacity(n)
            for i in 0..<n { elements.append(rf_list_get_item(object, i)) }
        case .tuple:
            for i in 0..<rf_tuple_size(object) { elements.append(rf_tuple_get_item(object, i)) }
        case .dict:
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            while PyDict_Next(object, &position, &key, &value) != 0 { elements += [key, value] } // borrowed
        case .ordereddict:
            guard let ordered = orderedDictElements(object) else { return nil }
            (kind, elements) = ordered
        case .set, .frozenset:
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            while rf_set_next(object, &position, &key) != 0 { elements.append(key) } // borrowed
        case .deque:
            let count = rf_deque_items(object, nil, 0)
            guard count >= 0 else { return nil }
            elements = [PyPointer?](repeating: nil, count: count)
            _ = elements.withUnsafeMutableBufferPointer { rf_deque_items(object, $0.baseAddress, count) }
        case .iterator:
            var count = 0
            if let items = rf_iterator_items(object, &count) { // borrowed
                elements = (0..<count).map { items[$0] }
            }
        default:
            break // bytearray, array: storage that holds no objects
        }
        return (kind, elements)
    }

    /// An OrderedDict's keys (in its linked list's order) and values (borrowed, from the dict), or nil
    /// when this version's layout is unknown. Code that treats it as a plain dict (`dict.update(od, x)`,
    /// `dict.clear(od)`) changes its dict without its list: then its dict's entries, as a dict's; the
    /// snapshot adds the keys its list still holds (`orderedDictListKeys`) as references it holds besides.
    private static func orderedDictElements(_ object: PyPointer) -> (ArgumentKind, [PyPointer?])? {
        guard let keys = orderedDictListKeys(object) else { return nil }
        let count = keys.count
        var entries: [PyPointer?] = []
        var values: [UnsafeMutableRawPointer: PyPointer] = [:]
        var position = 0
        var key: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        while PyDict_Next(object, &position, &key, &value) != 0 { // borrowed
            entries += [key, value]
            if let key, let value { values[UnsafeMutableRawPointer(key)] = value }
        }
        let ordered = keys.map { key in key.flatMap { values[UnsafeMutableRawPointer($0)] } }
        guard count == values.count, ordered.allSatisfy({ $0 != nil }) else { return (.dict, entries) }
        return (.ordereddict, zip(keys, ordered).flatMap { [$0, $1] })
    }

    /// The keys (borrowed) an OrderedDict's order list holds, in its order, whatever its dict holds; nil
    /// when this version's layout is unknown.
    static func orderedDictListKeys(_ object: PyPointer) -> [PyPointer?]? {
        let count = rf_odict_keys(object, nil, 0)
        guard count >= 0 else { return nil }
        var keys = [PyPointer?](repeating: nil, count: count)
        _ = keys.withUnsafeMutableBufferPointer { rf_odict_keys(object, $0.baseAddress, count) }
        return keys
    }
}
