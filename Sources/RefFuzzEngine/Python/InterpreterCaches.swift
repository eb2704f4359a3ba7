import CPython

/// Caches of the interpreter and the standard library that keep references to whatever passed through
/// them, up to a bound: the type attribute cache (4096 names, which starts out holding 4096 references
/// to None), compiled regular expressions, struct formats, ABC subclass caches... A target that merely
/// fills one looks like a leak (or, as names replace the cached None, like an over-decref of None) for
/// hundreds or thousands of calls. Before each measurement of a repeated case they are emptied, as
/// CPython's own refleak hunter (regrtest -R) empties them.
enum InterpreterCaches {
    nonisolated(unsafe) private static var clearer: PyPointer?

    static let source = """
    def _reffuzz_clear_caches():
        import sys
        m = sys.modules
        if 're' in m: m['re'].purge()
        if 'struct' in m: m['struct']._clearcache()
        if 'linecache' in m: m['linecache'].clearcache()
        if 'urllib.parse' in m: m['urllib.parse'].clear_cache()
        if '_strptime' in m: m['_strptime']._regex_cache.clear()
        if 'fnmatch' in m:
            cached = getattr(m['fnmatch'], '_compile_pattern', None)
            if hasattr(cached, 'cache_clear'): cached.cache_clear()
        if 'typing' in m:
            for cleanup in getattr(m['typing'], '_cleanups', ()): cleanup()
        if 'collections.abc' in m:
            for value in list(vars(m['collections.abc']).values()):
                if isinstance(value, type) and hasattr(value, '_abc_caches_clear'): value._abc_caches_clear()
        sys._clear_type_cache()
    """

    /// Compiles the clearing function once (in the parent, before any fork). Must hold the GIL.
    static func prepare() {
        guard clearer == nil, let globals = PyDict_New() else { return } // new; kept with the function
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let result = PyRun_String(source, Py_file_input, globals, globals) else { // new
            PyErr_Clear()
            return
        }
        Py_DECREF(result)
        clearer = PyDict_GetItemString(globals, "_reffuzz_clear_caches") // borrowed from `globals`, kept alive
        if clearer == nil { Py_DECREF(globals) }
    }

    /// Empties the caches (and, if the function could not be made, at least the type cache).
    static func clear() {
        if let clearer, let result = PyObject_CallNoArgs(clearer) {
            Py_DECREF(result)
        } else {
            PyErr_Clear()
            PyType_ClearCache()
        }
    }
}
