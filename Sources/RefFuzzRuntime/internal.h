// Shared between the runtime's C files; not part of the public header.
#ifndef REFFUZZ_RUNTIME_INTERNAL_H
#define REFFUZZ_RUNTIME_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "RefFuzzRuntime.h"

/// Where an object can start in its memory block, from the headers (see interp_internals.c): 0, after
/// the GC header, after the GC header and the managed dict/weakref pointers. Filled by
/// rf_install_allocator_hooks, before any object exists.
extern size_t rf_block_offsets[4];
extern int rf_block_offset_count;

/// The pending exception, set aside while the runtime runs code of its own and put back after,
/// with the API of the headers: 3.12+ keeps one object, 3.11 a (type, value, traceback) triple that
/// must not be normalized here (normalizing may run Python code).
typedef struct {
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *exception;
#else
    PyObject *type, *value, *traceback;
#endif
} rf_saved_exception;

/// Takes the pending exception (new references), clearing the error indicator.
static inline rf_saved_exception rf_exception_save(void) {
    rf_saved_exception saved;
#if PY_VERSION_HEX >= 0x030C0000
    saved.exception = PyErr_GetRaisedException();
#else
    PyErr_Fetch(&saved.type, &saved.value, &saved.traceback);
#endif
    return saved;
}

/// Makes the saved exception pending again (steals the references taken by rf_exception_save).
static inline void rf_exception_restore(rf_saved_exception saved) {
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_SetRaisedException(saved.exception);
#else
    PyErr_Restore(saved.type, saved.value, saved.traceback);
#endif
}

/// Runs the next program of a harness object's method and takes its answer (see rf_program_hook): a new
/// reference, or NULL with *raised set when the program's answer is a raise (the exception is set and
/// replaces any pending one), or NULL for the usual answer. With `may_raise` 0 (a __del__), raises and
/// values are dropped and a pending exception is kept.
PyObject *rf_program_answer(int32_t owner, int32_t ident, int32_t method, int32_t call_index, int may_raise,
                            int *raised);

/// The part every tracked object (canary, evil, mutator, iterator, file) begins with.
enum { RF_KIND_CANARY = 0, RF_KIND_EVIL = 1, RF_KIND_MUTATOR = 2, RF_KIND_ITERATOR = 3, RF_KIND_FILE = 4 };
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

/// Initializes the tracked part of a new object (`object` borrowed).
void rf_tracked_init(PyObject *object, int32_t kind, int32_t ident);
/// The answer of the next program of `method` of a tracked object (borrowed), as rf_program_answer.
PyObject *rf_tracked_answer(PyObject *object, int32_t method, int may_raise, int *raised);
/// Records a use of a tracked object (borrowed) if it is dead; returns 1 when it was.
int rf_tracked_check_dead(PyObject *object, rf_slot slot);
/// The deallocator every tracked type shares (it parks the object instead of freeing it).
void rf_tracked_dealloc(PyObject *self);
/// Marks a dying tracked object dead and parks it in the graveyard; `noted` when rf_note_death was
/// already called for it.
void rf_tracked_park(PyObject *self, int noted);
/// The slots every tracked type shares (borrowed arguments; new references returned).
PyObject *rf_tracked_repr(PyObject *self);
Py_hash_t rf_tracked_hash(PyObject *self);
PyObject *rf_tracked_richcompare(PyObject *self, PyObject *other, int op);
PyObject *rf_tracked_getattro(PyObject *self, PyObject *name);
int rf_tracked_setattro(PyObject *self, PyObject *name, PyObject *value);
/// The slots of a tracked type's static PyTypeObject that every tracked type shares.
#define RF_TRACKED_SLOTS(dealloc) \
    .tp_dealloc = dealloc, \
    .tp_repr = rf_tracked_repr, \
    .tp_hash = rf_tracked_hash, \
    .tp_richcompare = rf_tracked_richcompare, \
    .tp_getattro = rf_tracked_getattro, \
    .tp_setattro = rf_tracked_setattro, \
    .tp_flags = Py_TPFLAGS_DEFAULT
int rf_iterator_types_ready(void);
int rf_file_type_ready(void);

/// Records an event about the object at `address` (borrowed, possibly freed: only its address is used;
/// the tag of the case object that died there is looked up).
void rf_record(rf_event_kind kind, rf_slot slot, PyObject *address);
/// Called when a block or object at `address` dies: if it is a tracked case object, its death is recorded.
void rf_note_death(const void *address);
/// Undoes rf_note_death for a case object (`address` borrowed) whose deallocation resurrected it.
void rf_undo_death(const void *address, int64_t tag);
/// The tag of a live tracked case object at `address`, or -1.
int64_t rf_tracked_tag(const void *address);
/// Dead case containers parked as zombies until the case ends.
void rf_container_graveyard_check(void);
void rf_container_graveyard_sweep(void);
/// The reference count a parked container is given: far from zero, so a stray decref never frees it.
#define RF_PARKED_REFCNT ((Py_ssize_t)1 << 40)
/// The tag of a case object that died at `address`, or -1.
int64_t rf_tag_for_dead_address(const void *address);

/// The zombie type whose address fills freed blocks (placed by rf_zombie_ready where that address
/// reads as an ordinary, mortal count).
extern PyTypeObject *rf_zombie_type;
/// Places the zombie type (once): before the allocator hooks poison any block with its address.
void rf_zombie_place(void);
int rf_zombie_ready(void);
/// Gives an immortal object (borrowed) an ordinary count again, so that increfs and decrefs move it.
void rf_make_mortal(PyObject *object);
/// Watches the zombie type's own count from the start of a case (see zombie.c).
void rf_zombie_case_begin(void);
void rf_zombie_check(void);
int rf_tracked_types_ready(void);
int rf_dealloc_hooks_install(void);

/// The header every hooked block starts with (allocator.c).
typedef struct {
    uint32_t magic;
    uint32_t state;
    uint64_t size;
} rf_block_header;

/// Reports a write `offset` bytes into the block at `block` of `size` bytes, past its end (its redzone),
/// found when it was freed: the child's shared record and a line on stderr; then the child aborts.
void rf_report_redzone_write(const void *block, size_t size, size_t offset) __attribute__((noreturn));

/// Guard pages (guardpages.c), for the allocator hooks. `rf_guard_enabled`: this case's blocks are guarded.
extern int rf_guard_enabled;
extern uintptr_t rf_guard_base, rf_guard_end;
static inline int rf_guard_contains(const void *p) {
    return (uintptr_t)p >= rf_guard_base && (uintptr_t)p < rf_guard_end;
}
/// A block of `size` bytes with pages of its own, allocated at `site` (a return address), or NULL when
/// it is not guarded (too big, a site of objects, no slot). The caller writes its header.
void *rf_guard_malloc(size_t size, uintptr_t site);
enum { RF_GUARDED_NONE = 0, RF_GUARDED_LIVE = 1, RF_GUARDED_FREED = 2 };
/// Whether `p` (in the pool) is the start of a live guarded block, of a freed one, or neither.
int rf_guard_block_state(const void *p);
/// 1 when a block about to be freed is an object or holds pointers to objects.
int rf_guard_holds_objects(const void *block, size_t size);
/// A freed guarded block (poisoned): made inaccessible and quarantined (raw memory) ...
void rf_guard_protect(void *p);
/// ... or left readable, parked in the allocator's quarantine ring (objects), until rf_guard_unpark;
void rf_guard_park(void *p);
void rf_guard_unpark(void *p);
/// ... or given back at once (the quarantine is off).
void rf_guard_release_now(void *p);
/// A case run begins (rf_case_begin): clears the shared fault record.
void rf_guard_case_begin(void);
/// Records that a guarded freed block at `block` of `size` bytes, freed at step `freed_step` (-1: by an
/// earlier case run), was touched (`access`: rf_access) at the current step. Async-signal-safe.
void rf_record_raw_access(int access, uintptr_t block, uint64_t size, int64_t freed_step);

/// Quarantine: checks blocks freed since `rf_quarantine_mark` for writes after free.
uint64_t rf_quarantine_mark(void);
void rf_quarantine_check_since(uint64_t mark);
/// Parked tracked objects.
void rf_graveyard_check(void);
void rf_graveyard_sweep(void);

#endif
