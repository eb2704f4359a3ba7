// The file-like object: a tracked object whose write, read, readline and flush each run their next
// program and then answer as a file at its end would (write returns len(data), read and readline
// return b"", flush None), or with a generated value, or by raising a generated exception (OSError
// mid-write).
#include "internal.h"

/// Runs the next program of `method` and answers (new reference, or NULL with the exception set).
static PyObject *file_method(PyObject *self, rf_file_method method, PyObject *const *args, Py_ssize_t nargs) { // borrowed
    if (rf_tracked_check_dead(self, RF_SLOT_CALL)) Py_RETURN_NONE;
    int raised;
    PyObject *answer = rf_tracked_answer(self, method, 1, &raised);
    if (raised || answer != NULL) return answer;
    switch (method) {
    case RF_FILE_WRITE: {
        if (nargs < 1) {
            PyErr_SetString(PyExc_TypeError, "write() takes the data to write");
            return NULL;
        }
        Py_ssize_t n = PyObject_Size(args[0]); // borrowed argument
        return n < 0 ? NULL : PyLong_FromSsize_t(n);
    }
    case RF_FILE_READ:
    case RF_FILE_READLINE:
        return PyBytes_FromStringAndSize(NULL, 0); // end of file
    case RF_FILE_FLUSH:
        break;
    }
    Py_RETURN_NONE;
}

/// The METH_FASTCALL | METH_KEYWORDS function of one method (keywords are accepted and ignored).
#define RF_FILE_FUNCTION(function, method) \
    static PyObject *function(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) { \
        (void)kwnames; \
        return file_method(self, method, args, nargs); \
    }
RF_FILE_FUNCTION(file_write, RF_FILE_WRITE)
RF_FILE_FUNCTION(file_read, RF_FILE_READ)
RF_FILE_FUNCTION(file_readline, RF_FILE_READLINE)
RF_FILE_FUNCTION(file_flush, RF_FILE_FLUSH)

#define RF_FILE_METHOD(name, function, doc) {name, (PyCFunction)(void (*)(void))function, METH_FASTCALL | METH_KEYWORDS, doc}
static PyMethodDef file_methods[] = {
    RF_FILE_METHOD("write", file_write, "Runs a generated program; returns len(data) unless told otherwise."),
    RF_FILE_METHOD("read", file_read, "Runs a generated program; returns b'' unless told otherwise."),
    RF_FILE_METHOD("readline", file_readline, "Runs a generated program; returns b'' unless told otherwise."),
    RF_FILE_METHOD("flush", file_flush, "Runs a generated program; returns None unless told otherwise."),
    {NULL, NULL, 0, NULL},
};

static PyTypeObject file_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "reffuzz.File",
    .tp_basicsize = sizeof(rf_tracked_object),
    RF_TRACKED_SLOTS(rf_tracked_dealloc),
    .tp_methods = file_methods,
    .tp_doc = "A file-like object whose methods run generated programs.",
};

int rf_file_type_ready(void) { return PyType_Ready(&file_type); }

PyObject *rf_new_file(int32_t ident) { // new
    PyObject *f = (PyObject *)PyObject_New(rf_tracked_object, &file_type);
    if (f == NULL) return NULL;
    rf_tracked_init(f, RF_KIND_FILE, ident);
    return f;
}
