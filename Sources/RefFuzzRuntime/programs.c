// Running a harness object's generated program and taking its answer: the one way the C runtime calls
// back into the Swift executor (mutators, evil dunders, iterators, files and the overridden methods of
// the subclasses of built-in types all come here).
#include "internal.h"

static rf_program_hook program_hook;
static int program_depth;

void rf_set_program_hook(rf_program_hook hook) { program_hook = hook; }

/// Drops a saved exception (its references), for a generated raise that replaces it.
static void discard(rf_saved_exception saved) {
#if PY_VERSION_HEX >= 0x030C0000
    Py_XDECREF(saved.exception);
#else
    Py_XDECREF(saved.type);
    Py_XDECREF(saved.value);
    Py_XDECREF(saved.traceback);
#endif
}

PyObject *rf_program_answer(int32_t owner, int32_t ident, int32_t method, int32_t call_index, int may_raise,
                            int *raised) { // new reference or NULL
    *raised = 0;
    if (program_hook == NULL || program_depth > 16) return NULL;
    // A pending exception is set aside while the program runs (its steps clear their own errors).
    rf_saved_exception pending = rf_exception_save();
    program_depth++;
    PyObject *answer = program_hook(owner, ident, method, call_index);
    program_depth--;
    if (answer == NULL && PyErr_Occurred() && may_raise) {
        discard(pending); // the generated exception is the one raised now
        *raised = 1;
        return NULL;
    }
    if (PyErr_Occurred()) PyErr_Clear();
    if (answer != NULL && !may_raise) {
        Py_DECREF(answer);
        answer = NULL;
    }
    rf_exception_restore(pending);
    return answer;
}
