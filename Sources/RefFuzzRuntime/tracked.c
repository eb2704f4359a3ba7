// Canary, evil and mutator objects, and what every tracked object shares (iterator.c and file.c add
// the iterator and the file-like object).
//
// When one dies its memory is parked (not freed) until the case ends, and it is marked dead: every slot
// checks the mark first, so a use through a dangling pointer is recorded deterministically, whatever the
// allocator did meanwhile. Evil objects and mutators call back into the Swift executor to run the next
// generated mutation program, and answer as it says: usually (None, the dunder's ordinary result), with
// a generated value, or by raising a generated exception.
#include "internal.h"

static rf_tracked_object *graveyard;

void rf_tracked_init(PyObject *object, int32_t kind, int32_t ident) { // borrowed
    rf_tracked_object *t = (rf_tracked_object *)object;
    t->ident = ident;
    t->kind = kind;
    t->dead = 0;
    t->count_reported = 0;
    t->behaviours = 0;
    t->constant_hash = 0;
    t->del_ran = 0;
    memset(t->calls, 0, sizeof t->calls);
    t->next_parked = NULL;
}

static int32_t owner_of(const rf_tracked_object *t) {
    switch (t->kind) {
    case RF_KIND_MUTATOR: return RF_OWNER_MUTATOR;
    case RF_KIND_ITERATOR: return RF_OWNER_ITERATOR;
    case RF_KIND_FILE: return RF_OWNER_FILE;
    default: return RF_OWNER_EVIL;
    }
}

PyObject *rf_tracked_answer(PyObject *object, int32_t method, int may_raise, int *raised) { // new or NULL
    rf_tracked_object *t = (rf_tracked_object *)object;
    int32_t call_index = t->calls[method]++;
    return rf_program_answer(owner_of(t), t->ident, method, call_index, may_raise, raised);
}

/// The answer of an evil object's dunder `d` (new or NULL): NULL at once when it has no behaviour there.
static PyObject *evil_answer(rf_tracked_object *t, rf_dunder d, int *raised) { // new or NULL
    *raised = 0;
    if (t->kind != RF_KIND_EVIL || !(t->behaviours & (1u << d))) return NULL;
    return rf_tracked_answer((PyObject *)t, d, 1, raised);
}

int rf_tracked_check_dead(PyObject *object, rf_slot slot) { // borrowed
    rf_tracked_object *t = (rf_tracked_object *)object;
    if (!t->dead) return 0;
    rf_record(RF_EVENT_USE_AFTER_DEATH, slot, object);
    return 1;
}

void rf_tracked_park(PyObject *self, int noted) { // borrowed: the dying object, its count 0
    rf_tracked_object *t = (rf_tracked_object *)self;
    t->dead = 1;
    if (!noted) rf_note_death(self);
    t->next_parked = graveyard;
    graveyard = t;
}

void rf_tracked_dealloc(PyObject *self) { // borrowed: the dying object
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (t->dead) {
        // Its count went 0 -> 1 -> 0 after it died: somebody increfed and decrefed a dangling pointer.
        rf_record(RF_EVENT_DEALLOC_AFTER_DEATH, RF_SLOT_DEALLOC, self);
        t->count_reported = 1;
        return;
    }
    if (t->kind == RF_KIND_EVIL && (t->behaviours & (1u << RF_DUNDER_DEL)) && !t->del_ran) {
        t->del_ran = 1;
        Py_SET_REFCNT(self, 1); // resurrected while __del__ runs, as PEP 442 finalizers are
        int raised;
        rf_tracked_answer(self, RF_DUNDER_DEL, 0, &raised); // a __del__ answers nothing
        Py_SET_REFCNT(self, Py_REFCNT(self) - 1);
        if (Py_REFCNT(self) != 0) return; // the program took a reference: not dead after all
    }
    rf_tracked_park(self, 0);
}

void rf_graveyard_check(void) {
    for (rf_tracked_object *t = graveyard; t != NULL; t = t->next_parked) {
        if (Py_REFCNT((PyObject *)t) != 0 && !t->count_reported) {
            t->count_reported = 1;
            rf_record(RF_EVENT_COUNT_AFTER_DEATH, RF_SLOT_REFCOUNT, (PyObject *)t);
        }
    }
}

void rf_graveyard_sweep(void) {
    rf_tracked_object *t = graveyard;
    graveyard = NULL;
    while (t != NULL) {
        rf_tracked_object *next = t->next_parked;
        // A parked object whose count is not 0 is still referenced through a dangling pointer:
        // keep it (leaked) rather than hand that memory back.
        if (Py_REFCNT((PyObject *)t) == 0) PyObject_Free(t);
        t = next;
    }
}

PyObject *rf_tracked_repr(PyObject *self) { // borrowed self; new reference
    rf_tracked_object *t = (rf_tracked_object *)self;
    static const char *names[] = {"canary", "evil", "mutator", "iterator", "file"};
    if (rf_tracked_check_dead(self, RF_SLOT_REPR)) return PyUnicode_FromFormat("<dead %s #%d>", names[t->kind], (int)t->ident);
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_REPR, &raised);
    if (raised || answer != NULL) return answer; // PyObject_Repr checks that a generated value is a str
    return PyUnicode_FromFormat("<%s #%d>", names[t->kind], (int)t->ident);
}

/// What `__hash__` returning `answer` (stolen) makes of it, as slot_tp_hash does.
static Py_hash_t hash_of_answer(PyObject *answer) {
    if (!PyLong_Check(answer)) {
        PyErr_SetString(PyExc_TypeError, "__hash__ method should return an integer");
        Py_DECREF(answer);
        return -1;
    }
    Py_hash_t h = PyLong_AsSsize_t(answer);
    if (h == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        h = PyObject_Hash(answer); // a huge int: its own hash
    }
    Py_DECREF(answer);
    return h == -1 && !PyErr_Occurred() ? -2 : h;
}

Py_hash_t rf_tracked_hash(PyObject *self) { // borrowed
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_HASH)) return 3;
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_HASH, &raised);
    if (raised) return -1;
    if (answer != NULL) return hash_of_answer(answer);
    if (t->constant_hash) return 7;
    return (Py_hash_t)(1000003 + 1000 * t->kind + 7 * (Py_hash_t)t->ident);
}

/// Canaries and evil objects order by kind and number; mutators, iterators and files do not order.
static int orders(PyObject *o) { // borrowed
    if (!rf_is_tracked_type(o)) return 0;
    int32_t kind = ((rf_tracked_object *)o)->kind;
    return kind == RF_KIND_CANARY || kind == RF_KIND_EVIL;
}

PyObject *rf_tracked_richcompare(PyObject *self, PyObject *other, int op) { // borrowed; new reference
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_COMPARE)) Py_RETURN_NOTIMPLEMENTED;
    if (rf_is_tracked_type(other) && rf_tracked_check_dead(other, RF_SLOT_COMPARE)) Py_RETURN_NOTIMPLEMENTED;
    int ordering = (op != Py_EQ && op != Py_NE);
    int raised;
    PyObject *answer = evil_answer(t, ordering ? RF_DUNDER_LT : RF_DUNDER_EQ, &raised);
    if (raised || answer != NULL) return answer; // a lie: whatever the program says the comparison is
    if (!orders(self) || !orders(other)) Py_RETURN_NOTIMPLEMENTED;
    rf_tracked_object *u = (rf_tracked_object *)other;
    if (!ordering) {
        int same = (self == other);
        if ((op == Py_EQ) == same) Py_RETURN_TRUE;
        Py_RETURN_FALSE;
    }
    int64_t a = (int64_t)t->kind * 1000000 + t->ident, b = (int64_t)u->kind * 1000000 + u->ident;
    if (self == other) a = b;
    Py_RETURN_RICHCOMPARE(a, b, op);
}

PyObject *rf_tracked_getattro(PyObject *self, PyObject *name) { // borrowed; new reference
    rf_tracked_check_dead(self, RF_SLOT_GETATTR);
    return PyObject_GenericGetAttr(self, name);
}

int rf_tracked_setattro(PyObject *self, PyObject *name, PyObject *value) { // borrowed
    rf_tracked_check_dead(self, RF_SLOT_SETATTR);
    return PyObject_GenericSetAttr(self, name, value);
}

// MARK: - Evil objects' own dunders

static PyObject *evil_index(PyObject *self) { // borrowed self; new reference
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_INDEX)) return PyLong_FromLong(0);
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_INDEX, &raised);
    if (raised || answer != NULL) return answer; // PyNumber_Index checks that a generated value is an int
    return PyLong_FromLong(t->ident);
}

static PyObject *evil_str(PyObject *self) { // borrowed self; new reference
    rf_tracked_object *t = (rf_tracked_object *)self;
    // Without a __str__ of its own, str() is repr(), as for any object (its program runs).
    if (!(t->behaviours & (1u << RF_DUNDER_STR))) return rf_tracked_repr(self);
    if (rf_tracked_check_dead(self, RF_SLOT_STR)) return PyUnicode_FromFormat("<dead evil #%d>", (int)t->ident);
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_STR, &raised);
    if (raised || answer != NULL) return answer; // PyObject_Str checks that a generated value is a str
    return PyUnicode_FromFormat("<evil #%d>", (int)t->ident);
}

static int evil_bool(PyObject *self) { // borrowed
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_BOOL)) return 1;
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_BOOL, &raised);
    if (raised) return -1;
    if (answer == NULL) return 1;
    // As slot_nb_bool: __bool__ must return a bool.
    int truth = answer == Py_True ? 1 : answer == Py_False ? 0 : -1;
    if (truth < 0) PyErr_Format(PyExc_TypeError, "__bool__ should return bool, returned %.200s", Py_TYPE(answer)->tp_name);
    Py_DECREF(answer);
    return truth;
}

static Py_ssize_t evil_length(PyObject *self) { // borrowed
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_LENGTH)) return 0;
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_LEN, &raised);
    if (raised) return -1;
    if (answer == NULL) return 0; // it holds nothing
    // As slot_sq_length: an index, not negative, that fits.
    PyObject *index = PyNumber_Index(answer);
    Py_DECREF(answer);
    if (index == NULL) return -1;
    Py_ssize_t n = PyLong_AsSsize_t(index);
    Py_DECREF(index);
    if (n < 0 && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

static PyObject *evil_length_hint(PyObject *self, PyObject *unused) { // borrowed self; new reference
    (void)unused;
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (rf_tracked_check_dead(self, RF_SLOT_LENGTH)) Py_RETURN_NOTIMPLEMENTED;
    int raised;
    PyObject *answer = evil_answer(t, RF_DUNDER_LENGTH_HINT, &raised);
    if (raised || answer != NULL) return answer; // operator.length_hint checks a generated value
    Py_RETURN_NOTIMPLEMENTED; // no estimate
}

static PyObject *mutator_call(PyObject *self, PyObject *args, PyObject *kwargs) { // borrowed; new reference
    (void)args; (void)kwargs;
    if (rf_tracked_check_dead(self, RF_SLOT_CALL)) Py_RETURN_NONE;
    int raised;
    PyObject *answer = rf_tracked_answer(self, RF_DUNDER_CALL, 1, &raised);
    if (raised || answer != NULL) return answer; // a callable's generated value or exception
    Py_RETURN_NONE;
}

static PyNumberMethods evil_as_number = { .nb_index = evil_index, .nb_bool = evil_bool };
static PySequenceMethods evil_as_sequence = { .sq_length = evil_length };
static PyMappingMethods evil_as_mapping = { .mp_length = evil_length };
static PyMethodDef evil_hint_methods[] = {
    {"__length_hint__", evil_length_hint, METH_NOARGS, "The generated estimate, or NotImplemented."},
    {NULL, NULL, 0, NULL},
};

/// The tracked types share every slot but `number`, `sequence`/`mapping` (len), `methods`, `str` and
/// `call`. An evil object has __len__ and __length_hint__ only when its behaviours name them: a type
/// with sq_length is sized, which changes what len(), bool() and length_hint() do with it.
#define RF_TRACKED_TYPE(variable, name, number, sequence, mapping, methods, str, call, doc) \
    static PyTypeObject variable = { \
        PyVarObject_HEAD_INIT(NULL, 0) \
        .tp_name = name, \
        .tp_basicsize = sizeof(rf_tracked_object), \
        RF_TRACKED_SLOTS(rf_tracked_dealloc), \
        .tp_as_number = number, \
        .tp_as_sequence = sequence, \
        .tp_as_mapping = mapping, \
        .tp_methods = methods, \
        .tp_str = str, \
        .tp_call = call, \
        .tp_doc = doc, \
    };

#define RF_EVIL_DOC "A tracked object whose dunders run generated mutations of the call's containers."
RF_TRACKED_TYPE(canary_type, "reffuzz.Canary", NULL, NULL, NULL, NULL, NULL, NULL,
                "A tracked object: its death is recorded and any later use is seen.")
RF_TRACKED_TYPE(evil_type, "reffuzz.Evil", &evil_as_number, NULL, NULL, NULL, evil_str, NULL, RF_EVIL_DOC)
RF_TRACKED_TYPE(evil_sized_type, "reffuzz.Evil", &evil_as_number, &evil_as_sequence, &evil_as_mapping, NULL,
                evil_str, NULL, RF_EVIL_DOC)
RF_TRACKED_TYPE(evil_hinted_type, "reffuzz.Evil", &evil_as_number, NULL, NULL, evil_hint_methods, evil_str,
                NULL, RF_EVIL_DOC)
RF_TRACKED_TYPE(evil_sized_hinted_type, "reffuzz.Evil", &evil_as_number, &evil_as_sequence, &evil_as_mapping,
                evil_hint_methods, evil_str, NULL, RF_EVIL_DOC)
RF_TRACKED_TYPE(mutator_type, "reffuzz.Mutator", NULL, NULL, NULL, NULL, NULL, mutator_call,
                "A callable that runs the next generated mutation program and returns None or its answer.")

int rf_is_tracked_type(PyObject *object) { // borrowed
    return Py_TYPE(object)->tp_getattro == rf_tracked_getattro;
}

int rf_tracked_types_ready(void) {
    PyTypeObject *types[] = {&canary_type, &evil_type, &evil_sized_type, &evil_hinted_type, &evil_sized_hinted_type,
                             &mutator_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (PyType_Ready(types[i]) < 0) return -1;
    }
    if (rf_iterator_types_ready() < 0) return -1;
    return rf_file_type_ready();
}

static PyObject *new_tracked(PyTypeObject *type, int32_t kind, int32_t ident) { // new
    rf_tracked_object *t = PyObject_New(rf_tracked_object, type);
    if (t == NULL) return NULL;
    rf_tracked_init((PyObject *)t, kind, ident);
    return (PyObject *)t;
}

PyObject *rf_new_canary(int32_t ident) { return new_tracked(&canary_type, RF_KIND_CANARY, ident); }

PyObject *rf_new_evil(int32_t ident, uint32_t behaviours, int constant_hash) {
    int sized = (behaviours & (1u << RF_DUNDER_LEN)) != 0, hinted = (behaviours & (1u << RF_DUNDER_LENGTH_HINT)) != 0;
    PyTypeObject *type = sized ? (hinted ? &evil_sized_hinted_type : &evil_sized_type)
                               : (hinted ? &evil_hinted_type : &evil_type);
    PyObject *o = new_tracked(type, RF_KIND_EVIL, ident);
    if (o == NULL) return NULL;
    ((rf_tracked_object *)o)->behaviours = behaviours;
    ((rf_tracked_object *)o)->constant_hash = constant_hash;
    return o;
}

PyObject *rf_new_mutator(int32_t ident) { return new_tracked(&mutator_type, RF_KIND_MUTATOR, ident); }
