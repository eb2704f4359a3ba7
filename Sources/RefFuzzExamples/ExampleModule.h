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

#endif
