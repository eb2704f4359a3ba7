import CPython
import RefFuzzCore
import RefFuzzRuntime

/// The standard library's containers that are not built-in types (collections.deque, array.array) and
/// the unbound methods the harness calls on them and on OrderedDict and bytearray, looked up once, in
/// the parent, at start-up: a lookup by name in every case would go through the type attribute cache,
/// whose entries hold references (and start out holding None), and move counts the judge watches.
/// OrderedDict needs no lookup: it is the C API's `PyODict_Type`.
enum StandardTypes {
    /// Borrowed (kept for the process's life): `collections.deque` and `array.array`, nil if missing.
    nonisolated(unsafe) private(set) static var deque: PyPointer?
    nonisolated(unsafe) private(set) static var array: PyPointer?
    static var orderedDict: PyPointer { rf_odict_type() }

    /// The unbound methods the steps call.
    enum Method: Int, CaseIterable {
        case dequeAppend, dequeAppendLeft, dequePop, dequePopLeft, dequeRotate, dequeInsert, dequeClear, dequeReverse, dequeExtend
        case orderedDictMoveToEnd, orderedDictPopItem, orderedDictClear
        case bytearrayAppend, bytearrayInsert, bytearrayPop, bytearrayReverse
        case arrayAppend, arrayInsert, arrayPop, arrayReverse, arrayExtend

        var name: String {
            switch self {
            case .dequeAppend, .bytearrayAppend, .arrayAppend: "append"
            case .dequeAppendLeft: "appendleft"
            case .dequePop, .bytearrayPop, .arrayPop: "pop"
            case .dequePopLeft: "popleft"
            case .dequeRotate: "rotate"
            case .dequeInsert, .bytearrayInsert, .arrayInsert: "insert"
            case .dequeClear, .orderedDictClear: "clear"
            case .dequeReverse, .bytearrayReverse, .arrayReverse: "reverse"
            case .orderedDictMoveToEnd: "move_to_end"
            case .orderedDictPopItem: "popitem"
            case .arrayExtend, .dequeExtend: "extend"
            }
        }

        /// The type whose method it is (borrowed), nil when that type is missing.
        var type: PyPointer? {
            switch self {
            case .dequeAppend, .dequeAppendLeft, .dequePop, .dequePopLeft, .dequeRotate, .dequeInsert, .dequeClear, .dequeReverse,
                 .dequeExtend:
                StandardTypes.deque
            case .orderedDictMoveToEnd, .orderedDictPopItem, .orderedDictClear: StandardTypes.orderedDict
            case .bytearrayAppend, .bytearrayInsert, .bytearrayPop, .bytearrayReverse: rf_bytearray_type()
            case .arrayAppend, .arrayInsert, .arrayPop, .arrayReverse, .arrayExtend: StandardTypes.array
            }
        }
    }

    nonisolated(unsafe) private static var methods: [PyPointer?] = []

    /// Borrowed: the unbound method, nil when its type is missing.
    static subscript(method: Method) -> PyPointer? { methods[method.rawValue] }

    /// Must hold the GIL; once, before any fork.
    static func prepare() {
        guard methods.isEmpty else { return }
        deque = attribute(of: "collections", "deque")
        array = attribute(of: "array", "array")
        methods = Method.allCases.map { method in
            guard let type = method.type, let found = PyObject_GetAttrString(type, method.name) else { // new; kept
                PyErr_Clear()
                return nil
            }
            return found
        }
    }

    /// New reference (kept): `module.name`, or nil.
    private static func attribute(of module: String, _ name: String) -> PyPointer? {
        guard let imported = PyImport_ImportModule(module) else { PyErr_Clear(); return nil } // new
        defer { Py_DECREF(imported) }
        guard let found = PyObject_GetAttrString(imported, name) else { PyErr_Clear(); return nil }
        return found
    }

    /// New reference: an empty deque, bounded by `maxlen` when given.
    static func makeDeque(maxlen: Int?) -> PyPointer? {
        guard let deque else { return nil }
        guard let maxlen else { return PyObject_CallNoArgs(deque) }
        guard let empty = PyTuple_New(0), let bound = PyLong_FromLong(maxlen) else { PyErr_Clear(); return nil } // new
        defer { Py_DECREF(empty); Py_DECREF(bound) }
        return rf_call2(deque, empty, bound)
    }

    /// New reference: `array.array(typecode, [items])`.
    static func makeArray(_ value: ArrayValue) -> PyPointer? {
        guard let array, let items = numbers(value), let code = PyUnicode_FromString(value.typecode.rawValue) else { // new
            PyErr_Clear()
            return nil
        }
        defer { Py_DECREF(items); Py_DECREF(code) }
        return rf_call2(array, code, items)
    }

    /// New reference: a list of the array's numbers.
    private static func numbers(_ value: ArrayValue) -> PyPointer? {
        guard let list = PyList_New(0) else { return nil }
        let made = value.typecode.isReal ? value.reals.map { PyFloat_FromDouble($0) } : value.integers.map { PyLong_FromLong($0) }
        for number in made { // new references, released once the list holds them
            guard let number else { continue }
            PyList_Append(list, number)
            Py_DECREF(number)
        }
        return list
    }

    /// The kind of a container the harness can snapshot or mutate, or nil. OrderedDict before dict
    /// (it is one), frozenset apart from set.
    static func kind(of object: PyPointer) -> ArgumentKind? {
        if rf_list_check(object) != 0 { return .list }
        if rf_tuple_check(object) != 0 { return .tuple }
        if rf_odict_check(object) != 0 { return .ordereddict }
        if rf_dict_check(object) != 0 { return .dict }
        if rf_set_check(object) != 0 { return rf_frozenset_check(object) != 0 ? .frozenset : .set }
        let type = rf_type(object)
        if type == deque { return .deque }
        if rf_bytearray_check(object) != 0 { return .bytearray }
        if type == array { return .array }
        if rf_is_iterator(object) != 0 { return .iterator }
        return nil
    }
}
