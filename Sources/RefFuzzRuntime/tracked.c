// Canary, evil and mutator objects: the harness's own objects.
//
// When one dies its memory is parked (not freed) until the case ends, and it is marked dead: every slot
// checks the mark first, so a use through a dangling pointer is recorded deterministically, whatever the
// allocator did meanwhile. Evil objects and mutators call back into the Swift executor to run the next
// generated mutation program.
#include "internal.h"

enum { RF_KIND_CANARY = 0, RF_KIND_EVIL = 1, RF_KIND_MUTATOR = 2 };

typedef struct rf_tracked_object {
    PyObject_HEAD
    int32_t ident;
    int32_t kind;
    int32_t dead;
    int32_t count_reported;
    uint32_t behaviours;
    int32_t constant_hash;
    int32_t del_ran;
    int32_t calls[RF_DUNDER_COUNT];
    struct rf_tracked_object *next_parked; // graveyard link, not a reference
} rf_tracked_object;

static rf_program_hook program_hook;
static int program_depth;
static rf_tracked_object *graveyard;

void rf_set_program_hook(rf_program_hook hook) { program_hook = hook; }

/// Runs the next program of `t` for `dunder`, keeping any pending exception intact.
static void run_program(rf_tracked_object *t, rf_dunder dunder) {
    int32_t call_index = t->calls[dunder]++;
    if (program_hook == NULL || program_depth > 16) return;
    rf_saved_exception pending = rf_exception_save();
    program_depth++;
    program_hook(t->kind == RF_KIND_MUTATOR ? RF_OWNER_MUTATOR : RF_OWNER_EVIL, t->ident, dunder, call_index);
    program_depth--;
    if (PyErr_Occurred()) PyErr_Clear();
    rf_exception_restore(pending);
}

/// Records a use of `t` if it is dead; returns 1 when it was.
static int check_dead(rf_tracked_object *t, rf_slot slot) {
    if (!t->dead) return 0;
    rf_record(RF_EVENT_USE_AFTER_DEATH, slot, (PyObject *)t);
    return 1;
}

static void tracked_dealloc(PyObject *self) {
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
        run_program(t, RF_DUNDER_DEL);
        Py_SET_REFCNT(self, Py_REFCNT(self) - 1);
        if (Py_REFCNT(self) != 0) return; // the program took a reference: not dead after all
    }
    t->dead = 1;
    rf_note_death(self);
    t->next_parked = graveyard;
    graveyard = t;
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

static PyObject *tracked_repr(PyObject *self) {
    rf_tracked_object *t = (rf_tracked_object *)self;
    static const char *names[] = {"canary", "evil", "mutator"};
    if (check_dead(t, RF_SLOT_REPR)) return PyUnicode_FromFormat("<dead %s #%d>", names[t->kind], (int)t->ident);
    if (t->kind == RF_KIND_EVIL && (t->behaviours & (1u << RF_DUNDER_REPR))) run_program(t, RF_DUNDER_REPR);
    return PyUnicode_FromFormat("<%s #%d>", names[t->kind], (int)t->ident);
}

static Py_hash_t tracked_hash(PyObject *self) {
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (check_dead(t, RF_SLOT_HASH)) return 3;
    if (t->kind == RF_KIND_EVIL && (t->behaviours & (1u << RF_DUNDER_HASH))) run_program(t, RF_DUNDER_HASH);
    if (t->constant_hash) return 7;
    return (Py_hash_t)(1000003 + 1000 * t->kind + 7 * (Py_hash_t)t->ident);
}

static int is_tracked(PyObject *o);

static PyObject *tracked_richcompare(PyObject *self, PyObject *other, int op) {
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (check_dead(t, RF_SLOT_COMPARE)) Py_RETURN_NOTIMPLEMENTED;
    if (is_tracked(other) && check_dead((rf_tracked_object *)other, RF_SLOT_COMPARE)) Py_RETURN_NOTIMPLEMENTED;
    int ordering = (op != Py_EQ && op != Py_NE);
    if (t->kind == RF_KIND_EVIL) {
        rf_dunder d = ordering ? RF_DUNDER_LT : RF_DUNDER_EQ;
        if (t->behaviours & (1u << d)) run_program(t, d);
    }
    if (!is_tracked(other) || ((rf_tracked_object *)other)->kind == RF_KIND_MUTATOR || t->kind == RF_KIND_MUTATOR) {
        Py_RETURN_NOTIMPLEMENTED;
    }
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

static PyObject *tracked_getattro(PyObject *self, PyObject *name) {
    check_dead((rf_tracked_object *)self, RF_SLOT_GETATTR);
    return PyObject_GenericGetAttr(self, name);
}

static int tracked_setattro(PyObject *self, PyObject *name, PyObject *value) {
    check_dead((rf_tracked_object *)self, RF_SLOT_SETATTR);
    return PyObject_GenericSetAttr(self, name, value);
}

static PyObject *evil_index(PyObject *self) {
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (check_dead(t, RF_SLOT_INDEX)) return PyLong_FromLong(0);
    if (t->behaviours & (1u << RF_DUNDER_INDEX)) run_program(t, RF_DUNDER_INDEX);
    return PyLong_FromLong(t->ident);
}

static PyObject *mutator_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    (void)args; (void)kwargs;
    rf_tracked_object *t = (rf_tracked_object *)self;
    if (!check_dead(t, RF_SLOT_CALL)) run_program(t, RF_DUNDER_CALL);
    Py_RETURN_NONE;
}

static PyNumberMethods evil_as_number = { .nb_index = evil_index };

/// The three tracked types share every slot but `number` (evil objects have __index__) and `call`
/// (mutators are callable).
#define RF_TRACKED_TYPE(variable, name, number, call, doc) \
    static PyTypeObject variable = { \
        PyVarObject_HEAD_INIT(NULL, 0) \
        .tp_name = name, \
        .tp_basicsize = sizeof(rf_tracked_object), \
        .tp_dealloc = tracked_dealloc, \
        .tp_repr = tracked_repr, \
        .tp_hash = tracked_hash, \
        .tp_richcompare = tracked_richcompare, \
        .tp_getattro = tracked_getattro, \
        .tp_setattro = tracked_setattro, \
        .tp_as_number = number, \
        .tp_call = call, \
        .tp_flags = Py_TPFLAGS_DEFAULT, \
        .tp_doc = doc, \
    };

RF_TRACKED_TYPE(canary_type, "reffuzz.Canary", NULL, NULL,
                "A tracked object: its death is recorded and any later use is seen.")
RF_TRACKED_TYPE(evil_type, "reffuzz.Evil", &evil_as_number, NULL,
                "A tracked object whose dunders run generated mutations of the call's containers.")
RF_TRACKED_TYPE(mutator_type, "reffuzz.Mutator", NULL, mutator_call,
                "A callable that runs the next generated mutation program and returns None.")

static int is_tracked(PyObject *o) {
    PyTypeObject *type = Py_TYPE(o);
    return type == &canary_type || type == &evil_type || type == &mutator_type;
}

int rf_is_tracked_type(PyObject *object) { return is_tracked(object); }

int rf_tracked_types_ready(void) {
    if (PyType_Ready(&canary_type) < 0) return -1;
    if (PyType_Ready(&evil_type) < 0) return -1;
    if (PyType_Ready(&mutator_type) < 0) return -1;
    return 0;
}

static PyObject *new_tracked(PyTypeObject *type, int32_t kind, int32_t ident) {
    rf_tracked_object *t = PyObject_New(rf_tracked_object, type);
    if (t == NULL) return NULL;
    t->ident = ident;
    t->kind = kind;
    t->dead = 0;
    t->count_reported = 0;
    t->behaviours = 0;
    t->constant_hash = 0;
    t->del_ran = 0;
    memset(t->calls, 0, sizeof t->calls);
    t->next_parked = NULL;
    return (PyObject *)t;
}

PyObject *rf_new_canary(int32_t ident) { return new_tracked(&canary_type, RF_KIND_CANARY, ident); }

PyObject *rf_new_evil(int32_t ident, uint32_t behaviours, int constant_hash) {
    PyObject *o = new_tracked(&evil_type, RF_KIND_EVIL, ident);
    if (o == NULL) return NULL;
    ((rf_tracked_object *)o)->behaviours = behaviours;
    ((rf_tracked_object *)o)->constant_hash = constant_hash;
    return o;
}

PyObject *rf_new_mutator(int32_t ident) { return new_tracked(&mutator_type, RF_KIND_MUTATOR, ident); }
