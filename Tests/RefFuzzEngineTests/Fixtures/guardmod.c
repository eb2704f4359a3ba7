// A test fixture compiled by the tests with the system cc (not part of RefFuzz): stale pointers into
// storage that holds no objects (a bytearray's buffer, scratch memory from PyMem_Malloc), which only
// the guard-page mode sees, each next to its correct twin. Every function borrows its arguments and
// returns a new reference (or NULL with an exception set).
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/// Sums `n` bytes through `data` with volatile reads (the reads are the point).
static long sum_bytes(const char *data, Py_ssize_t n) {
    long sum = 0;
    for (Py_ssize_t i = 0; i < n; i++) sum += ((const volatile char *)data)[i];
    return sum;
}

/// keep_in_list(list, callback): puts a new 48-byte bytearray at the end of the list (the list holds
/// its only reference), takes a pointer to its buffer, calls callback(list), then sums the buffer
/// through that pointer: freed if the callback removed the bytearray from the list.
static PyObject *keep_in_list(PyObject *self, PyObject *args) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    PyObject *buffer = PyByteArray_FromStringAndSize(NULL, 48); // new
    if (buffer == NULL) return NULL;
    memset(PyByteArray_AS_STRING(buffer), 1, 48);
    int failed = PyList_Append(list, buffer);
    Py_DECREF(buffer); // the list keeps it alive
    if (failed) return NULL;
    const char *data = PyByteArray_AS_STRING(buffer); // planted: kept across the callback
    PyObject *r = PyObject_CallOneArg(callback, list); // new
    if (r == NULL) return NULL;
    Py_DECREF(r);
    return PyLong_FromLong(sum_bytes(data, 48));
}

/// The twin: holds its own reference to the bytearray across the callback, and fetches the pointer after.
static PyObject *keep_in_list_ok(PyObject *self, PyObject *args) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    PyObject *buffer = PyByteArray_FromStringAndSize(NULL, 48); // new, held until the end
    if (buffer == NULL) return NULL;
    memset(PyByteArray_AS_STRING(buffer), 1, 48);
    if (PyList_Append(list, buffer) < 0) { Py_DECREF(buffer); return NULL; }
    PyObject *r = PyObject_CallOneArg(callback, list); // new
    if (r == NULL) { Py_DECREF(buffer); return NULL; }
    Py_DECREF(r);
    long sum = sum_bytes(PyByteArray_AS_STRING(buffer), PyByteArray_GET_SIZE(buffer));
    Py_DECREF(buffer);
    return PyLong_FromLong(sum);
}

/// grow_and_read(list, callback): an encoder writing a byte per item of the list into a bytearray
/// sized for the list as it was, growing it when the callback (called before each item, like a
/// `default` hook) made the list longer; it finally reads its header byte through the pointer taken
/// at the start: freed once a growth moved the buffer.
static PyObject *grow(PyObject *args, int refetch) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    PyObject *out = PyByteArray_FromStringAndSize(NULL, n + 1); // new
    if (out == NULL) return NULL;
    char *start = PyByteArray_AS_STRING(out); // planted (refetch == 0): kept across the growth
    start[0] = 42;
    Py_ssize_t used = 1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list) && i < 64; i++) {
        PyObject *r = PyObject_CallOneArg(callback, list); // new
        if (r == NULL) { Py_DECREF(out); return NULL; }
        Py_DECREF(r);
        if (used + 1 > PyByteArray_GET_SIZE(out) && PyByteArray_Resize(out, 2 * (used + 1)) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        PyByteArray_AS_STRING(out)[used++] = (char)i;
    }
    if (refetch) start = PyByteArray_AS_STRING(out);
    long header = ((const volatile char *)start)[0];
    Py_DECREF(out);
    return PyLong_FromLong(header);
}

static PyObject *grow_and_read(PyObject *self, PyObject *args) { return grow(args, 0); }
static PyObject *grow_and_read_ok(PyObject *self, PyObject *args) { return grow(args, 1); }

/// sum_ints(list): copies the list's ints into scratch memory (PyMem_Malloc) and sums them; on an item
/// that is not an int, the error path frees the scratch memory and then reads its count for the message.
typedef struct {
    Py_ssize_t count;
    long values[];
} int_scratch;

static PyObject *sum(PyObject *list, int ok) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "sum_ints: expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    int_scratch *scratch = PyMem_Malloc(sizeof(int_scratch) + (size_t)(n + 1) * sizeof(long));
    if (scratch == NULL) return PyErr_NoMemory();
    scratch->count = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        long value = PyLong_CheckExact(item) ? PyLong_AsLong(item) : -1;
        if (!PyLong_CheckExact(item) || (value == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            Py_ssize_t at = ok ? scratch->count : 0;
            PyMem_Free(scratch);
            if (!ok) at = ((volatile int_scratch *)scratch)->count; // planted: read after the free
            PyErr_Format(PyExc_TypeError, "sum_ints: item %zd is not a small int", at);
            return NULL;
        }
        scratch->values[scratch->count++] = value;
    }
    long total = 0;
    for (Py_ssize_t i = 0; i < scratch->count; i++) total += scratch->values[i];
    PyMem_Free(scratch);
    return PyLong_FromLong(total);
}

static PyObject *sum_ints(PyObject *self, PyObject *list) { return sum(list, 0); }
static PyObject *sum_ints_ok(PyObject *self, PyObject *list) { return sum(list, 1); }

/// lookup_after_free(list): like sum_ints, but on an item that is not an int the error path frees a
/// table of offsets and then follows the first one: the poison of a freed block sends it far away (a
/// crash without guard pages; with them, the read of the freed table is the finding).
static const char names[16] = "abcdefghijklmno";

static PyObject *lookup(PyObject *list, int ok) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "lookup_after_free: expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    Py_ssize_t *offsets = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (offsets == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i <= n; i++) offsets[i] = i % 16;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyLong_CheckExact(PyList_GET_ITEM(list, i))) {
            Py_ssize_t at = ok ? offsets[0] : 0;
            PyMem_Free(offsets);
            if (!ok) at = ((volatile Py_ssize_t *)offsets)[0]; // planted: read after the free
            char name = ((const volatile char *)names)[at];
            PyErr_Format(PyExc_TypeError, "lookup_after_free: item %c is not an int", name);
            return NULL;
        }
    }
    PyMem_Free(offsets);
    Py_RETURN_NONE;
}

static PyObject *lookup_after_free(PyObject *self, PyObject *list) { return lookup(list, 0); }
static PyObject *lookup_after_free_ok(PyObject *self, PyObject *list) { return lookup(list, 1); }

/// read_past_end(list): reads the byte just past a scratch buffer of 16 bytes per item (an overflow by
/// one); the twin reads its last byte.
static PyObject *read_end(PyObject *list, Py_ssize_t past) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "read_past_end: expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n == 0) Py_RETURN_NONE;
    char *buffer = PyMem_Malloc((size_t)n * 16);
    if (buffer == NULL) return PyErr_NoMemory();
    memset(buffer, 3, (size_t)n * 16);
    long value = ((volatile char *)buffer)[n * 16 - 1 + past]; // planted (past == 1): one past the end
    PyMem_Free(buffer);
    return PyLong_FromLong(value);
}

static PyObject *read_past_end(PyObject *self, PyObject *list) { return read_end(list, 1); }
static PyObject *read_past_end_ok(PyObject *self, PyObject *list) { return read_end(list, 0); }

/// churn_and_read(list): a parser's scratch memory, one small block per token, 200 tokens: the last
/// block is freed and then read (the 200th block of one allocation site in one call, past the share of
/// blocks a site has guarded in full); the twin reads it first.
static PyObject *churn(PyObject *list, int ok) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "churn_and_read: expected a list"); return NULL; }
    long total = 0;
    for (int k = 0; k < 200; k++) {
        long *token = PyMem_Malloc(4 * sizeof(long));
        if (token == NULL) return PyErr_NoMemory();
        token[0] = k;
        if (ok || k < 199) total += token[0];
        PyMem_Free(token);
        if (!ok && k == 199) total += ((volatile long *)token)[0]; // planted: read after the free
    }
    return PyLong_FromLong(total);
}

static PyObject *churn_and_read(PyObject *self, PyObject *list) { return churn(list, 0); }
static PyObject *churn_and_read_ok(PyObject *self, PyObject *list) { return churn(list, 1); }

/// keep_bytearray(any, callback): given a bytearray, takes a pointer to its buffer, calls
/// callback(arg), then sums the buffer's old length through that pointer: stale if the callback resized
/// or cleared the bytearray. Anything else: None.
static PyObject *keep(PyObject *args, int refetch) {
    PyObject *buffer, *callback;
    if (!PyArg_ParseTuple(args, "OO", &buffer, &callback)) return NULL;
    if (!PyByteArray_Check(buffer)) Py_RETURN_NONE;
    Py_ssize_t n = PyByteArray_GET_SIZE(buffer);
    const char *data = PyByteArray_AS_STRING(buffer); // planted (refetch == 0): kept across the callback
    PyObject *r = PyObject_CallOneArg(callback, buffer); // new
    if (r == NULL) return NULL;
    Py_DECREF(r);
    if (refetch) {
        data = PyByteArray_AS_STRING(buffer);
        if (n > PyByteArray_GET_SIZE(buffer)) n = PyByteArray_GET_SIZE(buffer);
    }
    return PyLong_FromLong(sum_bytes(data, n));
}

static PyObject *keep_bytearray(PyObject *self, PyObject *args) { return keep(args, 0); }
static PyObject *keep_bytearray_ok(PyObject *self, PyObject *args) { return keep(args, 1); }

/// leak_if_bytearray(any): leaks a reference to a bytearray argument (and to nothing else), so a test
/// can tell whether the harness passes real bytearrays.
static PyObject *leak_if_bytearray(PyObject *self, PyObject *value) {
    if (PyByteArray_Check(value)) Py_INCREF(value);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"keep_in_list", keep_in_list, METH_VARARGS, "keep_in_list(list, callback)"},
    {"keep_in_list_ok", keep_in_list_ok, METH_VARARGS, "keep_in_list_ok(list, callback)"},
    {"grow_and_read", grow_and_read, METH_VARARGS, "grow_and_read(list, callback)"},
    {"grow_and_read_ok", grow_and_read_ok, METH_VARARGS, "grow_and_read_ok(list, callback)"},
    {"sum_ints", sum_ints, METH_O, "sum_ints(list)"},
    {"sum_ints_ok", sum_ints_ok, METH_O, "sum_ints_ok(list)"},
    {"lookup_after_free", lookup_after_free, METH_O, "lookup_after_free(list)"},
    {"read_past_end", read_past_end, METH_O, "read_past_end(list)"},
    {"churn_and_read", churn_and_read, METH_O, "churn_and_read(list)"},
    {"churn_and_read_ok", churn_and_read_ok, METH_O, "churn_and_read_ok(list)"},
    {"lookup_after_free_ok", lookup_after_free_ok, METH_O, "lookup_after_free_ok(list)"},
    {"read_past_end_ok", read_past_end_ok, METH_O, "read_past_end_ok(list)"},
    {"keep_bytearray", keep_bytearray, METH_VARARGS, "keep_bytearray(buffer, callback)"},
    {"keep_bytearray_ok", keep_bytearray_ok, METH_VARARGS, "keep_bytearray_ok(buffer, callback)"},
    {"leak_if_bytearray", leak_if_bytearray, METH_O, "leak_if_bytearray(value)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "guardmod", NULL, -1, methods};

PyMODINIT_FUNC PyInit_guardmod(void) { return PyModule_Create(&module); }
