// refexamples' extension types: the reference-counting bugs of stateful code, each type next to its
// correct twin (`Name_safe`), a copy of the type that differs only by the one fixed method or constructor.
//
// Each bug needs a sequence of calls, as in real code: a Queue whose visit() is given a callback that
// takes the front item with get(); a Table filled until its storage is nearly full, then updated with
// itself; a Bucket peeked after an add(); a Codec constructed with a capacity it refuses.
//
// Every method borrows `self` and its arguments and returns a new reference, or NULL with an exception
// set; what a container keeps, it keeps as a reference of its own. Each comment says which.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "ExampleModule.h"

/// tp_new of a type that takes no arguments. New reference: the zeroed object.
static PyObject *new_without_arguments(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_Format(PyExc_TypeError, "%s() takes no arguments", type->tp_name);
        return NULL;
    }
    return type->tp_alloc(type, 0);
}

// MARK: - Queue: a borrowed pointer into the object's own storage kept across a callback

/// A first-in first-out queue of objects in a ring buffer that doubles when full.
typedef struct {
    PyObject_HEAD
    PyObject **items; // owned: `count` references from `head` on, wrapping around at `capacity`
    Py_ssize_t head, count, capacity;
} QueueObject;

/// The slot of the i-th item from the front (0 <= i < count); the item in it is the queue's (owned).
static PyObject **queue_slot(QueueObject *q, Py_ssize_t i) {
    return &q->items[(q->head + i) % q->capacity];
}

/// Makes room for one more item: a new ring twice as big, the items moved to it in order. 0, or -1.
static int queue_reserve(QueueObject *q) {
    if (q->count < q->capacity) return 0;
    Py_ssize_t capacity = q->capacity ? 2 * q->capacity : 4;
    PyObject **items = PyMem_New(PyObject *, capacity);
    if (items == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t i = 0; i < q->count; i++) items[i] = *queue_slot(q, i); // the references move
    PyMem_Free(q->items);
    q->items = items;
    q->head = 0;
    q->capacity = capacity;
    return 0;
}

/// Empties the queue, then releases what it held (an item's __del__ may use the queue again).
static void queue_release(QueueObject *q) {
    PyObject **items = q->items; // owned, now ours
    Py_ssize_t head = q->head, count = q->count, capacity = q->capacity;
    q->items = NULL;
    q->head = q->count = q->capacity = 0;
    for (Py_ssize_t i = 0; i < count; i++) Py_DECREF(items[(head + i) % capacity]);
    PyMem_Free(items);
}

/// put(item): appends `item` (borrowed; the queue takes a reference of its own). Returns None.
static PyObject *queue_put(QueueObject *q, PyObject *item) {
    if (queue_reserve(q) < 0) return NULL;
    *queue_slot(q, q->count) = Py_NewRef(item);
    q->count++;
    Py_RETURN_NONE;
}

/// get(): removes the front item and returns it (new: the queue's reference moves to the caller).
static PyObject *queue_get(QueueObject *q, PyObject *unused) {
    (void)unused;
    if (q->count == 0) { PyErr_SetString(PyExc_IndexError, "get from an empty Queue"); return NULL; }
    PyObject *item = *queue_slot(q, 0);
    *queue_slot(q, 0) = NULL;
    q->head = (q->head + 1) % q->capacity;
    q->count--;
    return item;
}

/// clear(): removes every item. Returns None.
static PyObject *queue_clear(QueueObject *q, PyObject *unused) {
    (void)unused;
    queue_release(q);
    Py_RETURN_NONE;
}

/// visit(callback): calls callback(item) on each item from the front (`callback` borrowed, the item lent
/// to it) and returns the list of their reprs (new). The callback may change the queue: visit goes on
/// with the item then at the next position, and stops after as many items as the queue had.
static PyObject *queue_visit(QueueObject *q, PyObject *callback) {
    PyObject *reprs = PyList_New(0); // new
    if (reprs == NULL) return NULL;
    for (Py_ssize_t i = 0, n = q->count; i < n && i < q->count; i++) { // the items it began with, at most
        PyObject *item = *queue_slot(q, i); // borrowed from the queue's storage
        // BUG: the callback may re-enter the queue (q.get(), q.clear()) and drop the queue's reference,
        // the only one `item` relied on; the repr below then uses a freed object
        PyObject *r = PyObject_CallOneArg(callback, item); // new
        if (r == NULL) { Py_DECREF(reprs); return NULL; }
        Py_DECREF(r);
        PyObject *text = PyObject_Repr(item); // new
        if (text == NULL || PyList_Append(reprs, text) < 0) { Py_XDECREF(text); Py_DECREF(reprs); return NULL; }
        Py_DECREF(text);
    }
    return reprs;
}

static PyObject *queue_visit_safe(QueueObject *q, PyObject *callback) {
    PyObject *reprs = PyList_New(0); // new
    if (reprs == NULL) return NULL;
    for (Py_ssize_t i = 0, n = q->count; i < n && i < q->count; i++) { // the items it began with, at most
        PyObject *item = Py_NewRef(*queue_slot(q, i)); // new: owned across the callback
        PyObject *r = PyObject_CallOneArg(callback, item); // new
        if (r == NULL) { Py_DECREF(item); Py_DECREF(reprs); return NULL; }
        Py_DECREF(r);
        PyObject *text = PyObject_Repr(item); // new
        Py_DECREF(item);
        if (text == NULL || PyList_Append(reprs, text) < 0) { Py_XDECREF(text); Py_DECREF(reprs); return NULL; }
        Py_DECREF(text);
    }
    return reprs;
}

static Py_ssize_t queue_length(QueueObject *q) { return q->count; }

static int queue_traverse(QueueObject *q, visitproc visit, void *arg) {
    for (Py_ssize_t i = 0; i < q->count; i++) Py_VISIT(*queue_slot(q, i));
    return 0;
}

static int queue_tp_clear(QueueObject *q) {
    queue_release(q);
    return 0;
}

static void queue_dealloc(QueueObject *q) {
    PyObject_GC_UnTrack(q);
    queue_release(q);
    Py_TYPE(q)->tp_free((PyObject *)q);
}

#define QUEUE_METHODS(VISIT) \
    {"put", (PyCFunction)queue_put, METH_O, "put(item): append item."}, \
    {"get", (PyCFunction)queue_get, METH_NOARGS, "get(): remove and return the front item (IndexError when empty)."}, \
    {"visit", (PyCFunction)(VISIT), METH_O, "visit(callback): call callback(item) on each item from the front; the list of their reprs."}, \
    {"clear", (PyCFunction)queue_clear, METH_NOARGS, "clear(): remove every item."}, \
    {NULL, NULL, 0, NULL}

static PyMethodDef queue_methods[] = {QUEUE_METHODS(queue_visit)};
static PyMethodDef queue_safe_methods[] = {QUEUE_METHODS(queue_visit_safe)};

static PySequenceMethods queue_as_sequence = {.sq_length = (lenfunc)queue_length};

static PyTypeObject Queue_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "refexamples.Queue",
    .tp_doc = "Queue(): a FIFO queue of objects. BUG use-after-free: visit(callback) keeps a borrowed pointer "
              "to each item across callback(item), which may take the item with get().",
    .tp_basicsize = sizeof(QueueObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = new_without_arguments,
    .tp_dealloc = (destructor)queue_dealloc,
    .tp_traverse = (traverseproc)queue_traverse,
    .tp_clear = (inquiry)queue_tp_clear,
    .tp_as_sequence = &queue_as_sequence,
    .tp_methods = queue_methods,
};
static PyTypeObject Queue_safe_Type; // Queue_Type with queue_safe_methods

// MARK: - Table: reading its own storage while inserting into itself

/// One entry of a table's storage; `key` is NULL for a deleted entry.
typedef struct {
    PyObject *key;   // owned: an exact str
    PyObject *value; // owned
} TableEntry;

/// A small insertion-ordered table of str keys (a key set again moves to the end, as in an LRU cache),
/// in an array of entries that is compacted into a new array, twice the live size, when it fills.
typedef struct {
    PyObject_HEAD
    TableEntry *entries; // owned
    Py_ssize_t used;     // entries written, deleted ones included
    Py_ssize_t live;     // entries with a key
    Py_ssize_t capacity;
} TableObject;

static PyTypeObject Table_Type, Table_safe_Type;

/// 1 when `key` (borrowed) is an exact str, else 0 with TypeError set. Comparing and hashing such keys
/// runs no Python code.
static int table_check_key(PyObject *key) {
    if (PyUnicode_CheckExact(key)) return 1;
    PyErr_Format(PyExc_TypeError, "Table keys must be str, not %.100s", Py_TYPE(key)->tp_name);
    return 0;
}

/// 1 when `other` (borrowed) is a Table or a Table_safe (they share the layout), else 0 with TypeError set.
static int table_check(PyObject *other) {
    if (Py_IS_TYPE(other, &Table_Type) || Py_IS_TYPE(other, &Table_safe_Type)) return 1;
    PyErr_Format(PyExc_TypeError, "expected a Table, not %.100s", Py_TYPE(other)->tp_name);
    return 0;
}

/// The index of the entry of `key` (borrowed, an exact str), or -1.
static Py_ssize_t table_find(TableObject *t, PyObject *key) {
    for (Py_ssize_t i = 0; i < t->used; i++) {
        PyObject *k = t->entries[i].key; // borrowed
        if (k != NULL && (k == key || PyUnicode_Compare(k, key) == 0)) return i;
    }
    return -1;
}

/// Moves the live entries to a new array with room for as many again (at least 8) and frees the old one.
static int table_compact(TableObject *t) {
    Py_ssize_t capacity = t->live < 4 ? 8 : 2 * t->live;
    TableEntry *entries = PyMem_New(TableEntry, capacity);
    if (entries == NULL) { PyErr_NoMemory(); return -1; }
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < t->used; i++) {
        if (t->entries[i].key != NULL) entries[n++] = t->entries[i]; // the references move
    }
    PyMem_Free(t->entries);
    t->entries = entries;
    t->used = n;
    t->capacity = capacity;
    return 0;
}

/// Sets `key` (borrowed, an exact str) to `value` (borrowed) at the end of the order; the table takes
/// references of its own. Releases a replaced entry last, once the table is whole again (its __del__
/// may use the table). 0, or -1 with an exception set.
static int table_set(TableObject *t, PyObject *key, PyObject *value) {
    if (!table_check_key(key)) return -1;
    if (t->used == t->capacity && table_compact(t) < 0) return -1;
    Py_ssize_t i = table_find(t, key);
    PyObject *old_key = NULL, *old_value = NULL; // owned once taken out of the entry
    if (i >= 0) {
        old_key = t->entries[i].key;
        old_value = t->entries[i].value;
        t->entries[i].key = t->entries[i].value = NULL;
        t->live--;
    }
    t->entries[t->used].key = Py_NewRef(key);
    t->entries[t->used].value = Py_NewRef(value);
    t->used++;
    t->live++;
    Py_XDECREF(old_key);
    Py_XDECREF(old_value);
    return 0;
}

/// Empties the table, then releases what it held.
static void table_release(TableObject *t) {
    TableEntry *entries = t->entries; // owned, now ours
    Py_ssize_t used = t->used;
    t->entries = NULL;
    t->used = t->live = t->capacity = 0;
    for (Py_ssize_t i = 0; i < used; i++) {
        Py_XDECREF(entries[i].key);
        Py_XDECREF(entries[i].value);
    }
    PyMem_Free(entries);
}

/// put(key, value): sets `key` (borrowed, a str) to `value` (borrowed). Returns None.
static PyObject *table_put(TableObject *t, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "put() takes exactly 2 arguments (%zd given)", nargs);
        return NULL;
    }
    if (table_set(t, args[0], args[1]) < 0) return NULL;
    Py_RETURN_NONE;
}

/// get(key): the value of `key` (borrowed, a str), new; None when it has none.
static PyObject *table_get(TableObject *t, PyObject *key) {
    if (!table_check_key(key)) return NULL;
    Py_ssize_t i = table_find(t, key);
    if (i < 0) Py_RETURN_NONE;
    return Py_NewRef(t->entries[i].value);
}

/// pop(key): removes `key` (borrowed, a str) and returns its value (new: the table's reference moves to
/// the caller); KeyError when it has none.
static PyObject *table_pop(TableObject *t, PyObject *key) {
    if (!table_check_key(key)) return NULL;
    Py_ssize_t i = table_find(t, key);
    if (i < 0) { PyErr_SetObject(PyExc_KeyError, key); return NULL; }
    PyObject *old_key = t->entries[i].key, *value = t->entries[i].value; // owned, owned
    t->entries[i].key = t->entries[i].value = NULL;
    t->live--;
    Py_DECREF(old_key);
    return value;
}

/// items(): a new list of new (key, value) tuples, in order.
static PyObject *table_items(TableObject *t, PyObject *unused) {
    (void)unused;
    PyObject *items = PyList_New(0); // new
    if (items == NULL) return NULL;
    for (Py_ssize_t i = 0; i < t->used; i++) {
        if (t->entries[i].key == NULL) continue;
        // Owned before allocating: an allocation may collect garbage, whose __del__ may change the table.
        PyObject *key = Py_NewRef(t->entries[i].key), *value = Py_NewRef(t->entries[i].value); // new, new
        PyObject *pair = PyTuple_Pack(2, key, value); // new
        Py_DECREF(key);
        Py_DECREF(value);
        if (pair == NULL || PyList_Append(items, pair) < 0) { Py_XDECREF(pair); Py_DECREF(items); return NULL; }
        Py_DECREF(pair);
    }
    return items;
}

/// update(other): puts every entry of `other` (borrowed: a Table, maybe this one) in order. Returns None.
static PyObject *table_update(TableObject *t, PyObject *other) {
    if (!table_check(other)) return NULL;
    TableObject *from = (TableObject *)other; // borrowed
    TableEntry *e = from->entries, *end = from->entries + from->used; // pointers into other's storage
    for (; e < end; e++) {
        if (e->key == NULL) continue; // a deleted entry
        // BUG: putting may compact this table's storage into a new array and free the old one: given
        // itself, once the puts fill the storage, `e` and `end` point into freed memory (and a replaced
        // value's __del__ may change `other` the same way)
        if (table_set(t, e->key, e->value) < 0) return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *table_update_safe(TableObject *t, PyObject *other) {
    if (!table_check(other)) return NULL;
    PyObject *pairs = table_items((TableObject *)other, NULL); // new: a copy, whatever the puts do to other
    if (pairs == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(pairs); i++) {
        PyObject *pair = PyList_GET_ITEM(pairs, i); // borrowed from `pairs`, which only we hold
        if (table_set(t, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) < 0) { Py_DECREF(pairs); return NULL; }
    }
    Py_DECREF(pairs);
    Py_RETURN_NONE;
}

static Py_ssize_t table_length(TableObject *t) { return t->live; }

static int table_traverse(TableObject *t, visitproc visit, void *arg) {
    for (Py_ssize_t i = 0; i < t->used; i++) {
        Py_VISIT(t->entries[i].key);
        Py_VISIT(t->entries[i].value);
    }
    return 0;
}

static int table_tp_clear(TableObject *t) {
    table_release(t);
    return 0;
}

static void table_dealloc(TableObject *t) {
    PyObject_GC_UnTrack(t);
    table_release(t);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

#define TABLE_METHODS(UPDATE) \
    {"put", (PyCFunction)(void (*)(void))table_put, METH_FASTCALL, "put(key, value): set the str key to value, at the end of the order."}, \
    {"get", (PyCFunction)table_get, METH_O, "get(key): the value of key, or None."}, \
    {"pop", (PyCFunction)table_pop, METH_O, "pop(key): remove key and return its value (KeyError when absent)."}, \
    {"update", (PyCFunction)(UPDATE), METH_O, "update(other): put every entry of the Table other, in order."}, \
    {"items", (PyCFunction)table_items, METH_NOARGS, "items(): a list of (key, value) pairs, in order."}, \
    {NULL, NULL, 0, NULL}

static PyMethodDef table_methods[] = {TABLE_METHODS(table_update)};
static PyMethodDef table_safe_methods[] = {TABLE_METHODS(table_update_safe)};

static PySequenceMethods table_as_sequence = {.sq_length = (lenfunc)table_length};

static PyTypeObject Table_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "refexamples.Table",
    .tp_doc = "Table(): an insertion-ordered table of str keys. BUG use-after-free (a crash under PYTHONMALLOC=debug): update(other) walks other's storage "
              "by pointer while putting into itself; given itself, the puts compact and free that storage.",
    .tp_basicsize = sizeof(TableObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = new_without_arguments,
    .tp_dealloc = (destructor)table_dealloc,
    .tp_traverse = (traverseproc)table_traverse,
    .tp_clear = (inquiry)table_tp_clear,
    .tp_as_sequence = &table_as_sequence,
    .tp_methods = table_methods,
};
static PyTypeObject Table_safe_Type; // Table_Type with table_safe_methods

// MARK: - Bucket: an internal object returned without a new reference

/// A bag of objects kept in a list, newest last.
typedef struct {
    PyObject_HEAD
    PyObject *items; // owned: a list
} BucketObject;

/// tp_new: takes no arguments. New reference: a bucket with an empty list.
static PyObject *bucket_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    BucketObject *b = (BucketObject *)new_without_arguments(type, args, kwds); // new
    if (b == NULL) return NULL;
    b->items = PyList_New(0); // new, owned by the bucket
    if (b->items == NULL) { Py_DECREF(b); return NULL; }
    return (PyObject *)b;
}

/// add(item): adds `item` (borrowed; the bucket's list takes a reference of its own). Returns None.
static PyObject *bucket_add(BucketObject *b, PyObject *item) {
    if (PyList_Append(b->items, item) < 0) return NULL;
    Py_RETURN_NONE;
}

/// peek(): the newest item, leaving it in the bucket (new); None when empty.
static PyObject *bucket_peek(BucketObject *b, PyObject *unused) {
    (void)unused;
    Py_ssize_t n = PyList_GET_SIZE(b->items);
    if (n == 0) Py_RETURN_NONE;
    return PyList_GET_ITEM(b->items, n - 1); // BUG: borrowed from the bucket's list, returned as if new
}

static PyObject *bucket_peek_safe(BucketObject *b, PyObject *unused) {
    (void)unused;
    Py_ssize_t n = PyList_GET_SIZE(b->items);
    if (n == 0) Py_RETURN_NONE;
    return Py_NewRef(PyList_GET_ITEM(b->items, n - 1)); // a new reference for the caller
}

/// take(): removes the newest item and returns it (new); IndexError when empty.
static PyObject *bucket_take(BucketObject *b, PyObject *unused) {
    (void)unused;
    Py_ssize_t n = PyList_GET_SIZE(b->items);
    if (n == 0) { PyErr_SetString(PyExc_IndexError, "take from an empty Bucket"); return NULL; }
    PyObject *item = Py_NewRef(PyList_GET_ITEM(b->items, n - 1)); // new
    if (PyList_SetSlice(b->items, n - 1, n, NULL) < 0) { Py_DECREF(item); return NULL; }
    return item;
}

/// items(): a new list of the items, oldest first.
static PyObject *bucket_items(BucketObject *b, PyObject *unused) {
    (void)unused;
    return PyList_GetSlice(b->items, 0, PY_SSIZE_T_MAX);
}

/// clear(): removes every item. Returns None.
static PyObject *bucket_clear(BucketObject *b, PyObject *unused) {
    (void)unused;
    if (PyList_SetSlice(b->items, 0, PY_SSIZE_T_MAX, NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

static Py_ssize_t bucket_length(BucketObject *b) { return PyList_GET_SIZE(b->items); }

static int bucket_traverse(BucketObject *b, visitproc visit, void *arg) {
    Py_VISIT(b->items);
    return 0;
}

/// Breaks cycles by emptying the list, which the methods keep using.
static int bucket_tp_clear(BucketObject *b) {
    if (b->items != NULL) (void)PyList_SetSlice(b->items, 0, PY_SSIZE_T_MAX, NULL); // deleting cannot fail
    return 0;
}

static void bucket_dealloc(BucketObject *b) {
    PyObject_GC_UnTrack(b);
    Py_XDECREF(b->items);
    Py_TYPE(b)->tp_free((PyObject *)b);
}

#define BUCKET_METHODS(PEEK) \
    {"add", (PyCFunction)bucket_add, METH_O, "add(item): add item."}, \
    {"peek", (PyCFunction)(PEEK), METH_NOARGS, "peek(): the newest item, left in the bucket; None when empty."}, \
    {"take", (PyCFunction)bucket_take, METH_NOARGS, "take(): remove and return the newest item (IndexError when empty)."}, \
    {"items", (PyCFunction)bucket_items, METH_NOARGS, "items(): a list of the items, oldest first."}, \
    {"clear", (PyCFunction)bucket_clear, METH_NOARGS, "clear(): remove every item."}, \
    {NULL, NULL, 0, NULL}

static PyMethodDef bucket_methods[] = {BUCKET_METHODS(bucket_peek)};
static PyMethodDef bucket_safe_methods[] = {BUCKET_METHODS(bucket_peek_safe)};

static PySequenceMethods bucket_as_sequence = {.sq_length = (lenfunc)bucket_length};

static PyTypeObject Bucket_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "refexamples.Bucket",
    .tp_doc = "Bucket(): a bag of objects. BUG over-decref: peek() returns the newest item, borrowed from the "
              "bucket's list, as a new reference.",
    .tp_basicsize = sizeof(BucketObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = bucket_new,
    .tp_dealloc = (destructor)bucket_dealloc,
    .tp_traverse = (traverseproc)bucket_traverse,
    .tp_clear = (inquiry)bucket_tp_clear,
    .tp_as_sequence = &bucket_as_sequence,
    .tp_methods = bucket_methods,
};
static PyTypeObject Bucket_safe_Type; // Bucket_Type with bucket_safe_methods

// MARK: - Codec: a constructor error path that leaks

enum { CODEC_MAX_CAPACITY = 65536 };

/// Encodes items (bytes; str as UTF-8; int in decimal) as records of at most `capacity` bytes, pending
/// in a list until flush() joins them, one a line.
typedef struct {
    PyObject_HEAD
    PyObject *pending; // owned: a list of bytes
    Py_ssize_t capacity;
} CodecObject;

/// New reference: a codec with an empty pending list and no capacity yet; `*capacity` is the one
/// parsed from `args` and `kwds` (borrowed), still to be checked.
static CodecObject *codec_alloc(PyTypeObject *type, PyObject *args, PyObject *kwds, Py_ssize_t *capacity) {
    static char *keywords[] = {"capacity", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n:Codec", keywords, capacity)) return NULL;
    CodecObject *c = (CodecObject *)type->tp_alloc(type, 0); // new
    if (c == NULL) return NULL;
    c->pending = PyList_New(0); // new, owned by the codec
    if (c->pending == NULL) { Py_DECREF(c); return NULL; }
    return c;
}

/// 1 when a codec may have this capacity, else 0 with ValueError set.
static int codec_capacity_allowed(Py_ssize_t capacity) {
    if (capacity >= 1 && capacity <= CODEC_MAX_CAPACITY) return 1;
    PyErr_Format(PyExc_ValueError, "Codec: capacity must be between 1 and %d, not %zd", CODEC_MAX_CAPACITY, capacity);
    return 0;
}

/// Codec(capacity): new reference, or NULL with an exception set.
static PyObject *codec_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    Py_ssize_t capacity;
    CodecObject *c = codec_alloc(type, args, kwds, &capacity); // new
    if (c == NULL) return NULL;
    if (!codec_capacity_allowed(capacity)) return NULL; // BUG: the error return leaks the codec and its list
    c->capacity = capacity;
    return (PyObject *)c;
}

static PyObject *codec_new_safe(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    Py_ssize_t capacity;
    CodecObject *c = codec_alloc(type, args, kwds, &capacity); // new
    if (c == NULL) return NULL;
    if (!codec_capacity_allowed(capacity)) { Py_DECREF(c); return NULL; }
    c->capacity = capacity;
    return (PyObject *)c;
}

/// New reference: the record of `item` (borrowed), or NULL with an exception set. Runs no Python code.
static PyObject *codec_record(CodecObject *c, PyObject *item) {
    PyObject *record; // new
    if (PyBytes_Check(item)) {
        record = PyBytes_FromStringAndSize(PyBytes_AS_STRING(item), PyBytes_GET_SIZE(item));
    } else if (PyUnicode_Check(item)) {
        record = PyUnicode_AsUTF8String(item);
    } else if (PyLong_Check(item)) {
        PyObject *digits = PyNumber_ToBase(item, 10); // new
        record = digits == NULL ? NULL : PyUnicode_AsUTF8String(digits);
        Py_XDECREF(digits);
    } else {
        PyErr_Format(PyExc_TypeError, "Codec cannot encode %.100s", Py_TYPE(item)->tp_name);
        return NULL;
    }
    if (record != NULL && PyBytes_GET_SIZE(record) > c->capacity) {
        PyErr_Format(PyExc_ValueError, "a record of %zd bytes is over the capacity %zd", PyBytes_GET_SIZE(record), c->capacity);
        Py_CLEAR(record);
    }
    return record;
}

/// encode(items): encodes each item of the list `items` (borrowed), all or none, and adds the records to
/// the pending ones. Returns the number pending (new).
static PyObject *codec_encode(CodecObject *c, PyObject *items) {
    if (!PyList_Check(items)) { PyErr_SetString(PyExc_TypeError, "encode() takes a list"); return NULL; }
    PyObject *records = PyList_New(0); // new
    if (records == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(items, i)); // new: allocating may collect garbage and run code
        PyObject *record = codec_record(c, item); // new
        Py_DECREF(item);
        if (record == NULL || PyList_Append(records, record) < 0) { Py_XDECREF(record); Py_DECREF(records); return NULL; }
        Py_DECREF(record);
    }
    Py_ssize_t n = PyList_GET_SIZE(c->pending);
    int status = PyList_SetSlice(c->pending, n, n, records); // copies the records' references
    Py_DECREF(records);
    if (status < 0) return NULL;
    return PyLong_FromSsize_t(PyList_GET_SIZE(c->pending));
}

/// flush(): the pending records joined, each followed by a newline (new bytes); none are pending after.
static PyObject *codec_flush(CodecObject *c, PyObject *unused) {
    (void)unused;
    Py_ssize_t n = PyList_GET_SIZE(c->pending), size = 0;
    for (Py_ssize_t i = 0; i < n; i++) size += PyBytes_GET_SIZE(PyList_GET_ITEM(c->pending, i)) + 1;
    PyObject *out = PyBytes_FromStringAndSize(NULL, size); // new; bytes are not collected: no code runs
    if (out == NULL) return NULL;
    char *p = PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *record = PyList_GET_ITEM(c->pending, i); // borrowed
        memcpy(p, PyBytes_AS_STRING(record), (size_t)PyBytes_GET_SIZE(record));
        p += PyBytes_GET_SIZE(record);
        *p++ = '\n';
    }
    if (PyList_SetSlice(c->pending, 0, n, NULL) < 0) { Py_DECREF(out); return NULL; }
    return out;
}

/// reset(): drops the pending records. Returns None.
static PyObject *codec_reset(CodecObject *c, PyObject *unused) {
    (void)unused;
    if (PyList_SetSlice(c->pending, 0, PY_SSIZE_T_MAX, NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

/// The `capacity` attribute: new.
static PyObject *codec_get_capacity(CodecObject *c, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(c->capacity);
}

static Py_ssize_t codec_length(CodecObject *c) { return PyList_GET_SIZE(c->pending); }

/// The pending list holds only bytes, so a codec is in no cycle; it is tracked so that `gc` sees it.
static int codec_traverse(CodecObject *c, visitproc visit, void *arg) {
    Py_VISIT(c->pending);
    return 0;
}

static void codec_dealloc(CodecObject *c) {
    PyObject_GC_UnTrack(c);
    Py_XDECREF(c->pending);
    Py_TYPE(c)->tp_free((PyObject *)c);
}

static PyMethodDef codec_methods[] = {
    {"encode", (PyCFunction)codec_encode, METH_O, "encode(items): encode each item of the list (bytes, str, int) as a pending record."},
    {"flush", (PyCFunction)codec_flush, METH_NOARGS, "flush(): the pending records, one a line, as bytes."},
    {"reset", (PyCFunction)codec_reset, METH_NOARGS, "reset(): drop the pending records."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef codec_getset[] = {
    {"capacity", (getter)codec_get_capacity, NULL, "The largest record, in bytes.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods codec_as_sequence = {.sq_length = (lenfunc)codec_length};

static PyTypeObject Codec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "refexamples.Codec",
    .tp_doc = "Codec(capacity): encodes items as records of at most capacity (1..65536) bytes. BUG leak: the "
              "constructor refuses a bad capacity after allocating the codec and its list, and releases neither.",
    .tp_basicsize = sizeof(CodecObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = codec_new,
    .tp_dealloc = (destructor)codec_dealloc,
    .tp_traverse = (traverseproc)codec_traverse,
    .tp_as_sequence = &codec_as_sequence,
    .tp_methods = codec_methods,
    .tp_getset = codec_getset,
};
static PyTypeObject Codec_safe_Type; // Codec_Type with codec_new_safe

// MARK: - Module

/// (spec, the kind of bug it has or None for a correct twin, one line about it)
static const char *const type_targets[][3] = {
    {"refexamples:Queue(){put(any),get(),visit(mutator),clear()}", "use-after-free",
     "visit(callback) keeps a borrowed pointer to each item across callback(item), which may take it with get()"},
    {"refexamples:Queue_safe(){put(any),get(),visit(mutator),clear()}", NULL, "twin of Queue: visit owns each item across the callback"},
    {"refexamples:Table(){put(str,any),get(str),pop(str),update(self)}", "use-after-free",
     "update(other) walks other's storage by pointer while putting into itself: given itself, once full, the puts free it"},
    {"refexamples:Table_safe(){put(str,any),get(str),pop(str),update(self)}", NULL, "twin of Table: update copies other's entries first"},
    {"refexamples:Bucket(){add(any),peek(),take()}", "over-decref", "peek() returns the newest item, borrowed from the bucket's list, as new"},
    {"refexamples:Bucket_safe(){add(any),peek(),take()}", NULL, "twin of Bucket: peek returns a new reference"},
    {"refexamples:Codec(int).encode(list)", "leak", "the constructor allocates the codec and its list, then refuses a capacity outside 1..65536 and leaks both"},
    {"refexamples:Codec_safe(int).encode(list)", NULL, "twin of Codec: the error path releases the codec"},
};

/// Makes `twin` a copy of the not yet readied `bug`, but for its name, doc and the methods or constructor
/// it fixes (NULL: the bug's).
static void make_twin(PyTypeObject *twin, const PyTypeObject *bug, const char *name, const char *doc,
                      PyMethodDef *methods, newfunc new) {
    *twin = *bug;
    twin->tp_name = name;
    twin->tp_doc = doc;
    if (methods != NULL) twin->tp_methods = methods;
    if (new != NULL) twin->tp_new = new;
}

int rf_add_example_types(PyObject *module) {
    static int twins_made = 0;
    if (!twins_made) {
        make_twin(&Queue_safe_Type, &Queue_Type, "refexamples.Queue_safe", "Twin of Queue: visit owns each item across the callback.", queue_safe_methods, NULL);
        make_twin(&Table_safe_Type, &Table_Type, "refexamples.Table_safe", "Twin of Table: update copies other's entries before putting them.", table_safe_methods, NULL);
        make_twin(&Bucket_safe_Type, &Bucket_Type, "refexamples.Bucket_safe", "Twin of Bucket: peek returns a new reference.", bucket_safe_methods, NULL);
        make_twin(&Codec_safe_Type, &Codec_Type, "refexamples.Codec_safe", "Twin of Codec: the constructor's error path releases the codec.", NULL, codec_new_safe);
        twins_made = 1;
    }
    PyTypeObject *types[] = {
        &Queue_Type, &Queue_safe_Type, &Table_Type, &Table_safe_Type,
        &Bucket_Type, &Bucket_safe_Type, &Codec_Type, &Codec_safe_Type,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (PyModule_AddType(module, types[i]) < 0) return -1; // readies the type; the module takes a reference
    }
    return rf_add_targets(module, type_targets, sizeof type_targets / sizeof type_targets[0]);
}
