// RefFuzzRuntime: the part of the detectors that must be C.
//
// - tracked objects: the canary, evil, mutator, iterator and file types, whose memory is parked in a
//   graveyard when they die so that any later use is seen instead of reading reused memory; the program
//   hook through which they (and the subclasses of built-in types) run generated programs and answer;
// - the zombie type: freed object-allocator blocks are filled with pointers to it, so a use of a freed
//   int or str goes through the zombie's slots and is recorded;
// - allocator hooks for the MEM and OBJ domains: poison, quarantine, count live blocks, catch double frees;
// - guard pages: in a child that runs cases, raw blocks get pages of their own that become inaccessible
//   when freed, so a stale access faults at once and the fault handler records it;
// - dealloc hooks on the free-listed builtin types, so the death of a case object is seen even when its
//   memory goes to a free list instead of the allocator;
// - the event log and death table the Swift executor reads after each case.
//
// All functions must be called with the GIL held (the fuzz engine is single threaded per process).
#ifndef REFFUZZ_RUNTIME_H
#define REFFUZZ_RUNTIME_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct _object PyObject;

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Events

typedef enum {
    RF_EVENT_USE_AFTER_DEATH = 1, ///< a slot of a dead canary/evil/mutator ran
    RF_EVENT_DEALLOC_AFTER_DEATH = 2, ///< a dead tracked object's count went 0 -> 1 -> 0 again
    RF_EVENT_COUNT_AFTER_DEATH = 3, ///< a parked object's count is no longer 0 (incref/decref after death)
    RF_EVENT_ZOMBIE_USE = 4, ///< a slot of a freed allocator-backed object ran
    RF_EVENT_FREED_MEMORY_WRITTEN = 5, ///< a quarantined block's poison was overwritten
    RF_EVENT_DOUBLE_FREE = 6, ///< an already freed block was freed again
    RF_EVENT_FREED_RAW_ACCESSED = 7, ///< a guarded freed block of raw memory was read or written (a fault)
} rf_event_kind;

/// Which slot of an object was used (for messages).
typedef enum {
    RF_SLOT_REPR = 1, RF_SLOT_HASH, RF_SLOT_COMPARE, RF_SLOT_GETATTR, RF_SLOT_SETATTR, RF_SLOT_CALL,
    RF_SLOT_INDEX, RF_SLOT_ITER, RF_SLOT_LENGTH, RF_SLOT_ITEM, RF_SLOT_DEALLOC, RF_SLOT_NUMBER,
    RF_SLOT_REFCOUNT, RF_SLOT_MEMORY, RF_SLOT_STR, RF_SLOT_BOOL,
    RF_SLOT_STALE_POINTER, ///< a pointer read from freed memory was increfed or used
    RF_SLOT_READ, RF_SLOT_WRITE, ///< how a guarded freed block was touched (RF_SLOT_MEMORY: unknown)
} rf_slot;

typedef struct {
    int32_t kind;      ///< rf_event_kind
    int32_t slot;      ///< rf_slot
    int64_t tag;       ///< case object tag, -1 when the address is not a case object
    int64_t step;      ///< harness step counter when it happened
    uintptr_t address; ///< object address
    int64_t size;       ///< RF_EVENT_FREED_RAW_ACCESSED: the block's size in bytes (else 0)
    int64_t freed_step; ///< RF_EVENT_FREED_RAW_ACCESSED: the step that freed it, -1 for an earlier case
} rf_event;

/// Events recorded since the last rf_case_begin, and how many did not fit.
size_t rf_event_count(void);
size_t rf_events_dropped(void);
const rf_event *rf_events(void);

/// The harness step counter: the executor sets it as it goes, every event and death is stamped with it.
void rf_set_step(int64_t step);
int64_t rf_step(void);

// MARK: - Case lifecycle, tracking and deaths

/// Starts a case: clears events, the tracking table and the death table.
void rf_case_begin(void);
/// Tracks `object` (borrowed: only its address is kept) as case object `tag` (0 <= tag < rf_max_tags()).
/// Does not touch its count.
/// Returns 0, or -1 when the table is full.
int rf_track(PyObject *object, int64_t tag);
int64_t rf_max_tags(void);
/// The step at which case object `tag` died, or -1 when it has not died.
int64_t rf_death_step(int64_t tag);
/// The number of case objects that died since rf_case_begin.
int64_t rf_death_count(void);
/// Checks parked objects and this case's quarantined blocks for writes after death; records events.
void rf_check_graveyard(void);
/// Records an event if a pointer read from freed memory was increfed since the last check (the zombie
/// type's own count changed). Call right after the call: the teardown would give that reference back.
void rf_check_freed_pointer_uses(void);
/// 1 when an incref of the zombie type moves its count, which rf_check_freed_pointer_uses relies on
/// (3.13 makes readied static types immortal; rf_runtime_ready makes the zombie type mortal again).
int rf_freed_pointer_watch_works(void);
/// Ends a case: frees the parked tracked objects (after rf_check_graveyard).
void rf_case_end(void);

/// Watches objects across cases (rf_case_begin does not clear this list): used to see whether the
/// objects one repetition of a case leaked are released by later repetitions. `object` is borrowed: only
/// its address is kept, no reference. Returns 0, or -1 if full.
int rf_watch(PyObject *object);
void rf_watch_clear(void);
/// How many watched objects have not died.
int64_t rf_watched_alive(void);

// MARK: - Tracked objects (canary, evil, mutator, iterator, file) and programs

/// Which dunder of an evil object, or the mutator's call, runs a program (Dunder.slot in Swift).
typedef enum {
    RF_DUNDER_EQ = 0, RF_DUNDER_LT = 1, RF_DUNDER_HASH = 2, RF_DUNDER_INDEX = 3,
    RF_DUNDER_REPR = 4, RF_DUNDER_DEL = 5, RF_DUNDER_CALL = 6, RF_DUNDER_LEN = 7,
    RF_DUNDER_LENGTH_HINT = 8, RF_DUNDER_STR = 9, RF_DUNDER_BOOL = 10, RF_DUNDER_COUNT = 11,
} rf_dunder;

/// The methods of a file-like object (FileMethod in Swift, in its order); an iterator has one, 0.
typedef enum { RF_FILE_WRITE = 0, RF_FILE_READ = 1, RF_FILE_READLINE = 2, RF_FILE_FLUSH = 3 } rf_file_method;

/// Whose program runs: `method` is an rf_dunder for an evil object, RF_DUNDER_CALL for a mutator,
/// 0 for an iterator's __next__, an rf_file_method for a file, and the index of the method in
/// BuiltinBase.methods for an instance of a subclass of a built-in type (whose `ident` is its tag).
typedef enum {
    RF_OWNER_MUTATOR = 0, RF_OWNER_EVIL = 1, RF_OWNER_ITERATOR = 2, RF_OWNER_FILE = 3, RF_OWNER_INSTANCE = 4,
} rf_program_owner;

/// Called when a harness object's method runs: runs its next generated program (`call_index` counts
/// the calls of that method on that object; -1 for an instance, whose calls the hook counts), then
/// answers. Returns a new reference (a generated value to hand back), or NULL: with an exception set,
/// a generated raise; without one, the method's usual answer. The GIL is held.
typedef PyObject *(*rf_program_hook)(int32_t owner, int32_t ident, int32_t method, int32_t call_index);
void rf_set_program_hook(rf_program_hook hook);

/// New reference: a canary (hash and order by `ident`, equality by identity).
PyObject *rf_new_canary(int32_t ident);
/// New reference: an evil object. `behaviours` is a bitmask over rf_dunder of the dunders that run a
/// program or answer otherwise (an evil object has __len__ or __length_hint__ only when its mask
/// says so); `constant_hash` makes every evil object hash alike (and like the int 7).
PyObject *rf_new_evil(int32_t ident, uint32_t behaviours, int constant_hash);
/// New reference: a mutator, a callable that runs its next program and returns None (or its answer).
PyObject *rf_new_mutator(int32_t ident);
/// New reference: an iterator over `count` items (given with rf_iterator_set_item) whose __next__
/// runs its next program, then hands out its next item (StopIteration after the last); it has a
/// __length_hint__ answering `hint` when `has_hint`.
PyObject *rf_new_iterator(int32_t ident, ssize_t count, int has_hint, ssize_t hint);
/// Puts item `i` of a new iterator (borrowed); steals `item`.
void rf_iterator_set_item(PyObject *iterator, ssize_t i, PyObject *item);
/// The items an iterator (borrowed) still holds, borrowed, in the order it hands them out; sets *count.
PyObject *const *rf_iterator_items(PyObject *iterator, ssize_t *count);
/// Releases the items an iterator (borrowed) still holds, as if it had handed them all out.
void rf_iterator_clear(PyObject *iterator);
/// 1 when `object` (borrowed) is one of RefFuzz's iterators.
int rf_is_iterator(PyObject *object);
/// New reference: a file-like object whose write, read, readline and flush run their programs and
/// answer len(data), b"", b"" and None unless told otherwise.
PyObject *rf_new_file(int32_t ident);
/// 1 when `object` (borrowed) is a canary, evil object, mutator, iterator or file.
int rf_is_tracked_type(PyObject *object);
/// New reference: the function `hook(instance, method_index)` that the overridden methods of the
/// subclasses of built-in types call first: it runs the instance's program and returns NotImplemented
/// (answer as the base type does), a generated value (new), or raises the generated exception.
PyObject *rf_new_instance_hook(void);

// MARK: - Runtime set-up

/// Installs the allocator hooks. Call after Py_PreInitialize and before Py_InitializeFromConfig.
void rf_install_allocator_hooks(void);
/// Readies the tracked and zombie types and hooks the deallocators of list, dict, tuple, set and
/// frozenset. Call once after Py_Initialize.
int rf_runtime_ready(void);

/// Live blocks in the MEM and OBJ domains (allocations minus frees).
int64_t rf_live_blocks(void);

// MARK: - Version-aware interpreter internals (interp_internals.c) and API (versions.c)

/// Objects parked in CPython's free lists (allocated blocks that hold no live object): tuples, lists,
/// dicts, dict keys, floats, contexts, async generator values, the slice cache, MemoryErrors.
/// 0 when the layout of this version is not known (`rf_free_lists().known == 0`).
int64_t rf_free_list_objects(void);

/// The free lists of the headers this binary is built against (their MAXFREELIST constants).
typedef struct {
    int32_t known;              ///< 1 when rf_free_list_objects reads this version's counters
    int32_t tuple_sizes;        ///< tuples of sizes 1...tuple_sizes have free lists (0: none)
    int32_t tuple_capacity;     ///< tuples kept per size
    int32_t list_capacity;
    int32_t dict_capacity;
    int32_t dict_keys_capacity; ///< keys objects of the smallest size
    int32_t float_capacity;
    int32_t slice_capacity;
} rf_free_list_layout;
rf_free_list_layout rf_free_lists(void);

/// Empties the float free list and closes it (its count set to its capacity, its chain empty), so that
/// every float freed from now on goes back to the allocator, where its death is seen and its memory
/// poisoned: specialized float instructions free floats without tp_dealloc (3.12+), so no dealloc hook
/// could see them. A full collection reopens the list; rf_set_step closes it again. No-op where the
/// layout is unknown or floats have no free list.
void rf_close_float_free_list(void);
/// 1 when the float free list is closed (or there is none), 0 when it is open, -1 when unknown.
int rf_float_free_list_closed(void);

/// Empties the type attribute cache: every entry back to version 0 and the name None, releasing the
/// references the entries held to their names; the types' version tags stay valid (PyType_ClearCache
/// also invalidates every type's tag, which costs a write to every type object). PyType_ClearCache
/// where the cache's layout is not known.
void rf_type_cache_reset(void);
/// Empties the cache unless it is known to be empty: nothing but rf_type_cache_reset touched it since
/// the last reset (a case's teardown ends with one, and the next case begins with this). Whoever runs
/// Python code in between (a garbage collection, a repr) calls rf_type_cache_forget; so does a child
/// after fork. The scan of the cache's 4,096 entries is then made once a case instead of twice.
void rf_type_cache_reset_unless_empty(void);
void rf_type_cache_forget(void);
/// How rf_type_cache_reset empties the cache on this version (for `reffuzz runtime`).
const char *rf_type_cache_method(void);

/// The offsets from the start of a memory block at which an object can start on this version (0,
/// after the GC header, after the GC header and the managed dict/weakref pointers), from the
/// headers' _PyType_PreHeaderSize. Writes up to `capacity` of them; returns how many.
int rf_object_offsets(size_t *out, int capacity);
/// 1 when those offsets come from the headers, 0 when they are assumed (an unknown version).
int rf_object_offsets_known(void);

/// The next member of a set or frozenset, as PyDict_Next does for dicts: start with *pos = 0; returns
/// 1 and a borrowed *key, or 0 at the end. No allocation, no count change, no Python code.
int rf_set_next(PyObject *set, ssize_t *pos, PyObject **key);
/// How rf_set_next iterates on this version (for `reffuzz runtime`).
const char *rf_set_iteration_method(void);

/// The items of a collections.deque (borrowed), left to right, read from its blocks without running
/// code or touching a count: writes up to `capacity` borrowed pointers to `out`, returns the length,
/// or -1 when this version's deque layout is unknown.
ssize_t rf_deque_items(PyObject *deque, PyObject **out, ssize_t capacity);
/// The keys of an OrderedDict (borrowed) in its order (its linked list, not the dict's), the same
/// way; returns the number of keys, or -1 when this version's layout is unknown.
ssize_t rf_odict_keys(PyObject *odict, PyObject **out, ssize_t capacity);
/// 1 when rf_deque_items and rf_odict_keys know this version's layouts.
int rf_container_layouts_known(void);

/// 1 when `object` (borrowed) is immortal: _Py_IsImmortal on 3.12 and 3.13, an incref probe on
/// versions without immortal objects.
int rf_is_immortal(PyObject *object);
/// 1 when an incref of `object` (borrowed) does not move its count (the same reference is given back).
int rf_is_immortal_by_incref(PyObject *object);
/// How rf_is_immortal decides, for start-up notes.
const char *rf_immortality_probe(void);

/// New reference: the pending exception as a normalized instance, clearing it; NULL when none is set.
/// PyErr_GetRaisedException on 3.12+, PyErr_Fetch and PyErr_NormalizeException on 3.11.
PyObject *rf_take_exception(void);
/// New reference: the args tuple of an exception instance (borrowed), or NULL. No attribute lookup,
/// no allocation (PyException_GetArgs on 3.12+, the struct field on 3.11).
PyObject *rf_exception_args(PyObject *exception);
/// Which exception API rf_take_exception and rf_exception_args use on this version.
const char *rf_exception_api(void);
/// The tp_name of the type of `object` (borrowed).
const char *rf_type_name(PyObject *object);
/// Enables or disables poisoning and quarantine of freed blocks (on by default).
void rf_set_quarantine(int enabled);
/// Enables or disables parking dead case containers as zombies (on by default). With both off, freed
/// objects behave as in a stock interpreter (only canaries still record their use after death).
void rf_set_parking(int enabled);

// MARK: - Guard pages (guardpages.c)

/// What the fault handler of a child found, in the memory the child shares with its parent: the parent
/// reads it when the child died. Cleared when each case run begins (rf_case_begin); holds the first
/// fault of the run.
typedef enum {
    RF_FAULT_NONE = 0,
    RF_FAULT_FREED = 1,    ///< a freed, quarantined raw block (recorded, made readable, the access went on)
    RF_FAULT_RELEASED = 2, ///< a raw block freed long enough ago to have left the quarantine (the child dies)
    RF_FAULT_OVERFLOW = 3, ///< past the end (or before the start) of a live guarded block (the child dies)
    RF_FAULT_REDZONE = 4,  ///< the redzone after a block was found written when it was freed (the child aborts)
} rf_fault_kind;
typedef enum { RF_ACCESS_UNKNOWN = 0, RF_ACCESS_READ = 1, RF_ACCESS_WRITE = 2 } rf_access;
typedef struct {
    int32_t kind;           ///< rf_fault_kind; written last
    int32_t access;         ///< rf_access
    uint64_t fault_address;
    uint64_t block_address;
    uint64_t block_size;
    int64_t freed_step;     ///< the harness step that freed it; -1 when an earlier case run did (or overflow)
    int64_t fault_step;     ///< the harness step during which it was touched
} rf_guard_fault;

typedef struct {
    uint64_t guarded;    ///< blocks given pages of their own
    uint64_t declined;   ///< blocks of sites known to hold objects (or still being learned)
    uint64_t capped;     ///< blocks of a site, or of a case run, that had its share of guarded blocks
    uint64_t exhausted;  ///< blocks left unguarded because every slot was in use
    uint64_t protected_; ///< freed raw blocks made inaccessible
    uint64_t parked;     ///< freed blocks found to hold objects, left readable in the quarantine ring
    uint64_t released;   ///< slots given back for reuse
    uint64_t faults;     ///< faults on guarded slots
} rf_guard_stats;

/// Starts the mode in this child (call once after fork, before any case): reserves the pool of slots
/// and installs the SIGSEGV/SIGBUS handler (SA_SIGINFO), which reports to `shared` (memory shared with
/// the parent; may be NULL). Allocations are guarded only in cases turned on with rf_guard_case.
/// Returns 0, or -1 when the pool or the handler could not be set up (the mode then stays off).
int rf_guard_start(rf_guard_fault *shared);
/// Guards (1) or not (0) the blocks allocated from now on; no-op before rf_guard_start.
void rf_guard_case(int enabled);
/// 1 once rf_guard_start succeeded in this process.
int rf_guard_active(void);
/// The largest block that gets pages of its own.
size_t rf_guard_max_block(void);
rf_guard_stats rf_guard_statistics(void);
/// 1 when `p` lies in the pool of guarded slots.
int rf_guard_owns(const void *p);
/// 1 when the word at `p` can be read (a probe that the fault handler catches); 0 when not, or when
/// the mode is not started.
int rf_guard_readable(const void *p);

/// The item array of `list` (borrowed; the array is the list's), for `reffuzz runtime` to probe.
PyObject **rf_guard_list_items(PyObject *list);

/// Child-side set-up after fork: default signal dispositions, no core files.
void rf_child_after_fork(void);

/// pipe2(fds, O_CLOEXEC) (a GNU extension Swift does not see). Returns 0 or -1.
int rf_pipe_cloexec(int fds[2]);

#ifdef __cplusplus
}
#endif

#endif
