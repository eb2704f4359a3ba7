// The contents of a collections.deque and of an OrderedDict, read from their structures. Neither type
// offers a C API that borrows its items: deque's items are reached through sq_item (a new reference
// each) and an OrderedDict's order lives in a linked list of its own, not in the dict it is. A snapshot
// must not run code or touch a count (an item may be a dead object a bug left behind), so the
// structures are walked here. They are private to Modules/_collectionsmodule.c and
// Objects/odictobject.c, and the same from 3.11 to 3.13 in the fields read (the first ones); for
// another version the walks say "unknown" and `reffuzz runtime` checks them against the API.
#include "internal.h"

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
#define RF_KNOWN_CONTAINERS 1
#else
#define RF_KNOWN_CONTAINERS 0
#endif

#if RF_KNOWN_CONTAINERS
// Modules/_collectionsmodule.c: a doubly linked list of blocks of 64 item pointers; the first item is
// leftblock->data[leftindex], the length is the object's ob_size. Only these leading fields are read.
#define RF_DEQUE_BLOCKLEN 64
typedef struct rf_deque_block {
    struct rf_deque_block *leftlink;
    PyObject *data[RF_DEQUE_BLOCKLEN];
    struct rf_deque_block *rightlink;
} rf_deque_block;

typedef struct {
    PyObject_VAR_HEAD
    rf_deque_block *leftblock;
    rf_deque_block *rightblock;
    Py_ssize_t leftindex;
    Py_ssize_t rightindex;
} rf_deque_head;

// Objects/odictobject.c: the dict, then the first and last nodes of the linked list; a node holds its key.
typedef struct rf_odict_node {
    PyObject *key;
    Py_hash_t hash;
    struct rf_odict_node *next;
    struct rf_odict_node *prev;
} rf_odict_node;

typedef struct {
    PyDictObject od_dict;
    rf_odict_node *od_first;
    rf_odict_node *od_last;
} rf_odict_head;
#endif

int rf_container_layouts_known(void) { return RF_KNOWN_CONTAINERS; }

ssize_t rf_deque_items(PyObject *deque, PyObject **out, ssize_t capacity) { // borrowed deque; borrowed items
#if RF_KNOWN_CONTAINERS
    rf_deque_head *d = (rf_deque_head *)deque;
    Py_ssize_t n = Py_SIZE(deque);
    rf_deque_block *b = d->leftblock;
    Py_ssize_t index = d->leftindex;
    for (Py_ssize_t i = 0; i < n && i < capacity && b != NULL; i++) {
        out[i] = b->data[index];
        if (++index == RF_DEQUE_BLOCKLEN) {
            b = b->rightlink;
            index = 0;
        }
    }
    return n;
#else
    (void)deque; (void)out; (void)capacity;
    return -1;
#endif
}

ssize_t rf_odict_keys(PyObject *odict, PyObject **out, ssize_t capacity) { // borrowed odict; borrowed keys
#if RF_KNOWN_CONTAINERS
    ssize_t n = 0;
    for (rf_odict_node *node = ((rf_odict_head *)odict)->od_first; node != NULL; node = node->next) {
        if (n < capacity) out[n] = node->key;
        n++;
        if (n > PyDict_GET_SIZE(odict) + 1) break; // a list the dict does not agree with: stop, never loop
    }
    return n;
#else
    (void)odict; (void)out; (void)capacity;
    return -1;
#endif
}
