// A test fixture compiled by the tests with the system cc (not part of RefFuzz): an extension module
// found through --module-path, with planted reference-counting bugs unlike the built-in examples, their
// correct twins, and correct functions that keep references on purpose.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/// hash_after_call(list, callback): hashes list[0] after calling callback(list) -- borrowed across the call.
static PyObject *hash_after_call(PyObject *self, PyObject *args) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    PyObject *item = PyList_GET_ITEM(list, 0); // borrowed
    PyObject *r = PyObject_CallFunctionObjArgs(callback, list, NULL);
    if (r == NULL) return NULL;
    Py_DECREF(r);
    Py_hash_t h = PyObject_Hash(item); // planted use-after-free
    if (h == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromSsize_t(h);
}

static PyObject *hash_after_call_ok(PyObject *self, PyObject *args) {
    PyObject *list, *callback;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &callback)) return NULL;
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    PyObject *item = PyList_GET_ITEM(list, 0);
    Py_INCREF(item);
    PyObject *r = PyObject_CallFunctionObjArgs(callback, list, NULL);
    if (r == NULL) { Py_DECREF(item); return NULL; }
    Py_DECREF(r);
    Py_hash_t h = PyObject_Hash(item);
    Py_DECREF(item);
    if (h == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromSsize_t(h);
}

/// set_first(list, value): list[0] = value; PyList_SetItem steals, and this one forgets to incref.
static PyObject *set_first(PyObject *self, PyObject *args) {
    PyObject *list, *value;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &value)) return NULL;
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    if (PyList_SetItem(list, 0, value) < 0) return NULL; // planted: steals a borrowed reference
    Py_RETURN_NONE;
}

static PyObject *set_first_ok(PyObject *self, PyObject *args) {
    PyObject *list, *value;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &value)) return NULL;
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    Py_INCREF(value);
    if (PyList_SetItem(list, 0, value) < 0) return NULL;
    Py_RETURN_NONE;
}

/// keys_of(dict): a list of the keys; the planted bug leaks the list when a key is a str.
static PyObject *keys_of(PyObject *self, PyObject *dict) {
    if (!PyDict_Check(dict)) { PyErr_SetString(PyExc_TypeError, "keys_of: expected a dict"); return NULL; }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_ValueError, "keys_of: str keys are not supported");
            return NULL; // planted leak of `out` (and of the keys it holds)
        }
        if (PyList_Append(out, key) < 0) { Py_DECREF(out); return NULL; }
    }
    return out;
}

static PyObject *keys_of_ok(PyObject *self, PyObject *dict) {
    if (!PyDict_Check(dict)) { PyErr_SetString(PyExc_TypeError, "keys_of: expected a dict"); return NULL; }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_ValueError, "keys_of: str keys are not supported");
            Py_DECREF(out);
            return NULL;
        }
        if (PyList_Append(out, key) < 0) { Py_DECREF(out); return NULL; }
    }
    return out;
}

/// remember(obj): keeps the last argument (correct: a cache of one, not a leak).
static PyObject *last_seen;
static PyObject *remember(PyObject *self, PyObject *obj) {
    Py_XSETREF(last_seen, Py_NewRef(obj));
    Py_RETURN_NONE;
}

/// collect(obj): appends every argument to a module-level list that never shrinks (a real leak).
static PyObject *collected;
static PyObject *collect(PyObject *self, PyObject *obj) {
    if (collected == NULL && (collected = PyList_New(0)) == NULL) return NULL;
    if (PyList_Append(collected, obj) < 0) return NULL;
    Py_RETURN_NONE;
}

/// double_up(list): appends a copy of every item, reading them through the item array it fetched first.
static PyObject *double_up(PyObject *self, PyObject *list) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "double_up: expected a list"); return NULL; }
    PyObject **items = PySequence_Fast_ITEMS(list); // the list's array: moved when the list grows
    Py_ssize_t n = PyList_GET_SIZE(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_Append(list, items[i]) < 0) return NULL; // planted: items[i] after the array moved
    }
    Py_RETURN_NONE;
}

static PyObject *double_up_ok(PyObject *self, PyObject *list) {
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "double_up: expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_Append(list, PyList_GET_ITEM(list, i)) < 0) return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"double_up", double_up, METH_O, NULL},
    {"double_up_ok", double_up_ok, METH_O, NULL},
    {"hash_after_call", hash_after_call, METH_VARARGS, NULL},
    {"hash_after_call_ok", hash_after_call_ok, METH_VARARGS, NULL},
    {"set_first", set_first, METH_VARARGS, NULL},
    {"set_first_ok", set_first_ok, METH_VARARGS, NULL},
    {"keys_of", keys_of, METH_O, NULL},
    {"keys_of_ok", keys_of_ok, METH_O, NULL},
    {"remember", remember, METH_O, NULL},
    {"collect", collect, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "plantedmod", NULL, -1, methods };

PyMODINIT_FUNC PyInit_plantedmod(void) { return PyModule_Create(&module); }
