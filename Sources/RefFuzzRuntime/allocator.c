// Allocator hooks for the MEM and OBJ domains, wrapping the default (pymalloc) allocators.
//
// Every block carries a 16-byte header (magic, state, size) and, after its end, a 16-byte redzone of a
// known pattern: a block freed with its redzone changed was written past its end (an overflow of a few
// bytes that would land in the slack of its size class and go unseen), and the child aborts, reporting
// where. A freed block is filled with the zombie
// type's address, parked in a quarantine ring (so it is not reused while a dangling pointer may still
// reach it), and checked for writes when the case ends and when it leaves the ring. Freeing a block that
// is already free is recorded and ignored instead of corrupting the heap.
//
// In a guarded case (guardpages.c) a block may instead get pages of its own, with the same header: the
// same counts, poison and double-free guard apply; when freed it becomes inaccessible (raw memory) or
// joins the ring like any other block (objects, and blocks that hold pointers to objects).
#include "internal.h"

#define RF_MAGIC 0x52664675u /* "RfFu" */
#define RF_STATE_LIVE 0x4c495645u
#define RF_STATE_FREED 0x44454144u
#define RF_RING_CAPACITY (1u << 16)
#define RF_RING_MAX_BYTES ((size_t)64 << 20)

_Static_assert(sizeof(rf_block_header) == 16, "the header keeps 16-byte alignment");

static PyMemAllocatorEx underlying_mem, underlying_obj;
static int64_t live_blocks;
static int quarantine_enabled = 1;

typedef struct { rf_block_header *header; PyMemAllocatorEx *owner; } rf_parked_block;
static rf_parked_block ring[RF_RING_CAPACITY];
static uint64_t ring_head; // total blocks ever pushed
static uint64_t ring_tail; // total blocks ever evicted
static size_t ring_bytes;

int64_t rf_live_blocks(void) { return live_blocks; }
void rf_set_quarantine(int enabled) { quarantine_enabled = enabled; }

#define RF_REDZONE 16
#define RF_REDZONE_BYTE 0xFB
#define RF_REDZONE_WORD 0xFBFBFBFBFBFBFBFBull

static inline void *user_of(rf_block_header *h) { return (char *)h + sizeof(rf_block_header); }

/// The redzone's length: 16 bytes, or for a guarded block the slack between its end and the guard page
/// (its 16-byte alignment leaves 0 to 15 bytes there).
static inline size_t redzone_length(rf_block_header *h, int guarded) {
    if (!guarded) return RF_REDZONE;
    size_t rounded = (h->size + 15) & ~(size_t)15;
    return (rounded == 0 ? 16 : rounded) - h->size;
}

static inline void fill_redzone(rf_block_header *h, int guarded) {
    memset((char *)user_of(h) + h->size, RF_REDZONE_BYTE, redzone_length(h, guarded));
}

/// Aborts the child (rf_report_redzone_write) when the redzone after the block was written.
static inline void check_redzone(rf_block_header *h, int guarded) {
    const unsigned char *zone = (const unsigned char *)user_of(h) + h->size;
    size_t length = redzone_length(h, guarded);
    if (length == RF_REDZONE) {
        uint64_t a, b;
        memcpy(&a, zone, 8);
        memcpy(&b, zone + 8, 8);
        if (a == RF_REDZONE_WORD && b == RF_REDZONE_WORD) return;
    }
    size_t first = 0;
    while (first < length && zone[first] == RF_REDZONE_BYTE) first++;
    if (first < length) rf_report_redzone_write(user_of(h), h->size, h->size + first);
}
static inline rf_block_header *header_of(void *p) { return (rf_block_header *)((char *)p - sizeof(rf_block_header)); }

static void poison(rf_block_header *h) {
    uintptr_t word = (uintptr_t)rf_zombie_type;
    uintptr_t *w = (uintptr_t *)user_of(h);
    size_t words = h->size / sizeof(uintptr_t);
    for (size_t i = 0; i < words; i++) w[i] = word;
    memset((char *)user_of(h) + words * sizeof(uintptr_t), 0xDB, h->size % sizeof(uintptr_t));
}

static int poison_intact(rf_block_header *h) {
    uintptr_t word = (uintptr_t)rf_zombie_type;
    const uintptr_t *w = (const uintptr_t *)user_of(h);
    size_t words = h->size / sizeof(uintptr_t);
    for (size_t i = 0; i < words; i++) if (w[i] != word) return 0;
    const unsigned char *tail = (const unsigned char *)user_of(h) + words * sizeof(uintptr_t);
    for (size_t i = 0; i < h->size % sizeof(uintptr_t); i++) if (tail[i] != 0xDB) return 0;
    return 1;
}

size_t rf_block_offsets[4];
int rf_block_offset_count;

/// The object a block held: the first offset at which a case object died, else the block itself.
static PyObject *object_of_block(void *block) { // not a reference: the address of a freed object
    for (int i = 0; i < rf_block_offset_count; i++) {
        char *candidate = (char *)block + rf_block_offsets[i];
        if (rf_tag_for_dead_address(candidate) >= 0) return (PyObject *)candidate;
    }
    return (PyObject *)block;
}

/// Records a write into a freed block, naming the case object that lived there when there is one.
static void record_written(rf_block_header *h) {
    rf_record(RF_EVENT_FREED_MEMORY_WRITTEN, RF_SLOT_MEMORY, object_of_block(user_of(h)));
}

/// Guarded blocks parked in the ring are "freed" by giving their slot back.
static void unpark_guarded(void *ctx, void *header) { (void)ctx; rf_guard_unpark(user_of(header)); }
static PyMemAllocatorEx guarded_owner = { NULL, NULL, NULL, NULL, unpark_guarded };

static void evict_one(void) {
    rf_parked_block *b = &ring[ring_tail % RF_RING_CAPACITY];
    ring_tail++;
    if (b->header == NULL) return;
    if (!poison_intact(b->header)) record_written(b->header);
    ring_bytes -= b->header->size;
    b->header->magic = 0;
    b->owner->free(b->owner->ctx, b->header);
    b->header = NULL;
}

uint64_t rf_quarantine_mark(void) { return ring_head; }

void rf_quarantine_check_since(uint64_t mark) {
    if (mark < ring_tail) mark = ring_tail;
    for (uint64_t i = mark; i < ring_head; i++) {
        rf_parked_block *b = &ring[i % RF_RING_CAPACITY];
        if (b->header != NULL && !poison_intact(b->header)) {
            record_written(b->header);
            poison(b->header); // report each write once
        }
    }
}

/// `site`: the return address into the code that called PyMem_Malloc or PyObject_Malloc (guard pages
/// learn by it which sites allocate objects).
static void *hooked_malloc_with(PyMemAllocatorEx *u, size_t size, uintptr_t site) {
    if (size > (size_t)PY_SSIZE_T_MAX - sizeof(rf_block_header) - RF_REDZONE) return NULL;
    rf_block_header *h = NULL;
    if (rf_guard_enabled && quarantine_enabled) {
        void *guarded = rf_guard_malloc(size, site);
        if (guarded != NULL) h = header_of(guarded);
    }
    int guarded = h != NULL; // a guarded block has the guard page after it instead of a redzone
    if (h == NULL) h = u->malloc(u->ctx, size + sizeof(rf_block_header) + RF_REDZONE);
    if (h == NULL) return NULL;
    h->magic = RF_MAGIC;
    h->state = RF_STATE_LIVE;
    h->size = size;
    fill_redzone(h, guarded);
    live_blocks++;
    return user_of(h);
}

/// A block is freed: the death of the object that lived there, if it was a case object, and one live
/// block fewer.
static void note_freed(rf_block_header *h) {
    // A non-GC object starts at the block; a GC object after its PyGC_Head (and the managed
    // dict/weakref pointers of the types that have them).
    void *ptr = user_of(h);
    for (int i = 0; i < rf_block_offset_count; i++) rf_note_death((char *)ptr + rf_block_offsets[i]);
    h->state = RF_STATE_FREED;
    live_blocks--;
}

/// Puts a freed, poisoned block in the quarantine ring; `owner` frees it when it leaves.
static void park_in_ring(rf_block_header *h, PyMemAllocatorEx *owner) {
    while (ring_head - ring_tail >= RF_RING_CAPACITY || (ring_bytes + h->size > RF_RING_MAX_BYTES && ring_head > ring_tail)) {
        evict_one();
    }
    rf_parked_block *b = &ring[ring_head % RF_RING_CAPACITY];
    b->header = h;
    b->owner = owner;
    ring_head++;
    ring_bytes += h->size;
}

/// Frees a block in the pool of guarded slots (its header is readable only while it is live).
static void free_guarded(void *ptr) {
    int state = rf_guard_block_state(ptr);
    if (state == RF_GUARDED_FREED) {
        rf_record(RF_EVENT_DOUBLE_FREE, RF_SLOT_MEMORY, object_of_block(ptr));
        return;
    }
    if (state != RF_GUARDED_LIVE) return; // not the start of a block: nothing to free
    rf_block_header *h = header_of(ptr);
    check_redzone(h, 1);
    note_freed(h);
    if (!quarantine_enabled) { h->magic = 0; rf_guard_release_now(ptr); return; }
    int objects = rf_guard_holds_objects(ptr, h->size); // before the poison hides what it held
    poison(h);
    if (objects) {
        rf_guard_park(ptr);
        park_in_ring(h, &guarded_owner);
    } else {
        rf_guard_protect(ptr);
    }
}

static void hooked_free_with(PyMemAllocatorEx *u, void *ptr) {
    if (ptr == NULL) return;
    if (rf_guard_contains(ptr)) { free_guarded(ptr); return; }
    rf_block_header *h = header_of(ptr);
    if (h->magic != RF_MAGIC) { u->free(u->ctx, ptr); return; } // allocated before the hooks
    if (h->state == RF_STATE_FREED) {
        rf_record(RF_EVENT_DOUBLE_FREE, RF_SLOT_MEMORY, object_of_block(ptr));
        return;
    }
    check_redzone(h, 0);
    note_freed(h);
    if (!quarantine_enabled) { h->magic = 0; u->free(u->ctx, h); return; }
    poison(h);
    park_in_ring(h, u);
}

static void *hooked_realloc_with(PyMemAllocatorEx *u, void *ptr, size_t size, uintptr_t site) {
    if (ptr == NULL) return hooked_malloc_with(u, size, site);
    int freed;
    if (rf_guard_contains(ptr)) {
        int state = rf_guard_block_state(ptr);
        if (state == RF_GUARDED_NONE) return NULL;
        freed = state == RF_GUARDED_FREED;
    } else {
        rf_block_header *h = header_of(ptr);
        if (h->magic != RF_MAGIC) return u->realloc(u->ctx, ptr, size);
        freed = h->state == RF_STATE_FREED;
    }
    if (freed) {
        rf_record(RF_EVENT_DOUBLE_FREE, RF_SLOT_MEMORY, (PyObject *)ptr);
        return NULL;
    }
    rf_block_header *h = header_of(ptr);
    // Always move, so the old block is poisoned and quarantined like any freed block.
    void *fresh = hooked_malloc_with(u, size, site);
    if (fresh == NULL) return NULL;
    memcpy(fresh, ptr, h->size < size ? h->size : size);
    hooked_free_with(u, ptr);
    return fresh;
}

#define RF_SITE ((uintptr_t)__builtin_return_address(0))

static void *calloc_with(PyMemAllocatorEx *u, size_t n, size_t elsize, uintptr_t site) {
    if (elsize != 0 && n > (size_t)PY_SSIZE_T_MAX / elsize) return NULL;
    void *p = hooked_malloc_with(u, n * elsize, site);
    if (p != NULL) memset(p, 0, n * elsize);
    return p;
}

static void *mem_malloc(void *ctx, size_t size) { (void)ctx; return hooked_malloc_with(&underlying_mem, size, RF_SITE); }
static void *mem_calloc(void *ctx, size_t n, size_t elsize) { (void)ctx; return calloc_with(&underlying_mem, n, elsize, RF_SITE); }
static void *mem_realloc(void *ctx, void *ptr, size_t size) { (void)ctx; return hooked_realloc_with(&underlying_mem, ptr, size, RF_SITE); }
static void mem_free(void *ctx, void *ptr) { (void)ctx; hooked_free_with(&underlying_mem, ptr); }

static void *obj_malloc(void *ctx, size_t size) { (void)ctx; return hooked_malloc_with(&underlying_obj, size, RF_SITE); }
static void *obj_calloc(void *ctx, size_t n, size_t elsize) { (void)ctx; return calloc_with(&underlying_obj, n, elsize, RF_SITE); }
static void *obj_realloc(void *ctx, void *ptr, size_t size) { (void)ctx; return hooked_realloc_with(&underlying_obj, ptr, size, RF_SITE); }
static void obj_free(void *ctx, void *ptr) { (void)ctx; hooked_free_with(&underlying_obj, ptr); }

void rf_install_allocator_hooks(void) {
    static int installed;
    if (installed) return;
    installed = 1;
    rf_zombie_place(); // the poison is its address: fixed before the first block is freed
    rf_block_offset_count = rf_object_offsets(rf_block_offsets, 4);
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &underlying_mem);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &underlying_obj);
    PyMemAllocatorEx mem = { NULL, mem_malloc, mem_calloc, mem_realloc, mem_free };
    PyMemAllocatorEx obj = { NULL, obj_malloc, obj_calloc, obj_realloc, obj_free };
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mem);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
}
