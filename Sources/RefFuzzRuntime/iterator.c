// The iterator: a tracked object holding its items until it hands them out. Each __next__ runs the
// iterator's next program, then answers: usually with its next item (the reference it held is handed
// over; StopIteration after the last), or with a generated value, or by raising. Its __length_hint__
// (only when the case gives one) answers a number that may lie. When it dies it releases the items it
// still holds, and is parked like every tracked object.
#include "internal.h"

typedef struct {
    rf_tracked_object base;
    PyObject **items; // owned references to the items not yet handed out (NULL once handed out)
    Py_ssize_t count;
    Py_ssize_t next;  // the next item to hand out
    Py_ssize_t hint;
} rf_iterator_object;

static PyObject *iterator_iter(PyObject *self) { // borrowed self; new reference (itself)
    rf_tracked_check_dead(self, RF_SLOT_ITER);
    return Py_NewRef(self);
}

static PyObject *iterator_next(PyObject *self) { // new reference, or NULL (StopIteration or the raise)
    rf_iterator_object *it = (rf_iterator_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_ITER)) return NULL;
    int raised;
    PyObject *answer = rf_tracked_answer(self, 0, 1, &raised);
    if (raised || answer != NULL) return answer; // the item stays
    if (it->next >= it->count) return NULL; // exhausted: StopIteration without an object
    PyObject *item = it->items[it->next];
    it->items[it->next] = NULL;
    it->next++;
    return item; // the iterator's reference, handed over
}

static PyObject *iterator_length_hint(PyObject *self, PyObject *unused) { // borrowed self; new reference
    (void)unused;
    if (rf_tracked_check_dead(self, RF_SLOT_LENGTH)) return PyLong_FromLong(0);
    return PyLong_FromSsize_t(((rf_iterator_object *)self)->hint);
}

/// Releases the items still held (each slot emptied before its release: a __del__ may look).
static void release_items(rf_iterator_object *it) {
    PyObject **items = it->items;
    Py_ssize_t count = it->count;
    for (Py_ssize_t i = it->next; i < count; i++) {
        PyObject *item = items[i];
        items[i] = NULL;
        it->next = i + 1;
        Py_XDECREF(item);
    }
}

static void iterator_dealloc(PyObject *self) { // borrowed: the dying iterator
    rf_iterator_object *it = (rf_iterator_object *)self;
    if (it->base.dead) {
        rf_tracked_dealloc(self); // records the dealloc after death
        return;
    }
    // Its death comes first; the items it releases die as part of it, after it.
    int64_t tag = rf_tracked_tag(self);
    rf_note_death(self);
    Py_SET_REFCNT(self, 1); // alive while its items go
    release_items(it);
    PyMem_Free(it->items);
    it->items = NULL;
    it->count = it->next = 0;
    Py_SET_REFCNT(self, Py_REFCNT(self) - 1);
    if (Py_REFCNT(self) != 0) { // resurrected by an item's __del__: not a death
        rf_undo_death(self, tag);
        return;
    }
    rf_tracked_park(self, 1);
}

static PyMethodDef hint_methods[] = {
    {"__length_hint__", iterator_length_hint, METH_NOARGS, "The generated estimate (it may lie)."},
    {NULL, NULL, 0, NULL},
};

#define RF_ITERATOR_TYPE(variable, methods) \
    static PyTypeObject variable = { \
        PyVarObject_HEAD_INIT(NULL, 0) \
        .tp_name = "reffuzz.Iterator", \
        .tp_basicsize = sizeof(rf_iterator_object), \
        RF_TRACKED_SLOTS(iterator_dealloc), \
        .tp_iter = iterator_iter, \
        .tp_iternext = iterator_next, \
        .tp_methods = methods, \
        .tp_doc = "An iterator over generated items whose __next__ runs generated programs.", \
    };

RF_ITERATOR_TYPE(iterator_type, NULL)
RF_ITERATOR_TYPE(hinted_iterator_type, hint_methods)

int rf_iterator_types_ready(void) {
    if (PyType_Ready(&iterator_type) < 0) return -1;
    return PyType_Ready(&hinted_iterator_type);
}

int rf_is_iterator(PyObject *object) { // borrowed
    return Py_IS_TYPE(object, &iterator_type) || Py_IS_TYPE(object, &hinted_iterator_type);
}

PyObject *rf_new_iterator(int32_t ident, ssize_t count, int has_hint, ssize_t hint) { // new
    PyTypeObject *type = has_hint ? &hinted_iterator_type : &iterator_type;
    rf_iterator_object *it = PyObject_New(rf_iterator_object, type);
    if (it == NULL) return NULL;
    rf_tracked_init((PyObject *)it, RF_KIND_ITERATOR, ident);
    it->count = count < 0 ? 0 : count;
    it->next = 0;
    it->hint = hint;
    it->items = PyMem_Calloc(it->count > 0 ? (size_t)it->count : 1, sizeof(PyObject *));
    if (it->items == NULL) {
        it->count = 0;
        Py_DECREF(it);
        return PyErr_NoMemory();
    }
    return (PyObject *)it;
}

void rf_iterator_set_item(PyObject *iterator, ssize_t i, PyObject *item) { // borrowed iterator; steals item
    rf_iterator_object *it = (rf_iterator_object *)iterator;
    if (i < 0 || i >= it->count) { Py_XDECREF(item); return; }
    PyObject *old = it->items[i];
    it->items[i] = item;
    Py_XDECREF(old);
}

PyObject *const *rf_iterator_items(PyObject *iterator, ssize_t *count) { // borrowed iterator and items
    rf_iterator_object *it = (rf_iterator_object *)iterator;
    *count = it->items == NULL ? 0 : it->count - it->next;
    return it->items == NULL ? NULL : it->items + it->next;
}

void rf_iterator_clear(PyObject *iterator) { release_items((rf_iterator_object *)iterator); } // borrowed
