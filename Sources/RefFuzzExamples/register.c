#include <Python.h>
#include "RefFuzzExamples.h"

int rf_register_builtin_modules(void) {
    if (PyImport_AppendInittab("refexamples", rf_examples_init) < 0) return -1;
    return PyImport_AppendInittab("refhazards", rf_hazards_init);
}
