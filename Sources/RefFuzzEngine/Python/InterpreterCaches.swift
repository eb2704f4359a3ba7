import CPython
import RefFuzzRuntime

/// Caches of the interpreter and the standard library that keep references to whatever passed through
/// them, up to a bound: the type attribute cache (4096 names, which starts out holding 4096 references
/// to None), compiled regular expressions, struct formats, ABC subclass caches... A target that merely
/// fills one looks like a leak (or, as names replace the cached None, like an over-decref of None) for
/// hundreds or thousands of calls. Before each measurement of a repeated case they are emptied, as
/// CPython's own refleak hunter (regrtest -R) empties them.
enum InterpreterCaches {
    nonisolated(unsafe) private static var clearer: PyPointer?

    /// Each cache is emptied on its own (a module that lacks one on some version skips it, the others
    /// are still emptied), with the functions every version 3.11 to 3.13 has. The type attribute cache
    /// is emptied through `rf_type_cache_reset` (`sys._clear_type_cache` is deprecated in 3.13).
    static let source = """
    def _fnmatch(module):
        cached = getattr(module, '_compile_pattern', None)
        if hasattr(cached, 'cache_clear'): cached.cache_clear()
    def _typing(module):
        for cleanup in getattr(module, '_cleanups', ()): cleanup()
    def _abc(module):
        # Classes, not metaclasses: 3.13's namespace holds ABCMeta itself, whose method is unbound.
        for value in list(vars(module).values()):
            if isinstance(value, type) and not issubclass(value, type) and hasattr(value, '_abc_caches_clear'):
                value._abc_caches_clear()
    _clearers = (
        ('re', lambda re: re.purge()),
        ('struct', lambda struct: struct._clearcache()),
        ('linecache', lambda linecache: linecache.clearcache()),
        ('urllib.parse', lambda parse: parse.clear_cache()),
        ('_strptime', lambda strptime: strptime._regex_cache.clear()),
        ('fnmatch', _fnmatch),
        ('typing', _typing),
        ('collections.abc', _abc),
    )
    def _reffuzz_clear_caches():
        import sys
        for name, clear in _clearers:
            module = sys.modules.get(name)
            if module is not None:
                try: clear(module)
                except Exception: pass
    def _reffuzz_check_caches():
        import importlib
        failed = []
        for name, clear in _clearers:
            try: clear(importlib.import_module(name))
            except Exception as e: failed.append(name + ': ' + type(e).__name__ + ': ' + str(e))
        return '; '.join(failed)
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
        checker = PyDict_GetItemString(globals, "_reffuzz_check_caches") // borrowed from `globals`, kept alive
        if clearer == nil { Py_DECREF(globals) }
    }

    nonisolated(unsafe) private static var checker: PyPointer?

    /// Imports every module whose cache is emptied and empties it: the caches this version lacks, as
    /// "module: error" (empty when every one is there), or nil when the check could not run. Runs
    /// Python code and imports modules: for `reffuzz runtime`'s child only.
    static func problems() -> String? {
        guard let checker, let result = PyObject_CallNoArgs(checker) else { PyErr_Clear(); return nil } // new
        defer { Py_DECREF(result) }
        return Python.string(result)
    }

    /// Empties the caches, then the type attribute cache (last: clearing the others looks names up).
    static func clear() {
        if let clearer, let result = PyObject_CallNoArgs(clearer) {
            Py_DECREF(result)
        } else {
            PyErr_Clear()
        }
        rf_type_cache_reset()
    }
}
