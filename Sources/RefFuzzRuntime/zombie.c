// The zombie type. Freed allocator blocks are filled with its address, so in a freed object both the
// reference count (a huge positive number: decrefs never reach zero) and the type pointer read as
// "zombie"; any use through a type slot lands here and is recorded, and the caller gets a harmless
// answer instead of garbage.
//
// A pointer *read from* freed memory (a stale item array kept across a list resize, say) is the zombie
// type itself. So that its use is seen too, the zombie type's own type is a metatype whose slots
// record the use, and its reference count is watched: it changes only when such a pointer is increfed.
#define _GNU_SOURCE 1
#include <string.h>
#include <sys/mman.h>
#include "internal.h"

static void zombie_use(PyObject *self, rf_slot slot) { rf_record(RF_EVENT_ZOMBIE_USE, slot, self); }

static void zombie_dealloc(PyObject *self) { zombie_use(self, RF_SLOT_DEALLOC); }
static PyObject *zombie_repr(PyObject *self) {
    zombie_use(self, RF_SLOT_REPR);
    return PyUnicode_FromString("<freed object>");
}
static PyObject *zombie_str(PyObject *self) {
    zombie_use(self, RF_SLOT_STR);
    return PyUnicode_FromString("<freed object>");
}
static Py_hash_t zombie_hash(PyObject *self) { zombie_use(self, RF_SLOT_HASH); return 5; }
static PyObject *zombie_richcompare(PyObject *self, PyObject *other, int op) {
    (void)other; (void)op;
    zombie_use(self, RF_SLOT_COMPARE);
    Py_RETURN_NOTIMPLEMENTED;
}
static PyObject *zombie_getattro(PyObject *self, PyObject *name) {
    (void)name;
    zombie_use(self, RF_SLOT_GETATTR);
    PyErr_SetString(PyExc_AttributeError, "reffuzz: attribute of a freed object");
    return NULL;
}
static int zombie_setattro(PyObject *self, PyObject *name, PyObject *value) {
    (void)name; (void)value;
    zombie_use(self, RF_SLOT_SETATTR);
    PyErr_SetString(PyExc_AttributeError, "reffuzz: attribute of a freed object");
    return -1;
}
static PyObject *zombie_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    (void)args; (void)kwargs;
    zombie_use(self, RF_SLOT_CALL);
    PyErr_SetString(PyExc_TypeError, "reffuzz: call of a freed object");
    return NULL;
}
static PyObject *zombie_iter(PyObject *self) {
    zombie_use(self, RF_SLOT_ITER);
    PyErr_SetString(PyExc_TypeError, "reffuzz: iteration of a freed object");
    return NULL;
}
static PyObject *zombie_unary(PyObject *self) {
    zombie_use(self, RF_SLOT_NUMBER);
    PyErr_SetString(PyExc_TypeError, "reffuzz: arithmetic on a freed object");
    return NULL;
}
static PyObject *zombie_binary(PyObject *a, PyObject *b) {
    zombie_use(Py_TYPE(a) == rf_zombie_type ? a : b, RF_SLOT_NUMBER);
    Py_RETURN_NOTIMPLEMENTED;
}
static int zombie_bool(PyObject *self) { zombie_use(self, RF_SLOT_BOOL); return 0; }
static Py_ssize_t zombie_length(PyObject *self) { zombie_use(self, RF_SLOT_LENGTH); return 0; }
static PyObject *zombie_item(PyObject *self, Py_ssize_t i) {
    (void)i;
    zombie_use(self, RF_SLOT_ITEM);
    PyErr_SetString(PyExc_IndexError, "reffuzz: item of a freed object");
    return NULL;
}
static PyObject *zombie_subscript(PyObject *self, PyObject *key) {
    (void)key;
    zombie_use(self, RF_SLOT_ITEM);
    PyErr_SetString(PyExc_KeyError, "reffuzz: item of a freed object");
    return NULL;
}
static int zombie_contains(PyObject *self, PyObject *key) {
    (void)key;
    zombie_use(self, RF_SLOT_ITEM);
    return 0;
}

static PyNumberMethods zombie_as_number = {
    .nb_add = zombie_binary, .nb_subtract = zombie_binary, .nb_multiply = zombie_binary,
    .nb_remainder = zombie_binary, .nb_and = zombie_binary, .nb_or = zombie_binary, .nb_xor = zombie_binary,
    .nb_negative = zombie_unary, .nb_positive = zombie_unary, .nb_absolute = zombie_unary,
    .nb_bool = zombie_bool, .nb_int = zombie_unary, .nb_float = zombie_unary, .nb_index = zombie_unary,
};
static PySequenceMethods zombie_as_sequence = {
    .sq_length = zombie_length, .sq_item = zombie_item, .sq_contains = zombie_contains,
};
static PyMappingMethods zombie_as_mapping = { .mp_length = zombie_length, .mp_subscript = zombie_subscript };

static PyTypeObject zombie_template = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "reffuzz.FreedObject",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = zombie_dealloc,
    .tp_repr = zombie_repr,
    .tp_str = zombie_str,
    .tp_hash = zombie_hash,
    .tp_richcompare = zombie_richcompare,
    .tp_getattro = zombie_getattro,
    .tp_setattro = zombie_setattro,
    .tp_call = zombie_call,
    .tp_iter = zombie_iter,
    .tp_as_number = &zombie_as_number,
    .tp_as_sequence = &zombie_as_sequence,
    .tp_as_mapping = &zombie_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "What a freed object looks like under RefFuzz's quarantine.",
};

static PyObject *meta_repr(PyObject *self) { zombie_use(self, RF_SLOT_STALE_POINTER); return PyUnicode_FromString("<freed memory>"); }
static Py_hash_t meta_hash(PyObject *self) { zombie_use(self, RF_SLOT_STALE_POINTER); return 6; }
static PyObject *meta_richcompare(PyObject *self, PyObject *other, int op) {
    (void)other; (void)op;
    zombie_use(self, RF_SLOT_STALE_POINTER);
    Py_RETURN_NOTIMPLEMENTED;
}
static PyObject *meta_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    (void)args; (void)kwargs;
    zombie_use(self, RF_SLOT_STALE_POINTER);
    PyErr_SetString(PyExc_TypeError, "reffuzz: call through freed memory");
    return NULL;
}

/// The type of the zombie type: a subtype of `type` whose slots record that a pointer read from freed
/// memory was used as an object.
static PyTypeObject rf_zombie_meta = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "reffuzz.FreedMemory",
    .tp_base = NULL, // &PyType_Type, set before PyType_Ready (not a constant expression here)
    .tp_repr = meta_repr,
    .tp_str = meta_repr,
    .tp_hash = meta_hash,
    .tp_richcompare = meta_richcompare,
    .tp_call = meta_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "What a pointer read from freed memory points to under RefFuzz's quarantine.",
};

static Py_ssize_t zombie_refcnt_at_case_begin;

PyTypeObject *rf_zombie_type = &zombie_template;

/// Memory for the zombie type at an address whose low 32 bits read as an ordinary count (bit 31
/// clear): freed blocks are filled with this address, so the count field of a freed object holds it,
/// and from 3.12 on Py_INCREF and Py_DECREF skip an object whose count's low 32 bits are negative
/// (immortal). With the address where ASLR happens to put a static type, half the processes would see
/// no incref or decref of a freed object. NULL when no such page could be mapped.
static void *zombie_placement(size_t size) {
    size_t bytes = (size + 4095) & ~(size_t)4095;
    void *probe = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (probe == MAP_FAILED) return NULL;
    if (((uintptr_t)probe & 0x80000000u) == 0) return probe;
    munmap(probe, bytes);
    // The same 4 GiB region (near the other mappings), its lower half, at a few places.
    uintptr_t region = (uintptr_t)probe & ~(uintptr_t)0xFFFFFFFFu;
    for (uintptr_t low = 0x70000000u; low >= 0x10000000u; low -= 0x08000000u) {
        void *p = mmap((void *)(region | low), bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED) continue;
        if ((uintptr_t)p == (region | low)) return p;
        munmap(p, bytes); // a kernel that ignored the flag and took the address as a hint
    }
    return NULL;
}

void rf_zombie_place(void) {
    static int placed_once;
    if (placed_once) return;
    placed_once = 1;
    void *placed = zombie_placement(sizeof(PyTypeObject));
    if (placed != NULL) {
        memcpy(placed, &zombie_template, sizeof(PyTypeObject));
        rf_zombie_type = placed;
    }
}

int rf_zombie_ready(void) {
    rf_zombie_meta.tp_base = &PyType_Type;
    if (PyType_Ready(&rf_zombie_meta) < 0) return -1;
    rf_zombie_place(); // done already when the allocator hooks were installed
    Py_SET_TYPE(rf_zombie_type, &rf_zombie_meta);
    if (PyType_Ready(rf_zombie_type) < 0) return -1;
    // Its count is the stale-pointer detector: 3.13 makes a static type immortal when it is readied.
    rf_make_mortal((PyObject *)rf_zombie_type);
    return 0;
}

void rf_zombie_case_begin(void) { zombie_refcnt_at_case_begin = Py_REFCNT(rf_zombie_type); }

void rf_zombie_check(void) {
    if (Py_REFCNT(rf_zombie_type) != zombie_refcnt_at_case_begin) {
        rf_record(RF_EVENT_ZOMBIE_USE, RF_SLOT_STALE_POINTER, (PyObject *)rf_zombie_type);
        zombie_refcnt_at_case_begin = Py_REFCNT(rf_zombie_type);
    }
}

void rf_check_freed_pointer_uses(void) { rf_zombie_check(); }

int rf_freed_pointer_watch_works(void) {
    // The type's own count moves, and its address (a freed object's count) reads as a mortal count.
    return !rf_is_immortal_by_incref((PyObject *)rf_zombie_type) && ((uintptr_t)rf_zombie_type & 0x80000000u) == 0;
}
