// The embedded CPython as Swift sees it. glibc headers come first: a clean
// `swift build --build-tests` otherwise fails with 'fd_set ... not present in definition'.
#ifndef REFFUZZ_CPYTHON_SHIM_H
#define REFFUZZ_CPYTHON_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <signal.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>

// Macros and globals that do not import into Swift as functions.

/// The version of the headers this binary was compiled against.
static inline unsigned long rf_compiled_py_version(void) { return PY_VERSION_HEX; }

/// Sets PyConfig.program_name (a field Swift cannot pass by address next to its struct).
static inline PyStatus rf_config_set_program_name(PyConfig *config, const char *name) {
    return PyConfig_SetBytesString(config, &config->program_name, name);
}

/// Borrowed: the list, dict and object type objects.
static inline PyObject *rf_list_type(void) { return (PyObject *)&PyList_Type; }
static inline PyObject *rf_dict_type(void) { return (PyObject *)&PyDict_Type; }
static inline PyObject *rf_base_object_type(void) { return (PyObject *)&PyBaseObject_Type; }

/// Borrowed references to the singletons.
static inline PyObject *rf_none(void) { return Py_None; }
static inline PyObject *rf_true(void) { return Py_True; }
static inline PyObject *rf_false(void) { return Py_False; }
static inline PyObject *rf_ellipsis(void) { return Py_Ellipsis; }
static inline PyObject *rf_not_implemented(void) { return Py_NotImplemented; }

/// Borrowed: the type of an object (borrowed), and the OrderedDict type.
static inline PyObject *rf_type(PyObject *o) { return (PyObject *)Py_TYPE(o); }
static inline PyObject *rf_odict_type(void) { return (PyObject *)&PyODict_Type; }
static inline PyObject *rf_bytearray_type(void) { return (PyObject *)&PyByteArray_Type; }

/// Borrowed: a built-in exception type by name ("ValueError"), NULL for another name. The PyExc_
/// globals are mutable C variables, which Swift 6 does not read without a wrapper.
static inline PyObject *rf_builtin_exception(const char *name) {
    static const struct { const char *name; PyObject **type; } known[] = {
        {"ValueError", &PyExc_ValueError}, {"TypeError", &PyExc_TypeError}, {"KeyError", &PyExc_KeyError},
        {"IndexError", &PyExc_IndexError}, {"RuntimeError", &PyExc_RuntimeError}, {"OSError", &PyExc_OSError},
        {"StopIteration", &PyExc_StopIteration}, {"OverflowError", &PyExc_OverflowError},
        {"AttributeError", &PyExc_AttributeError},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].name, name) == 0) return *known[i].type;
    }
    return NULL;
}

/// Type checks of a borrowed object (no reference taken or released).
static inline int rf_list_check(PyObject *o) { return PyList_Check(o); }
static inline int rf_odict_check(PyObject *o) { return PyODict_Check(o); }
static inline int rf_frozenset_check(PyObject *o) { return PyFrozenSet_Check(o); }
static inline int rf_bytearray_check(PyObject *o) { return PyByteArray_Check(o); }
static inline int rf_dict_check(PyObject *o) { return PyDict_Check(o); }
static inline int rf_tuple_check(PyObject *o) { return PyTuple_Check(o); }
static inline int rf_set_check(PyObject *o) { return PyAnySet_Check(o); }
static inline int rf_unicode_check(PyObject *o) { return PyUnicode_Check(o); }
static inline int rf_callable_check(PyObject *o) { return PyCallable_Check(o); }
static inline int rf_type_check(PyObject *o) { return PyType_Check(o); }

/// Borrowed: the item at i, no bounds or type check (the caller checked both).
static inline PyObject *rf_list_get_item(PyObject *l, Py_ssize_t i) { return PyList_GET_ITEM(l, i); }
/// The size of a borrowed list, no checks.
static inline Py_ssize_t rf_list_size(PyObject *l) { return PyList_GET_SIZE(l); }
/// Puts `item` (stolen) at i of a tuple that is being filled, releasing what was there (NULL or a
/// placeholder), whatever its count: a tuple that holds itself was increfed by its own element.
static inline void rf_tuple_fill(PyObject *t, Py_ssize_t i, PyObject *item) {
    PyObject *old = PyTuple_GET_ITEM(t, i);
    PyTuple_SET_ITEM(t, i, item);
    Py_XDECREF(old);
}
/// Borrowed: the item at i of a tuple, no checks.
static inline PyObject *rf_tuple_get_item(PyObject *t, Py_ssize_t i) { return PyTuple_GET_ITEM(t, i); }
/// The size of a borrowed tuple, no checks.
static inline Py_ssize_t rf_tuple_size(PyObject *t) { return PyTuple_GET_SIZE(t); }

/// The reference count of a borrowed object (read only).
static inline Py_ssize_t rf_refcnt(PyObject *o) { return Py_REFCNT(o); }

/// The reference counts of `n` borrowed objects, into `out` (read only).
static inline void rf_refcnts(PyObject *const *objects, Py_ssize_t n, Py_ssize_t *out) {
    for (Py_ssize_t i = 0; i < n; i++) out[i] = Py_REFCNT(objects[i]);
}

/// New reference: object.name() / object.name(arg), `object`, `name` and `arg` borrowed. Varargs C
/// functions do not import into Swift, and
/// the name is passed as an interned str made once: PyObject_CallMethod would make a new str per call,
/// which the type attribute cache keeps (a live block per call: a leak the harness must not cause).
static inline PyObject *rf_call_method0(PyObject *object, PyObject *name) {
    PyObject *args[1] = { object };
    return PyObject_VectorcallMethod(name, args, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
static inline PyObject *rf_call_method_object(PyObject *object, PyObject *name, PyObject *arg) {
    PyObject *args[2] = { object, arg };
    return PyObject_VectorcallMethod(name, args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/// New reference: descriptor(self) / descriptor(self, n) for an unbound method descriptor such as
/// list.pop (`descriptor` and `self` borrowed): no attribute lookup by name, so the type attribute
/// cache is not touched.
static inline PyObject *rf_call_unbound0(PyObject *descriptor, PyObject *self) {
    PyObject *args[1] = { self };
    return PyObject_Vectorcall(descriptor, args, 1, NULL);
}
static inline PyObject *rf_call_unbound_ssize(PyObject *descriptor, PyObject *self, Py_ssize_t n) {
    PyObject *number = PyLong_FromSsize_t(n);
    if (number == NULL) return NULL;
    PyObject *args[2] = { self, number };
    PyObject *result = PyObject_Vectorcall(descriptor, args, 2, NULL);
    Py_DECREF(number);
    return result;
}

/// New reference: descriptor(self, arg) / descriptor(self, a, b) (all borrowed), as rf_call_unbound0.
static inline PyObject *rf_call_unbound1(PyObject *descriptor, PyObject *self, PyObject *arg) {
    PyObject *args[2] = { self, arg };
    return PyObject_Vectorcall(descriptor, args, 2, NULL);
}
static inline PyObject *rf_call_unbound2(PyObject *descriptor, PyObject *self, PyObject *a, PyObject *b) {
    PyObject *args[3] = { self, a, b };
    return PyObject_Vectorcall(descriptor, args, 3, NULL);
}
/// New reference: callable(a, b) (all borrowed).
static inline PyObject *rf_call2(PyObject *callable, PyObject *a, PyObject *b) {
    PyObject *args[2] = { a, b };
    return PyObject_Vectorcall(callable, args, 2, NULL);
}

/// Borrowed (or NULL, no exception set): the attribute `name` (borrowed) of `type` (borrowed) as its
/// MRO holds it, no descriptor invoked: how a stateful target's methods are looked up once per run.
static inline PyObject *rf_type_lookup(PyObject *type, PyObject *name) {
    return _PyType_Lookup((PyTypeObject *)type, name);
}
/// 1 when `attribute` (borrowed), found on a type, is called with the instance first: a Python
/// function, a method descriptor (a C method) or a slot wrapper (a C dunder).
static inline int rf_takes_instance_first(PyObject *attribute) {
    return PyFunction_Check(attribute) || Py_IS_TYPE(attribute, &PyMethodDescr_Type)
        || Py_IS_TYPE(attribute, &PyWrapperDescr_Type);
}
/// 1 when `attribute` (borrowed), found on a type, is a method its instances can call: callable, or
/// a descriptor that binds (a classmethod), never a data descriptor (a property, a member).
static inline int rf_is_method_attribute(PyObject *attribute) {
    if (Py_TYPE(attribute)->tp_descr_set != NULL) return 0;
    return PyCallable_Check(attribute) || Py_TYPE(attribute)->tp_descr_get != NULL;
}
/// New reference (or NULL with an exception set): `attribute` (borrowed) bound to `instance`
/// (borrowed) through its type's __get__ (a classmethod, a staticmethod), or `attribute` itself when
/// it is no descriptor.
static inline PyObject *rf_bind(PyObject *attribute, PyObject *instance) {
    descrgetfunc get = Py_TYPE(attribute)->tp_descr_get;
    if (get == NULL) { Py_INCREF(attribute); return attribute; }
    return get(attribute, instance, (PyObject *)Py_TYPE(instance));
}

/// mmap of anonymous memory shared with forked children (MAP_SHARED | MAP_ANONYMOUS are macros).
#include <sys/mman.h>
static inline void *rf_shared_memory(size_t size) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}
static inline void rf_shared_memory_free(void *p, size_t size) { munmap(p, size); }

/// wait(2) status macros.
static inline int rf_wexitstatus(int s) { return WEXITSTATUS(s); }
static inline int rf_wifsignaled(int s) { return WIFSIGNALED(s); }
static inline int rf_wtermsig(int s) { return WTERMSIG(s); }

#endif
