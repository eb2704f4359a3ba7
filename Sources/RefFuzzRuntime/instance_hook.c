// The hook the subclasses of built-in types call. Those classes are Python classes (defined once at
// start-up by the Swift executor); each overridden method first calls `hook(self, method_index)`, which
// runs the instance's next program for that method and says how to answer: NotImplemented (as the
// base type would), a generated value, or the generated exception. The instance is known by its case
// tag (it is tracked like every case object), so a dead or foreign instance just answers as its base.
#include "internal.h"

static PyObject *instance_hook(PyObject *unused, PyObject *const *args, Py_ssize_t nargs) { // borrowed args
    (void)unused;
    if (nargs != 2 || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "hook(instance, method_index)");
        return NULL;
    }
    int64_t tag = rf_tracked_tag(args[0]);
    long method = PyLong_AsLong(args[1]);
    if (tag < 0 || tag > INT32_MAX || method < 0 || method > INT32_MAX) Py_RETURN_NOTIMPLEMENTED;
    int raised;
    PyObject *answer = rf_program_answer(RF_OWNER_INSTANCE, (int32_t)tag, (int32_t)method, -1, 1, &raised);
    if (raised || answer != NULL) return answer;
    Py_RETURN_NOTIMPLEMENTED;
}

static PyMethodDef hook_def = {
    "reffuzz_instance_hook", (PyCFunction)(void (*)(void))instance_hook, METH_FASTCALL,
    "Runs the generated program of an instance's method; NotImplemented means: answer as the base type.",
};

PyObject *rf_new_instance_hook(void) { return PyCFunction_New(&hook_def, NULL); } // new
