// Dealloc hooks on the builtin containers whose freed objects go to free lists instead of the
// allocator (list, dict, tuple) and on set/frozenset.
//
// Not on float: from 3.12 the specialized float instructions (BINARY_OP_*_FLOAT, COMPARE_OP_FLOAT)
// free a float through _PyFloat_ExactDealloc without tp_dealloc, so a hook would miss the deaths
// that go to the float free list. The float free list is closed instead (rf_close_float_free_list):
// every float goes back to the allocator, whose hook sees the death (measured by `reffuzz runtime`).
//
// The death of a case object of these types is recorded; a dying case *container* is then parked: its
// elements are released exactly as its deallocator would release them, but its memory is kept, typed as
// the zombie type, until the case ends. A later use through a dangling pointer goes through the zombie's
// slots and is recorded, instead of reading a free-list object that the next PyList_New handed out again.
#include "internal.h"

typedef struct {
    PyObject *object;
    PyTypeObject *type;
    int reported;
} rf_parked_container;

#define RF_MAX_PARKED 4096
static rf_parked_container parked[RF_MAX_PARKED];
static int parked_count;

/// Releases the elements of a container that is being deallocated, keeping its memory.
/// Returns 1 when it stayed dead, 0 when the release resurrected it (someone took a new reference).
static int release_elements(PyObject *op) {
    Py_SET_REFCNT(op, 1); // alive while its elements go: their __del__ may look at it
    if (PyList_Check(op)) {
        PyList_SetSlice(op, 0, PyList_GET_SIZE(op), NULL);
    } else if (PyDict_Check(op)) {
        PyDict_Clear(op);
    } else if (PySet_Check(op)) {
        PySet_Clear(op);
    } else if (PyFrozenSet_Check(op)) {
        // PySet_Clear refuses a frozenset; a set and a frozenset are one structure, so it is cleared
        // as a set (the static type needs no reference) and is a frozenset again after.
        PyTypeObject *type = Py_TYPE(op);
        Py_SET_TYPE(op, &PySet_Type);
        PySet_Clear(op);
        Py_SET_TYPE(op, type);
    } else if (PyTuple_Check(op)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(op); i++) {
            PyObject *item = PyTuple_GET_ITEM(op, i);
            PyTuple_SET_ITEM(op, i, NULL);
            Py_XDECREF(item); // the reference the tuple owned
        }
    }
    if (PyErr_Occurred()) PyErr_Clear();
    Py_SET_REFCNT(op, Py_REFCNT(op) - 1);
    return Py_REFCNT(op) == 0;
}

static int parking_enabled = 1;
void rf_set_parking(int enabled) { parking_enabled = enabled; }

static int park(PyObject *op) { // borrowed: the dying object, its count already 0
    if (!parking_enabled || parked_count >= RF_MAX_PARKED || rf_tracked_tag(op) < 0) return 0;
    int64_t tag = rf_tracked_tag(op);
    PyObject_GC_UnTrack(op);
    // Its deallocation starts here: the items it releases die as part of it, after it.
    rf_note_death(op);
    rf_saved_exception pending = rf_exception_save();
    int dead = release_elements(op);
    rf_exception_restore(pending);
    if (!dead) {
        rf_undo_death(op, tag);
        PyObject_GC_Track(op);
        return 1; // resurrected: not a death
    }
    parked[parked_count].object = op;
    parked[parked_count].type = Py_TYPE(op);
    parked[parked_count].reported = 0;
    parked_count++;
    Py_SET_TYPE(op, rf_zombie_type);
    Py_SET_REFCNT(op, RF_PARKED_REFCNT);
    return 1;
}

void rf_container_graveyard_check(void) {
    for (int i = 0; i < parked_count; i++) {
        if (!parked[i].reported && Py_REFCNT(parked[i].object) != RF_PARKED_REFCNT) {
            parked[i].reported = 1;
            rf_record(RF_EVENT_COUNT_AFTER_DEATH, RF_SLOT_REFCOUNT, parked[i].object);
        }
    }
}

void rf_container_graveyard_sweep(void) {
    int count = parked_count;
    parked_count = 0;
    for (int i = 0; i < count; i++) {
        PyObject *op = parked[i].object;
        // Still referenced through a dangling pointer: keep it a zombie (leaked) rather than free it.
        if (Py_REFCNT(op) != RF_PARKED_REFCNT) continue;
        Py_SET_TYPE(op, parked[i].type);
        Py_SET_REFCNT(op, 1);
        Py_DECREF(op); // the real deallocation of an empty container (it is no longer tracked)
    }
}

// Only objects of the exact type are parked: a subclass's deallocation (an instance of a Python
// subclass of list, an OrderedDict, which ends in dict's deallocator) has already done its own part
// (cleared its __dict__, released its type) and cannot be run again when the case ends. Their deaths
// are noted here, and their memory goes to the allocator (a subclass never uses the free lists).
#define RF_HOOK(name, type) \
    static destructor original_##name; \
    static void hooked_##name(PyObject *op) { \
        if (Py_IS_TYPE(op, &(type)) && park(op)) return; \
        rf_note_death(op); \
        original_##name(op); \
    }

RF_HOOK(list, PyList_Type)
RF_HOOK(dict, PyDict_Type)
RF_HOOK(tuple, PyTuple_Type)
RF_HOOK(set, PySet_Type)
RF_HOOK(frozenset, PyFrozenSet_Type)

#define RF_INSTALL(name, type) \
    if (original_##name == NULL) { original_##name = (type).tp_dealloc; (type).tp_dealloc = hooked_##name; }

int rf_dealloc_hooks_install(void) {
    RF_INSTALL(list, PyList_Type)
    RF_INSTALL(dict, PyDict_Type)
    RF_INSTALL(tuple, PyTuple_Type)
    RF_INSTALL(set, PySet_Type)
    RF_INSTALL(frozenset, PyFrozenSet_Type)
    return 0;
}
