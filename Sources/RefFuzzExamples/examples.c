// refexamples: the reference-counting bugs of the literature, each with its correct twin (`*_safe`).
//
// Every function borrows its arguments and returns a new reference, or NULL with an exception set.
// Each buggy function breaks exactly one of the New / Stolen / Borrowed contracts, as commented.
// The module's extension types, with the stateful bugs of real code, are in types.c.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "RefFuzzExamples.h"
#include "ExampleModule.h"

// MARK: - Helpers

/// Checks that a METH_FASTCALL function got exactly two positional arguments.
static int two_arguments(const char *name, Py_ssize_t nargs) {
    if (nargs == 2) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes exactly 2 arguments (%zd given)", name, nargs);
    return 0;
}

/// Deletes every item of `list` (borrowed). The mutation that invalidates borrowed items.
static int delete_all(PyObject *list) {
    return PyList_SetSlice(list, 0, PyList_GET_SIZE(list), NULL);
}

/// do_something(list): empties the list and returns None.
static PyObject *do_something(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "do_something: expected a list"); return NULL; }
    if (delete_all(list) < 0) return NULL;
    Py_RETURN_NONE;
}

// MARK: - Borrowed reference used after the container that lent it was mutated

/// pop_and_print(list): borrows the last item, empties the list, then takes the item's repr.
static PyObject *pop_and_print(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, PyList_GET_SIZE(list) - 1); // borrowed from the list
    if (item == NULL) return NULL;
    if (delete_all(list) < 0) return NULL; // BUG: drops the list's reference, the only one we relied on
    return PyObject_Repr(item); // use after free unless someone else keeps the item alive
}

static PyObject *pop_and_print_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, PyList_GET_SIZE(list) - 1); // borrowed
    if (item == NULL) return NULL;
    Py_INCREF(item); // own it across the mutation
    if (delete_all(list) < 0) { Py_DECREF(item); return NULL; }
    PyObject *text = PyObject_Repr(item);
    Py_DECREF(item);
    return text;
}

/// pop_and_call(list, callback): borrows the last item, calls callback(list), then uses the item.
static PyObject *pop_and_call(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("pop_and_call", nargs)) return NULL;
    PyObject *list = args[0], *callback = args[1];
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, PyList_GET_SIZE(list) - 1); // borrowed
    if (item == NULL) return NULL;
    PyObject *r = PyObject_CallOneArg(callback, list); // BUG: the callback may drop the list's reference
    if (r == NULL) return NULL;
    Py_DECREF(r);
    return PyObject_Repr(item);
}

static PyObject *pop_and_call_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("pop_and_call_safe", nargs)) return NULL;
    PyObject *list = args[0], *callback = args[1];
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, PyList_GET_SIZE(list) - 1); // borrowed
    if (item == NULL) return NULL;
    Py_INCREF(item);
    PyObject *r = PyObject_CallOneArg(callback, list);
    if (r == NULL) { Py_DECREF(item); return NULL; }
    Py_DECREF(r);
    PyObject *text = PyObject_Repr(item);
    Py_DECREF(item);
    return text;
}

/// get_and_call(dict, callback): borrows the first value, calls callback(dict), then uses the value.
static PyObject *get_and_call(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("get_and_call", nargs)) return NULL;
    PyObject *dict = args[0], *callback = args[1];
    if (!PyDict_Check(dict)) { PyErr_SetString(PyExc_TypeError, "expected a dict"); return NULL; }
    Py_ssize_t pos = 0;
    PyObject *key, *value; // both borrowed from the dict
    if (!PyDict_Next(dict, &pos, &key, &value)) Py_RETURN_NONE;
    PyObject *r = PyObject_CallOneArg(callback, dict); // BUG: the callback may delete the entry
    if (r == NULL) return NULL;
    Py_DECREF(r);
    return PyObject_Repr(value);
}

static PyObject *get_and_call_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("get_and_call_safe", nargs)) return NULL;
    PyObject *dict = args[0], *callback = args[1];
    if (!PyDict_Check(dict)) { PyErr_SetString(PyExc_TypeError, "expected a dict"); return NULL; }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    if (!PyDict_Next(dict, &pos, &key, &value)) Py_RETURN_NONE;
    Py_INCREF(value);
    PyObject *r = PyObject_CallOneArg(callback, dict);
    if (r == NULL) { Py_DECREF(value); return NULL; }
    Py_DECREF(r);
    PyObject *text = PyObject_Repr(value);
    Py_DECREF(value);
    return text;
}

/// largest(list): the repr of the largest item, comparing with the items' own __gt__/__lt__.
static PyObject *largest(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    PyObject *best = PyList_GET_ITEM(list, 0); // borrowed
    for (Py_ssize_t i = 1; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        // BUG: a comparison can run Python code that mutates the list and frees `best` or `item`.
        int greater = PyObject_RichCompareBool(item, best, Py_GT);
        if (greater < 0) return NULL;
        if (greater) best = item;
    }
    return PyObject_Repr(best);
}

static PyObject *largest_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    if (PyList_GET_SIZE(list) == 0) Py_RETURN_NONE;
    PyObject *best = PyList_GET_ITEM(list, 0);
    Py_INCREF(best);
    for (Py_ssize_t i = 1; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i);
        Py_INCREF(item); // own both operands while Python code may run
        int greater = PyObject_RichCompareBool(item, best, Py_GT);
        if (greater < 0) { Py_DECREF(item); Py_DECREF(best); return NULL; }
        if (greater) Py_SETREF(best, item);
        else Py_DECREF(item);
    }
    PyObject *text = PyObject_Repr(best);
    Py_DECREF(best);
    return text;
}

// MARK: - Leaks

/// first_incref(list): the repr of the first item; takes a reference it never gives back.
static PyObject *first_incref(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, 0); // borrowed
    if (item == NULL) return NULL;
    Py_INCREF(item); // BUG: never released
    return PyObject_Repr(item);
}

static PyObject *first_incref_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, 0);
    if (item == NULL) return NULL;
    Py_INCREF(item);
    PyObject *text = PyObject_Repr(item);
    Py_DECREF(item);
    return text;
}

/// sum_items(list): the sum of the items, TypeError on a non-int.
static PyObject *sum_items(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *total = PyLong_FromLong(0); // new
    if (total == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        if (!PyLong_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "sum_items: not an int");
            return NULL; // BUG: the early return leaks `total`
        }
        PyObject *next = PyNumber_Add(total, item); // new
        Py_DECREF(total);
        if (next == NULL) return NULL;
        total = next;
    }
    return total;
}

static PyObject *sum_items_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *total = PyLong_FromLong(0);
    if (total == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i);
        if (!PyLong_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "sum_items: not an int");
            Py_DECREF(total);
            return NULL;
        }
        PyObject *next = PyNumber_Add(total, item);
        Py_DECREF(total);
        if (next == NULL) return NULL;
        total = next;
    }
    return total;
}

/// subtract(a, b): a - b, going through C longs.
static PyObject *subtract(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("subtract", nargs)) return NULL;
    long a = PyLong_AsLong(args[0]);
    if (a == -1 && PyErr_Occurred()) return NULL;
    long b = PyLong_AsLong(args[1]);
    if (b == -1 && PyErr_Occurred()) return NULL;
    // BUG: both new references are passed straight into the call and never released.
    return PyNumber_Subtract(PyLong_FromLong(a), PyLong_FromLong(b));
}

static PyObject *subtract_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_arguments("subtract_safe", nargs)) return NULL;
    long a = PyLong_AsLong(args[0]);
    if (a == -1 && PyErr_Occurred()) return NULL;
    long b = PyLong_AsLong(args[1]);
    if (b == -1 && PyErr_Occurred()) return NULL;
    PyObject *x = PyLong_FromLong(a), *y = PyLong_FromLong(b); // new, new
    PyObject *r = (x && y) ? PyNumber_Subtract(x, y) : NULL;
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r;
}

// MARK: - Over-decrefs

/// describe(obj): repr(obj), then releases a reference it was only lent.
static PyObject *describe(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *text = PyObject_Repr(obj);
    Py_DECREF(obj); // BUG: `obj` is borrowed from the caller
    return text;
}

static PyObject *describe_safe(PyObject *module, PyObject *obj) {
    (void)module;
    return PyObject_Repr(obj);
}

/// wrap(obj): the 1-tuple (obj,).
static PyObject *wrap(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *tuple = PyTuple_New(1);
    if (tuple == NULL) return NULL;
    Py_INCREF(obj);
    PyTuple_SetItem(tuple, 0, obj); // steals the reference just taken
    Py_DECREF(obj); // BUG: that reference belongs to the tuple now
    return tuple;
}

static PyObject *wrap_safe(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *tuple = PyTuple_New(1);
    if (tuple == NULL) return NULL;
    Py_INCREF(obj);
    PyTuple_SetItem(tuple, 0, obj); // steals it
    return tuple;
}

/// first_item(list): list[0].
static PyObject *first_item(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, 0); // borrowed
    return item; // BUG: returned as if it were a new reference
}

static PyObject *first_item_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    PyObject *item = PyList_GetItem(list, 0);
    Py_XINCREF(item); // a new reference for the caller
    return item;
}

// MARK: - Exception contract

/// last_or_null(list): list[-1].
static PyObject *last_or_null(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n == 0) return NULL; // BUG: NULL without an exception
    PyObject *item = PyList_GET_ITEM(list, n - 1);
    Py_INCREF(item);
    return item;
}

static PyObject *last_or_null_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!PyList_Check(list)) { PyErr_SetString(PyExc_TypeError, "expected a list"); return NULL; }
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n == 0) { PyErr_SetString(PyExc_IndexError, "last_or_null: empty list"); return NULL; }
    PyObject *item = PyList_GET_ITEM(list, n - 1);
    Py_INCREF(item);
    return item;
}

// MARK: - Module

static PyMethodDef example_methods[] = {
    {"do_something", do_something, METH_O, "do_something(list): delete every item."},
    {"pop_and_print", pop_and_print, METH_O, "BUG use-after-free: borrow list[-1], empty the list, repr the item."},
    {"pop_and_print_safe", pop_and_print_safe, METH_O, "Twin of pop_and_print: owns the item."},
    {"pop_and_call", (PyCFunction)(void (*)(void))pop_and_call, METH_FASTCALL, "BUG use-after-free: borrow list[-1], call callback(list), repr the item."},
    {"pop_and_call_safe", (PyCFunction)(void (*)(void))pop_and_call_safe, METH_FASTCALL, "Twin of pop_and_call."},
    {"get_and_call", (PyCFunction)(void (*)(void))get_and_call, METH_FASTCALL, "BUG use-after-free: borrow the first value, call callback(dict), repr the value."},
    {"get_and_call_safe", (PyCFunction)(void (*)(void))get_and_call_safe, METH_FASTCALL, "Twin of get_and_call."},
    {"largest", largest, METH_O, "BUG use-after-free: borrowed items across comparisons that may run Python code."},
    {"largest_safe", largest_safe, METH_O, "Twin of largest."},
    {"first_incref", first_incref, METH_O, "BUG leak: incref without decref."},
    {"first_incref_safe", first_incref_safe, METH_O, "Twin of first_incref."},
    {"sum_items", sum_items, METH_O, "BUG leak: the early error return leaks the running total."},
    {"sum_items_safe", sum_items_safe, METH_O, "Twin of sum_items."},
    {"subtract", (PyCFunction)(void (*)(void))subtract, METH_FASTCALL, "BUG leak: nested new references passed straight into another call."},
    {"subtract_safe", (PyCFunction)(void (*)(void))subtract_safe, METH_FASTCALL, "Twin of subtract."},
    {"describe", describe, METH_O, "BUG over-decref: decref of a borrowed argument."},
    {"describe_safe", describe_safe, METH_O, "Twin of describe."},
    {"wrap", wrap, METH_O, "BUG over-decref: decref of a reference PyTuple_SetItem stole."},
    {"wrap_safe", wrap_safe, METH_O, "Twin of wrap."},
    {"first_item", first_item, METH_O, "BUG over-decref: a borrowed reference returned as new."},
    {"first_item_safe", first_item_safe, METH_O, "Twin of first_item."},
    {"last_or_null", last_or_null, METH_O, "BUG bad-exception: NULL returned without an exception."},
    {"last_or_null_safe", last_or_null_safe, METH_O, "Twin of last_or_null."},
    {NULL, NULL, 0, NULL},
};

/// (spec, the kind of bug it has or None for a correct twin, one line about it)
static const char *const example_targets[][3] = {
    {"refexamples:pop_and_print(list)", "use-after-free", "borrows list[-1], empties the list with do_something, then uses the item"},
    {"refexamples:pop_and_print_safe(list)", NULL, "twin of pop_and_print: increfs the item first"},
    {"refexamples:pop_and_call(list,mutator)", "use-after-free", "borrows list[-1], calls the callback, then uses the item"},
    {"refexamples:pop_and_call_safe(list,mutator)", NULL, "twin of pop_and_call"},
    {"refexamples:get_and_call(dict,mutator)", "use-after-free", "borrows the first value (PyDict_Next), calls the callback, then uses the value"},
    {"refexamples:get_and_call_safe(dict,mutator)", NULL, "twin of get_and_call"},
    {"refexamples:largest(list)", "use-after-free", "keeps borrowed items across comparisons that can run Python code"},
    {"refexamples:largest_safe(list)", NULL, "twin of largest: owns both operands of every comparison"},
    {"refexamples:first_incref(list)", "leak", "increfs list[0] and never decrefs it"},
    {"refexamples:first_incref_safe(list)", NULL, "twin of first_incref"},
    {"refexamples:sum_items(list)", "leak", "leaks the running total on the early error return"},
    {"refexamples:sum_items_safe(list)", NULL, "twin of sum_items"},
    {"refexamples:subtract(int,int)", "leak", "PyNumber_Subtract(PyLong_FromLong(a), PyLong_FromLong(b)) leaks both"},
    {"refexamples:subtract_safe(int,int)", NULL, "twin of subtract"},
    {"refexamples:describe(any)", "over-decref", "decrefs its borrowed argument"},
    {"refexamples:describe_safe(any)", NULL, "twin of describe"},
    {"refexamples:wrap(any)", "over-decref", "decrefs the reference PyTuple_SetItem stole"},
    {"refexamples:wrap_safe(any)", NULL, "twin of wrap"},
    {"refexamples:first_item(list)", "over-decref", "returns the borrowed list[0] as a new reference"},
    {"refexamples:first_item_safe(list)", NULL, "twin of first_item"},
    {"refexamples:last_or_null(list)", "bad-exception", "returns NULL without an exception for an empty list"},
    {"refexamples:last_or_null_safe(list)", NULL, "twin of last_or_null"},
};

/// New reference: a tuple of (spec, kind or None, about) tuples, with `waiting` as a fourth item of each
/// when it is not NULL.
static PyObject *describe_targets(const char *const (*rows)[3], Py_ssize_t count, const char *waiting) {
    PyObject *all = PyTuple_New(count);
    if (all == NULL) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *row = waiting == NULL ? Py_BuildValue("(szs)", rows[i][0], rows[i][1], rows[i][2])
                                        : Py_BuildValue("(szss)", rows[i][0], rows[i][1], rows[i][2], waiting);
        if (row == NULL) { Py_DECREF(all); return NULL; }
        PyTuple_SET_ITEM(all, i, row); // steals `row`
    }
    return all;
}

static struct PyModuleDef examples_module = {
    PyModuleDef_HEAD_INIT, "refexamples",
    "Reference-counting bugs of the literature, each with its correct twin (name_safe).",
    -1, example_methods, NULL, NULL, NULL, NULL,
};

int rf_add_waiting_targets(PyObject *module, const char *const (*rows)[3], Py_ssize_t count, const char *waiting) {
    PyObject *added = describe_targets(rows, count, waiting); // new
    if (added == NULL) return -1;
    PyObject *table = PyObject_GetAttrString(module, "__reffuzz_targets__"); // new
    if (table == NULL) {
        PyErr_Clear();
        table = PyTuple_New(0);
        if (table == NULL) { Py_DECREF(added); return -1; }
    }
    PyObject *all = PySequence_Concat(table, added); // new
    Py_DECREF(table);
    Py_DECREF(added);
    if (all == NULL) return -1;
    int status = PyObject_SetAttrString(module, "__reffuzz_targets__", all);
    Py_DECREF(all);
    return status;
}

int rf_add_targets(PyObject *module, const char *const (*rows)[3], Py_ssize_t count) {
    return rf_add_waiting_targets(module, rows, count, NULL);
}

PyObject *rf_module_with_targets(struct PyModuleDef *definition, const char *const (*rows)[3], Py_ssize_t count) {
    PyObject *m = PyModule_Create(definition);
    if (m == NULL) return NULL;
    if (rf_add_targets(m, rows, count) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/// The functions' rows first, then the types' (types.c), then those of the data classes and kinds of
/// Reach I (reach_values.c, reach_kinds.c).
PyObject *rf_examples_init(void) {
    PyObject *m = rf_module_with_targets(&examples_module, example_targets, sizeof example_targets / sizeof example_targets[0]);
    if (m == NULL) return NULL;
    if (rf_add_example_types(m) < 0 || rf_add_reach_values(m) < 0 || rf_add_reach_kinds(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
