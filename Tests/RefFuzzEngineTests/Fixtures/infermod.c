// A test fixture compiled by the tests with the system cc (not part of RefFuzz): an extension module
// whose functions and type say nothing of their arguments (no text signatures, apart from one), so
// that spec inference has to find them from a stub (infermod.pyi, copied beside the module), from a
// docstring's first line, or from probe calls. Every function is correct; `crashes` and `spins` are
// there to be skipped.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/// nothing(): METH_NOARGS, a new tuple.
static PyObject *nothing(PyObject *self, PyObject *unused) { return Py_BuildValue("(ii)", 1, 2); }

/// head(list): METH_O, list[0] or None; refuses anything but a list.
static PyObject *head(PyObject *self, PyObject *list) {
    if (!PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "head() argument must be list, not %.50s", Py_TYPE(list)->tp_name);
        return NULL;
    }
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    PyObject *item = PyList_GET_ITEM(list, 0); // borrowed
    Py_INCREF(item);
    return item;
}

/// size_of(obj): METH_O, len(obj) for anything that has one.
static PyObject *size_of(PyObject *self, PyObject *obj) {
    Py_ssize_t n = PyObject_Length(obj);
    if (n < 0) return NULL;
    return PyLong_FromSsize_t(n);
}

/// lookup(dict, key): METH_VARARGS, dict.get(key) (a new reference), the dict checked by "O!".
static PyObject *lookup(PyObject *self, PyObject *args) {
    PyObject *dict, *key;
    if (!PyArg_ParseTuple(args, "O!O", &PyDict_Type, &dict, &key)) return NULL;
    PyObject *value = PyDict_GetItemWithError(dict, key); // borrowed
    if (value == NULL) {
        if (PyErr_Occurred()) return NULL;
        Py_RETURN_NONE;
    }
    Py_INCREF(value);
    return value;
}

/// scale(n, factor[, offset]): METH_VARARGS "nd|d": an int, a float and an optional float.
static PyObject *scale(PyObject *self, PyObject *args) {
    Py_ssize_t n;
    double factor, offset = 0.0;
    if (!PyArg_ParseTuple(args, "nd|d", &n, &factor, &offset)) return NULL;
    return PyFloat_FromDouble((double)n * factor + offset);
}

/// each(list, callback): METH_VARARGS with keywords, calls callback(item) for each item of a copy.
static PyObject *each(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"items", "callback", NULL};
    PyObject *list, *callback;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O", names, &PyList_Type, &list, &callback)) return NULL;
    if (!PyCallable_Check(callback)) {
        PyErr_SetString(PyExc_TypeError, "each() argument 'callback' must be callable");
        return NULL;
    }
    PyObject *copy = PyList_GetSlice(list, 0, PyList_GET_SIZE(list)); // new
    if (copy == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(copy); i++) {
        PyObject *r = PyObject_CallOneArg(callback, PyList_GET_ITEM(copy, i));
        if (r == NULL) { Py_DECREF(copy); return NULL; }
        Py_DECREF(r);
    }
    Py_DECREF(copy);
    Py_RETURN_NONE;
}

/// joined(items, sep): a text signature says its two positional parameters; the kinds are probed.
static PyObject *joined(PyObject *self, PyObject *args) {
    PyObject *items, *sep;
    if (!PyArg_ParseTuple(args, "OU", &items, &sep)) return NULL;
    return PyUnicode_Join(sep, items);
}

/// merge_into(target, source, hook): described by infermod.pyi (a dict, a mapping, a callback).
static PyObject *merge_into(PyObject *self, PyObject *args) {
    PyObject *target, *source, *hook;
    if (!PyArg_ParseTuple(args, "OOO", &target, &source, &hook)) return NULL;
    if (PyDict_Update(target, source) < 0) return NULL;
    PyObject *r = PyObject_CallNoArgs(hook);
    if (r == NULL) return NULL;
    Py_DECREF(r);
    Py_RETURN_NONE;
}

/// described(list: borrowed, obj: borrowed) -> new bool: its docstring's first line says so.
static PyObject *described(PyObject *self, PyObject *args) {
    PyObject *list, *obj;
    if (!PyArg_ParseTuple(args, "OO", &list, &obj)) return NULL;
    int found = PySequence_Contains(list, obj); // -1 with an exception set when a comparison raises
    if (found < 0) return NULL;
    return PyBool_FromLong(found); // new
}

/// crashes(obj): dereferences NULL, whatever it is given.
static PyObject *crashes(PyObject *self, PyObject *obj) {
    volatile PyObject **nowhere = NULL;
    return (PyObject *)*nowhere;
}

/// spins(obj): never returns.
static PyObject *spins(PyObject *self, PyObject *obj) {
    for (volatile int i = 0;; i++) {}
    Py_RETURN_NONE;
}

static PyObject *private_helper(PyObject *self, PyObject *unused) { Py_RETURN_NONE; }

static PyMethodDef functions[] = {
    {"nothing", nothing, METH_NOARGS, "Returns a new tuple."},
    {"head", head, METH_O, "The first item of a list."},
    {"size_of", size_of, METH_O, "The length of anything that has one."},
    {"lookup", lookup, METH_VARARGS, "Looks a key up in a dict."},
    {"scale", scale, METH_VARARGS, "n times factor, plus offset."},
    {"each", (PyCFunction)(void (*)(void))each, METH_VARARGS | METH_KEYWORDS, "Calls a callback on each item."},
    {"joined", joined, METH_VARARGS, "joined($module, items, sep, /)\n--\n\nJoins items with sep."},
    {"merge_into", merge_into, METH_VARARGS, "Merges source into target, then calls hook."},
    {"described", described, METH_VARARGS, "described(list, obj) -> bool\n\nWhether obj is in the list."},
    {"crashes", crashes, METH_O, "Crashes."},
    {"spins", spins, METH_O, "Never returns."},
    {"_private_helper", private_helper, METH_NOARGS, "Not public."},
    {NULL, NULL, 0, NULL},
};

/// Counter(start): a running total of ints, whose merge() takes another Counter.
typedef struct {
    PyObject_HEAD
    Py_ssize_t total;
    PyObject *history; // a list of the ints added
} Counter;

static PyTypeObject CounterType;

static int counter_init(Counter *self, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"start", NULL};
    Py_ssize_t start;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n", names, &start)) return -1;
    self->total = start;
    Py_XSETREF(self->history, PyList_New(0));
    return self->history == NULL ? -1 : 0;
}

static void counter_dealloc(Counter *self) {
    Py_XDECREF(self->history);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/// add(n): METH_O, an int.
static PyObject *counter_add(Counter *self, PyObject *n) {
    Py_ssize_t value = PyNumber_AsSsize_t(n, PyExc_OverflowError);
    if (value == -1 && PyErr_Occurred()) return NULL;
    if (PyList_Append(self->history, n) < 0) return NULL;
    self->total += value;
    Py_RETURN_NONE;
}

/// merge(other): METH_O, another Counter.
static PyObject *counter_merge(Counter *self, PyObject *other) {
    if (!PyObject_TypeCheck(other, &CounterType)) {
        PyErr_Format(PyExc_TypeError, "merge() argument must be infermod.Counter, not %.50s", Py_TYPE(other)->tp_name);
        return NULL;
    }
    self->total += ((Counter *)other)->total;
    Py_RETURN_NONE;
}

/// value(): METH_NOARGS.
static PyObject *counter_value(Counter *self, PyObject *unused) { return PyLong_FromSsize_t(self->total); }

static Py_ssize_t counter_length(Counter *self) { return PyList_GET_SIZE(self->history); }

static PyObject *counter_item(Counter *self, PyObject *index) {
    Py_ssize_t i = PyNumber_AsSsize_t(index, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (i < 0 || i >= PyList_GET_SIZE(self->history)) {
        PyErr_SetString(PyExc_IndexError, "Counter index out of range");
        return NULL;
    }
    return Py_NewRef(PyList_GET_ITEM(self->history, i));
}

static PyMethodDef counter_methods[] = {
    {"add", (PyCFunction)counter_add, METH_O, "Adds an int."},
    {"merge", (PyCFunction)counter_merge, METH_O, "Adds another Counter's total."},
    {"value", (PyCFunction)counter_value, METH_NOARGS, "The total."},
    {NULL, NULL, 0, NULL},
};

static PyMappingMethods counter_mapping = {
    .mp_length = (lenfunc)counter_length,
    .mp_subscript = (binaryfunc)counter_item,
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "infermod.Counter",
    .tp_basicsize = sizeof(Counter),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A running total.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)counter_init,
    .tp_dealloc = (destructor)counter_dealloc,
    .tp_methods = counter_methods,
    .tp_as_mapping = &counter_mapping,
};

/// Sealed: a type that cannot be instantiated from Python (no tp_new).
static PyTypeObject SealedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "infermod.Sealed",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Made only by the module.",
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "infermod", "Spec inference fixture.", -1, functions};

PyMODINIT_FUNC PyInit_infermod(void) {
    if (PyType_Ready(&CounterType) < 0 || PyType_Ready(&SealedType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    PyObject *error = PyErr_NewException("infermod.Error", NULL, NULL);
    PyObject *ordered = PyImport_ImportModule("collections");
    PyObject *ordered_dict = ordered ? PyObject_GetAttrString(ordered, "OrderedDict") : NULL;
    Py_XDECREF(ordered);
    if (error == NULL || ordered_dict == NULL
        || PyModule_AddObjectRef(m, "Counter", (PyObject *)&CounterType) < 0
        || PyModule_AddObjectRef(m, "Sealed", (PyObject *)&SealedType) < 0
        || PyModule_AddObjectRef(m, "Error", error) < 0
        || PyModule_AddObjectRef(m, "OrderedDict", ordered_dict) < 0 // re-exported: skipped with a line
        || PyModule_AddIntConstant(m, "VERSION", 3) < 0) {
        Py_XDECREF(error);
        Py_XDECREF(ordered_dict);
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(error);
    Py_DECREF(ordered_dict);
    return m;
}
