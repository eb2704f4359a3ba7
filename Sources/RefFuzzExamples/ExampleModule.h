// What the C files of the example modules share (include after Python.h). Not part of the target's
// public header (include/RefFuzzExamples.h), which Swift sees.
#ifndef REFFUZZ_EXAMPLE_MODULE_H
#define REFFUZZ_EXAMPLE_MODULE_H

/// New reference: the module, with `rows` as its `__reffuzz_targets__` table (examples.c).
PyObject *rf_module_with_targets(struct PyModuleDef *definition, const char *const (*rows)[3], Py_ssize_t count);

/// Appends `rows` (spec, bug kind or NULL, about) to `module.__reffuzz_targets__` (borrowed module).
/// Returns 0, or -1 with an exception set.
int rf_add_targets(PyObject *module, const char *const (*rows)[3], Py_ssize_t count);

/// Appends `rows` like rf_add_targets, each with `waiting` as a fourth item: what must land before
/// `reffuzz fuzz` runs the row by default (`reffuzz targets` lists it all the same). Returns 0, or -1
/// with an exception set.
int rf_add_waiting_targets(PyObject *module, const char *const (*rows)[3], Py_ssize_t count, const char *waiting);

/// Adds refexamples' extension types (types.c) and their rows to `module` (borrowed). Returns 0, or -1
/// with an exception set.
int rf_add_example_types(PyObject *module);

/// Adds refexamples' functions for the data classes (reach_values.c) and the kinds (reach_kinds.c) of
/// Reach I, and their rows, to `module` (borrowed). Each returns 0, or -1 with an exception set.
int rf_add_reach_values(PyObject *module);
int rf_add_reach_kinds(PyObject *module);

/// The function pointer and flags of a METH_FASTCALL entry of a PyMethodDef table.
#define RF_FASTCALL(f) (PyCFunction)(void (*)(void))(f), METH_FASTCALL

/// 1 when a METH_FASTCALL function `name` got `expected` positional arguments, else 0 with a TypeError.
static inline int rf_arity(const char *name, Py_ssize_t nargs, Py_ssize_t expected) {
    if (nargs == expected) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", name, expected, nargs);
    return 0;
}

/// 1 when `ok`, else 0 with a TypeError saying that `name` expected `what`.
static inline int rf_expect(int ok, const char *name, const char *what) {
    if (ok) return 1;
    PyErr_Format(PyExc_TypeError, "%s: expected %s", name, what);
    return 0;
}

/// New reference: a tuple of `list`'s items (borrowed list), so that Python code run while walking them
/// (an __index__, a __hash__, a callback) cannot free them; NULL with a TypeError for another type.
static inline PyObject *rf_list_items(PyObject *list, const char *name) {
    return rf_expect(PyList_Check(list), name, "a list") ? PyList_AsTuple(list) : NULL;
}

#endif
