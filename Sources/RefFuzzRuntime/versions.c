// The public C API where it differs between CPython versions: immortality (3.12+) and the
// exception state (3.12 replaced PyErr_Fetch/PyErr_Restore/PyErr_NormalizeException with one object).
// Each function picks, at compile time, the API of the headers this binary is built against.
#include "internal.h"

// MARK: - Immortal objects

int rf_is_immortal_by_incref(PyObject *object) { // borrowed
    // An incref that does not move the count: the object ignores reference counting.
    Py_ssize_t before = Py_REFCNT(object);
    Py_INCREF(object);
    int immortal = Py_REFCNT(object) == before;
    Py_DECREF(object);
    return immortal;
}

int rf_is_immortal(PyObject *object) { // borrowed
#if PY_VERSION_HEX >= 0x030C0000
    return _Py_IsImmortal(object);
#else
    return rf_is_immortal_by_incref(object); // 3.11 has no immortal objects: this says so
#endif
}

void rf_make_mortal(PyObject *object) { // borrowed
#if PY_VERSION_HEX >= 0x030C0000 && !defined(Py_GIL_DISABLED)
    // An immortal count has bit 31 of its low word set; a count far from both 0 and that bit is an
    // ordinary one that increfs and decrefs move again.
    if (_Py_IsImmortal(object)) object->ob_refcnt = (Py_ssize_t)1 << 30;
#else
    (void)object;
#endif
}

const char *rf_immortality_probe(void) {
#if PY_VERSION_HEX >= 0x030C0000
    return "_Py_IsImmortal";
#else
    return "an incref that does not move the count";
#endif
}

// MARK: - Exceptions

PyObject *rf_take_exception(void) { // new reference (or NULL): the error indicator is cleared
#if PY_VERSION_HEX >= 0x030C0000
    return PyErr_GetRaisedException(); // always a normalized exception instance
#else
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    if (type == NULL) return NULL;
    PyErr_NormalizeException(&type, &value, &traceback);
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    return value;
#endif
}

const char *rf_exception_api(void) {
#if PY_VERSION_HEX >= 0x030C0000
    return "PyErr_GetRaisedException, PyException_GetArgs";
#else
    return "PyErr_Fetch + PyErr_NormalizeException, PyBaseExceptionObject.args";
#endif
}

PyObject *rf_exception_args(PyObject *exception) { // borrowed exception; new reference to its args, or NULL
    if (exception == NULL || !PyExceptionInstance_Check(exception)) return NULL;
#if PY_VERSION_HEX >= 0x030C0000
    return PyException_GetArgs(exception); // the args tuple itself: no attribute lookup, no allocation
#else
    PyObject *args = ((PyBaseExceptionObject *)exception)->args;
    Py_XINCREF(args);
    return args;
#endif
}

const char *rf_type_name(PyObject *object) { return Py_TYPE(object)->tp_name; } // borrowed object
