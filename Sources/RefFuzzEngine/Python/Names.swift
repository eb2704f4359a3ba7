import CPython

/// Interned method names, made once: the harness must not allocate a new str per call (see the shim).
enum Names {
    nonisolated(unsafe) private static var cache: [String: PyPointer] = [:]

    /// Borrowed (the interned name lives as long as the process). Must hold the GIL.
    static func interned(_ name: String) -> PyPointer {
        if let name = cache[name] { return name }
        let object = PyUnicode_InternFromString(name)! // new; kept forever
        cache[name] = object
        return object
    }
}
