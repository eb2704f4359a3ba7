// The example extension modules compiled into RefFuzz: `refexamples` (the classic reference-counting
// bugs of the literature and extension types with the stateful bugs of real code, each next to its
// correct twin) and `refhazards` (targets that crash, abort, hang or raise, to show that such a target
// does not end a run).
#ifndef REFFUZZ_EXAMPLES_H
#define REFFUZZ_EXAMPLES_H

typedef struct _object PyObject;

/// Module initializers for PyImport_AppendInittab. New reference: the module.
PyObject *rf_examples_init(void);
PyObject *rf_hazards_init(void);

/// Registers both modules with PyImport_AppendInittab (which keeps the name pointers: they must be
/// static strings, hence C). Call before Py_Initialize. Returns 0, or -1 on failure.
int rf_register_builtin_modules(void);

#endif
