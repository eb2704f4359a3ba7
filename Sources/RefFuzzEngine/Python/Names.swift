import CPython

/// Interned method names, made once: the harness must not allocate a new str per call (see the shim).
enum Names {
    nonisolated(unsafe) private static var cache: [String: PyPointer] = [:]

    /// Every name the harness calls a method by, made once in the parent: a child that made one on first
    /// use would add a reference to an interned string that a case or program may be watching.
    static let used = ["signature"]

    static func prepare() {
        used.forEach { _ = interned($0) }
        listPop = PyObject_GetAttrString(rf_list_type(), "pop") // new; kept
        dictPopItem = PyObject_GetAttrString(rf_dict_type(), "popitem") // new; kept
    }

    /// The unbound methods the harness calls (looked up once: a lookup by name on every call would
    /// replace entries of the type attribute cache, which moves the count of None).
    nonisolated(unsafe) static var listPop: PyPointer?
    nonisolated(unsafe) static var dictPopItem: PyPointer?


    /// Borrowed (the interned name lives as long as the process). Must hold the GIL.
    static func interned(_ name: String) -> PyPointer {
        if let name = cache[name] { return name }
        let object = PyUnicode_InternFromString(name)! // new; kept forever
        cache[name] = object
        return object
    }
}
