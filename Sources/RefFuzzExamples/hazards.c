// refhazards: targets that crash, abort, hang or raise, to show that none of them ends a fuzz run.
// Each misbehaves only for some inputs, so that shrinking has something to do.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include "RefFuzzExamples.h"
#include "ExampleModule.h"

/// 1 when `list` (borrowed) is a list, else 0 with TypeError set.
static int check_list(PyObject *list) {
    if (PyList_Check(list)) return 1;
    PyErr_SetString(PyExc_TypeError, "expected a list");
    return 0;
}

/// segfault(list): writes through a NULL pointer when the list has at least two items.
static PyObject *segfault(PyObject *module, PyObject *list) {
    (void)module;
    if (!check_list(list)) return NULL;
    if (PyList_GET_SIZE(list) >= 2) *(volatile int *)NULL = 1;
    Py_RETURN_NONE;
}

/// abort_now(list): aborts when the list is not empty.
static PyObject *abort_now(PyObject *module, PyObject *list) {
    (void)module;
    if (!check_list(list)) return NULL;
    if (PyList_GET_SIZE(list) >= 1) abort();
    Py_RETURN_NONE;
}

/// spin(list): loops forever (holding the GIL) when the list is not empty.
static PyObject *spin(PyObject *module, PyObject *list) {
    (void)module;
    if (!check_list(list)) return NULL;
    volatile int forever = PyList_GET_SIZE(list) >= 1;
    while (forever) { }
    Py_RETURN_NONE;
}

/// raise_error(list): always raises ValueError (correct: an exception is not a finding).
static PyObject *raise_error(PyObject *module, PyObject *list) {
    (void)module; (void)list;
    PyErr_SetString(PyExc_ValueError, "raise_error: as documented");
    return NULL;
}

/// length(list): len(list) (correct).
static PyObject *length(PyObject *module, PyObject *list) {
    (void)module;
    if (!check_list(list)) return NULL;
    return PyLong_FromSsize_t(PyList_GET_SIZE(list));
}

static PyMethodDef hazard_methods[] = {
    {"segfault", segfault, METH_O, "Segfaults when the list has two or more items."},
    {"abort_now", abort_now, METH_O, "Aborts when the list is not empty."},
    {"spin", spin, METH_O, "Loops forever when the list is not empty."},
    {"raise_error", raise_error, METH_O, "Always raises ValueError."},
    {"length", length, METH_O, "len(list)."},
    {NULL, NULL, 0, NULL},
};

static const char *const hazard_targets[][3] = {
    {"refhazards:segfault(list)", "crash", "writes through NULL when the list has two or more items"},
    {"refhazards:abort_now(list)", "crash", "calls abort() when the list is not empty"},
    {"refhazards:spin(list)", "hang", "loops forever when the list is not empty"},
    {"refhazards:raise_error(list)", NULL, "always raises ValueError: an exception is not a finding"},
    {"refhazards:length(list)", NULL, "len(list)"},
};

static struct PyModuleDef hazards_module = {
    PyModuleDef_HEAD_INIT, "refhazards",
    "Targets that crash, abort, hang or raise: none of them ends a fuzz run.",
    -1, hazard_methods, NULL, NULL, NULL, NULL,
};

PyObject *rf_hazards_init(void) {
    return rf_module_with_targets(&hazards_module, hazard_targets, sizeof hazard_targets / sizeof hazard_targets[0]);
}
