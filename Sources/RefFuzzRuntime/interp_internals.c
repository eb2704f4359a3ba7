// The one place that reads CPython's internals (the `Py_BUILD_CORE` headers of the very Python this
// binary is compiled against): the free-list counters, the size of what precedes an object in its
// memory block, closing the float free list, and set iteration where the public headers no longer
// offer it. Every layout here is written out per version (3.11, 3.12, 3.13); for a version not listed
// the functions say "unknown" (`rf_free_lists().known == 0`) and the Swift side turns the detector
// that needs it off loudly.
#define Py_BUILD_CORE 1
#include <Python.h>
#include "RefFuzzRuntime.h"

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
#define RF_KNOWN_LAYOUT 1
#include "internal/pycore_gc.h"     // PyGC_Head
#include "internal/pycore_object.h" // _PyType_PreHeaderSize
#include "internal/pycore_interp.h" // the interpreter state and, up to 3.12, its free lists
#if PY_VERSION_HEX >= 0x030D0000
#include "internal/pycore_freelist.h"  // struct _Py_object_freelists (3.13)
#include "internal/pycore_tstate.h"    // _PyThreadStateImpl (free-threaded 3.13)
#include "internal/pycore_setobject.h" // _PySet_NextEntry left the public headers in 3.13
#endif
#else
#define RF_KNOWN_LAYOUT 0
#endif

// MARK: - Free lists

// Whether free lists are compiled in: 3.13 says so with WITH_FREELISTS; 3.11 and 3.12 with a
// per-type MAXFREELIST of 0 (their headers define the counters only when it is positive).
#if RF_KNOWN_LAYOUT && PY_VERSION_HEX >= 0x030D0000 && !defined(WITH_FREELISTS)
#define RF_NO_FREELISTS 1
#else
#define RF_NO_FREELISTS 0
#endif

int64_t rf_free_list_objects(void) {
#if !RF_KNOWN_LAYOUT || RF_NO_FREELISTS
    return 0;
#else
    PyInterpreterState *interp = PyInterpreterState_Get();
    int64_t n = 0;
#if PY_VERSION_HEX >= 0x030D0000
    // What _Py_object_freelists_GET() reads, without its thread-local tstate (not exported by
    // libpython): the interpreter's lists, or the thread's own in a free-threaded build.
#ifdef Py_GIL_DISABLED
    struct _Py_object_freelists *f = &((_PyThreadStateImpl *)PyThreadState_Get())->freelists;
#else
    struct _Py_object_freelists *f = &interp->object_state.freelists;
#endif
    for (int i = 0; i < PyTuple_NFREELISTS; i++) n += f->tuples.numfree[i];
    n += f->lists.numfree;
    n += f->dicts.numfree + f->dictkeys.numfree;
    n += f->floats.items != NULL ? f->floats.numfree : 0; // a closed list counts its capacity, holds none
    n += f->contexts.numfree;
    n += f->async_gens.numfree + f->async_gen_asends.numfree;
    n += f->slices.slice_cache != NULL;
    // f->object_stacks: chunks from _PyObject_VirtualAlloc (arenas), not from the hooked allocator.
#else // 3.11, 3.12: the counters live in the interpreter state, each behind its MAXFREELIST.
#if PyTuple_NFREELISTS > 0
    for (int i = 0; i < PyTuple_NFREELISTS; i++) n += interp->tuple.numfree[i];
#endif
#if PyList_MAXFREELIST > 0
    n += interp->list.numfree;
#endif
#if PyDict_MAXFREELIST > 0
    n += interp->dict_state.numfree + interp->dict_state.keys_numfree;
#endif
#if PyFloat_MAXFREELIST > 0
    n += interp->float_state.free_list != NULL ? interp->float_state.numfree : 0; // closed: none
#endif
#if PyContext_MAXFREELIST > 0
    n += interp->context.numfree;
#endif
#if _PyAsyncGen_MAXFREELIST > 0
    n += interp->async_gen.value_numfree + interp->async_gen.asend_numfree;
#endif
    n += interp->slice_cache != NULL;
#endif
    // MemoryError instances kept for reuse (every version).
    n += interp->exc_state.memerrors_numfree;
    return n;
#endif
}

rf_free_list_layout rf_free_lists(void) {
    rf_free_list_layout layout = {0};
#if RF_KNOWN_LAYOUT
    layout.known = 1;
#if !RF_NO_FREELISTS
#if PyTuple_NFREELISTS > 0
    layout.tuple_sizes = PyTuple_NFREELISTS; // sizes 1..PyTuple_MAXSAVESIZE (the empty tuple is a singleton)
    layout.tuple_capacity = PyTuple_MAXFREELIST;
#endif
    layout.list_capacity = PyList_MAXFREELIST;
    layout.dict_capacity = PyDict_MAXFREELIST;
    layout.dict_keys_capacity = PyDict_MAXFREELIST;
    layout.float_capacity = PyFloat_MAXFREELIST;
    layout.slice_capacity = 1;
#endif
#endif
    return layout;
}

// MARK: - The float free list, closed

// The list's count and chain (a free-listed float's type pointer links to the next one).
#if RF_KNOWN_LAYOUT && !RF_NO_FREELISTS
#if PY_VERSION_HEX >= 0x030D0000
#ifdef Py_GIL_DISABLED
#define RF_FLOATS (&((_PyThreadStateImpl *)PyThreadState_Get())->freelists.floats)
#else
#define RF_FLOATS (&PyInterpreterState_Get()->object_state.freelists.floats)
#endif
#define RF_FLOAT_CHAIN items
#define RF_HAVE_FLOAT_LIST 1
#elif PyFloat_MAXFREELIST > 0
#define RF_FLOATS (&PyInterpreterState_Get()->float_state)
#define RF_FLOAT_CHAIN free_list
#define RF_HAVE_FLOAT_LIST 1
#endif
#endif

void rf_close_float_free_list(void) {
#ifdef RF_HAVE_FLOAT_LIST
    // Every version frees a float to the allocator when the count is at the capacity (3.13 also when
    // it is negative), and takes one from the list only when the chain is not empty.
    __typeof__(RF_FLOATS) floats = RF_FLOATS;
    if (floats->numfree == PyFloat_MAXFREELIST && floats->RF_FLOAT_CHAIN == NULL) return;
    PyFloatObject *f = floats->RF_FLOAT_CHAIN;
    floats->RF_FLOAT_CHAIN = NULL;
    floats->numfree = PyFloat_MAXFREELIST;
    while (f != NULL) {
        PyFloatObject *next = (PyFloatObject *)Py_TYPE((PyObject *)f);
        PyObject_Free(f); // a dead float's block, as _PyFloat_ClearFreeList gives it back
        f = next;
    }
#endif
}

int rf_float_free_list_closed(void) {
#ifdef RF_HAVE_FLOAT_LIST
    __typeof__(RF_FLOATS) floats = RF_FLOATS;
    return floats->numfree == PyFloat_MAXFREELIST && floats->RF_FLOAT_CHAIN == NULL;
#elif RF_KNOWN_LAYOUT
    return 1; // no float free list in this build
#else
    return -1;
#endif
}

// MARK: - What precedes an object in its block

static size_t offsets[4];
static int offset_count;

static void compute_offsets(void) {
    if (offset_count > 0) return;
    offsets[offset_count++] = 0; // a non-GC object starts at its block
#if RF_KNOWN_LAYOUT
    // A synthetic type object with the flags set: the headers' own function says how much precedes
    // an object of such a type (the GC header; the managed dict and weakref pointers).
    PyTypeObject probe;
    memset(&probe, 0, sizeof probe);
    probe.tp_flags = Py_TPFLAGS_HAVE_GC;
    size_t gc = _PyType_PreHeaderSize(&probe);
#ifdef Py_TPFLAGS_PREHEADER
    probe.tp_flags |= Py_TPFLAGS_PREHEADER;
#else
    probe.tp_flags |= Py_TPFLAGS_MANAGED_DICT;
#endif
    size_t managed = _PyType_PreHeaderSize(&probe);
    if (gc != 0) offsets[offset_count++] = gc;
    if (managed != gc && managed != 0) offsets[offset_count++] = managed;
#else
    offsets[offset_count++] = 2 * sizeof(void *); // an assumption, said so by rf_object_offsets_known
#endif
}

int rf_object_offsets(size_t *out, int capacity) {
    compute_offsets();
    int n = offset_count < capacity ? offset_count : capacity;
    for (int i = 0; i < n; i++) out[i] = offsets[i];
    return n;
}

int rf_object_offsets_known(void) { return RF_KNOWN_LAYOUT; }

// MARK: - Set iteration

const char *rf_set_iteration_method(void) {
#if RF_KNOWN_LAYOUT && PY_VERSION_HEX >= 0x030D0000
    return "_PySet_NextEntry (internal header)";
#elif RF_KNOWN_LAYOUT || PY_VERSION_HEX < 0x030D0000
    return "_PySet_NextEntry";
#else
    return "a walk of the PySetObject table";
#endif
}

/// Borrowed `*key`: the next member of a set or frozenset. No allocation, no count change, no
/// Python code. 3.11 and 3.12 export _PySet_NextEntry publicly; 3.13 only in its internal headers.
int rf_set_next(PyObject *set, ssize_t *pos, PyObject **key) { // borrowed set; *key borrowed
#if RF_KNOWN_LAYOUT || PY_VERSION_HEX < 0x030D0000
    Py_hash_t hash;
    return _PySet_NextEntry(set, pos, key, &hash);
#else
    // A version whose internal headers are not known here: walk the table (PySetObject's layout is
    // public), skipping free slots (NULL key) and deleted ones (the dummy key, stored with hash -1,
    // a hash no member has: -1 is the error value, so hash() maps it to -2).
    PySetObject *so = (PySetObject *)set;
    while (*pos <= so->mask) {
        setentry *entry = &so->table[(*pos)++];
        if (entry->key != NULL && entry->hash != -1) { *key = entry->key; return 1; }
    }
    return 0;
#endif
}

// MARK: - The type attribute cache

// Each entry of the cache holds a strong reference to its name (a str, or None when the entry is
// empty: 3.11 to 3.13 fill empty entries with None) and a borrowed value. PyType_ClearCache empties
// every entry and then invalidates the version tag of every type (PyType_Modified(object) walks all
// subclasses, writing to every type object: in a forked child, a copy-on-write fault on each of their
// pages, and 3.12 gives a type at most 1,000 versions). Emptying the entries alone moves the same counts:
// an entry with version 0 never matches a lookup, and the types' tags stay valid.
// 1 from a reset until the next case begins or someone says Python code ran (rf_type_cache_forget).
static int type_cache_known_empty;

void rf_type_cache_forget(void) { type_cache_known_empty = 0; }

void rf_type_cache_reset_unless_empty(void) {
    if (!type_cache_known_empty) rf_type_cache_reset();
    type_cache_known_empty = 0; // the case about to run fills it
}

void rf_type_cache_reset(void) {
    type_cache_known_empty = 1;
#if RF_KNOWN_LAYOUT && !defined(Py_GIL_DISABLED)
    PyInterpreterState *interp = PyInterpreterState_Get();
#if PY_VERSION_HEX >= 0x030C0000
    struct type_cache *cache = &interp->types.type_cache;
#else
    struct type_cache *cache = &interp->type_cache;
#endif
    // Every entry is read, once a case: an entry named None is empty (a lookup that fills one always
    // names it with a str and gives it a version), so the name alone is checked, four at a time.
    struct type_cache_entry *entry = cache->hashtable, *end = entry + ((size_t)1 << MCACHE_SIZE_EXP);
    PyObject *none = Py_None;
    for (; entry < end; entry += 4) {
        if (entry[0].name == none && entry[1].name == none && entry[2].name == none && entry[3].name == none) continue;
        for (int k = 0; k < 4; k++) {
            if (entry[k].name == none) continue;
            entry[k].version = 0;
            entry[k].value = NULL;
            Py_XSETREF(entry[k].name, Py_NewRef(none)); // releases the cache's reference to the name
        }
    }
#else
    PyType_ClearCache();
#endif
}

const char *rf_type_cache_method(void) {
#if RF_KNOWN_LAYOUT && !defined(Py_GIL_DISABLED)
    return "its entries emptied (internal header)";
#else
    return "PyType_ClearCache";
#endif
}
