// Guard pages for raw memory, in the style of GWP-ASan and Electric Fence, in a child that runs cases.
//
// Storage that holds no objects (bytearray and array buffers, an extension's scratch memory) is no
// canary: a stale read of it reads the quarantine's poison and goes unseen. In a guarded case every
// block the allocator hooks hand out (up to RF_GUARD_MAX_BLOCK bytes) gets pages of its own in a pool
// reserved when the mode starts: a slot of RF_GUARD_DATA_PAGES data pages and one guard page, the block
// at the *end* of its data pages (16-byte aligned), so that a read or write past its end hits the guard
// page at once; what lies before it is the slot's unused pages, also inaccessible. When a block is
// freed it is poisoned as every freed block is, then
// - if it is an object, or holds pointers to objects (a list's item array, a dict's keys), it stays
//   readable and joins the allocator's quarantine ring: the zombie poisoning sees a use of it, as it
//   would anywhere else;
// - otherwise (raw memory) its pages are made PROT_NONE and it joins this file's quarantine, whose
//   oldest slot is released (reused) when a block needs one; a stale access faults at once and the
//   fault handler records it (an event for the judge, and the child's shared fault record for the
//   parent), makes the block readable again and lets the access run on, reading the poison, as it
//   would have without guard pages.
//
// Whether a block is an object is known only when it is freed, so each allocation site (the return
// address into the caller of PyObject_Malloc or PyMem_Malloc, which tail-call the hooks) is learned: a
// site whose freed blocks are objects or hold objects is not guarded again in this child, and a site
// not classified yet has at most RF_GUARD_LEARNING blocks guarded at a time. So that a target that
// churns through raw blocks does not pay a few system calls for each of them, a site gets at most
// RF_GUARD_PER_CASE guarded blocks per case run (its first ones: a small case has them all guarded),
// then one in RF_GUARD_SAMPLE_EVERY of its later ones (a sample, counted, so that a run guards the same
// blocks again), and a case run at most RF_GUARD_PER_RUN in all. A guarded block costs two or three system calls
// (mprotect when it is handed out and when it is freed, mprotect or madvise when its slot is reused),
// so a case run pays at most about 3 * RF_GUARD_PER_RUN of them, whatever the target allocates.
//
// Classifying reads words a freed block points to; each read is a probe that the fault handler turns
// into a failure (siglongjmp) when the address is not readable.
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#if defined(__aarch64__)
#include <asm/sigcontext.h>
#endif
#include "internal.h"

#define RF_GUARD_DATA_PAGES 4
#define RF_GUARD_SLOTS 4096
#define RF_GUARD_QUARANTINE_BYTES ((uint64_t)16 << 20)
#define RF_GUARD_SITES 4096 /* power of two */
#define RF_GUARD_LEARNING 8
#define RF_GUARD_PER_CASE 32
#define RF_GUARD_PER_RUN 256
#define RF_GUARD_SAMPLE_EVERY 8
#define RF_GUARD_SCAN_WORDS 64

enum { SLOT_FREE = 0, SLOT_LIVE, SLOT_PROTECTED, SLOT_EXPOSED, SLOT_PARKED };
enum { SITE_UNKNOWN = 0, SITE_RAW, SITE_OBJECTS };
#define NO_SITE UINT32_MAX

typedef struct {
    uint8_t state;
    uint8_t learning;   // counted in its site's blocks under learning
    uint16_t pages;     // accessible pages while live (the last ones of the data area)
    uint32_t site;      // index in `sites`, or NO_SITE
    uintptr_t user;     // the block's address (also kept after release, for a fault's message)
    uint64_t size;
    int64_t freed_step;
    uint64_t freed_case;
} guard_slot;

typedef struct {
    uintptr_t address;
    uint32_t state;
    uint32_t learning;
    uint64_t serial;   // the case run `guarded` counts for
    uint32_t guarded;  // blocks guarded in that case run
    uint32_t past;     // blocks of that case run allocated after its first RF_GUARD_PER_CASE guarded ones
} guard_site;

uintptr_t rf_guard_base, rf_guard_end;
int rf_guard_enabled;

static size_t page_size, slot_bytes, max_block;
static guard_slot slots[RF_GUARD_SLOTS];
static uint32_t free_slots[RF_GUARD_SLOTS];
static uint32_t free_count, never_used;
static uint32_t quarantine[RF_GUARD_SLOTS]; // slot indices, oldest first (a ring)
static uint64_t quarantine_head, quarantine_tail, quarantine_bytes;
static guard_site sites[RF_GUARD_SITES];
static rf_guard_stats stats;
static rf_guard_fault *report;
static uint64_t case_serial;
static uint32_t run_guarded; // blocks guarded in this case run

static sigjmp_buf probe_env;
static volatile sig_atomic_t probing;

size_t rf_guard_max_block(void) { return max_block; }
int rf_guard_active(void) { return rf_guard_base != 0; }
rf_guard_stats rf_guard_statistics(void) { return stats; }
void rf_guard_case(int enabled) { rf_guard_enabled = enabled && rf_guard_base != 0; }
int rf_guard_owns(const void *p) { return rf_guard_contains(p); }

void rf_guard_case_begin(void) {
    case_serial++;
    run_guarded = 0;
    if (report != NULL) report->kind = RF_FAULT_NONE;
}

static inline uint32_t slot_index(uintptr_t p) { return (uint32_t)((p - rf_guard_base) / slot_bytes); }
static inline uintptr_t data_start(uint32_t i) { return rf_guard_base + (uintptr_t)i * slot_bytes; }
static inline uintptr_t data_end(uint32_t i) { return data_start(i) + RF_GUARD_DATA_PAGES * page_size; }
static inline uintptr_t live_start(uint32_t i) { return data_end(i) - slots[i].pages * page_size; }

// MARK: - Sites

static guard_site *site_at(uint32_t index) { return index == NO_SITE ? NULL : &sites[index]; }

static uint32_t site_lookup(uintptr_t address) {
    uint32_t s = (uint32_t)(((uint64_t)address * 0x9E3779B97F4A7C15ull) >> 52) & (RF_GUARD_SITES - 1);
    for (uint32_t n = 0; n < RF_GUARD_SITES; n++, s = (s + 1) & (RF_GUARD_SITES - 1)) {
        if (sites[s].address == address) return s;
        if (sites[s].address == 0) {
            sites[s].address = address;
            return s;
        }
    }
    return NO_SITE;
}

// MARK: - Slots

/// Gives a slot back to the pool: inaccessible, its pages returned to the system beyond the first.
static void release_slot(uint32_t i) {
    guard_slot *s = &slots[i];
    if (s->state == SLOT_EXPOSED || s->state == SLOT_PARKED) mprotect((void *)live_start(i), s->pages * page_size, PROT_NONE);
    if (s->pages > 1) madvise((void *)live_start(i), (s->pages - 1) * page_size, MADV_DONTNEED);
    s->state = SLOT_FREE;
    free_slots[free_count++] = i;
    stats.released++;
}

/// Releases the oldest quarantined slot; 0 when the quarantine is empty.
static int release_oldest(void) {
    if (quarantine_tail == quarantine_head) return 0;
    uint32_t i = quarantine[quarantine_tail % RF_GUARD_SLOTS];
    quarantine_tail++;
    quarantine_bytes -= slots[i].size;
    release_slot(i);
    return 1;
}

static int take_slot(uint32_t *out) {
    if (free_count == 0 && never_used == RF_GUARD_SLOTS && !release_oldest()) return 0;
    *out = free_count > 0 ? free_slots[--free_count] : never_used++;
    return 1;
}

void *rf_guard_malloc(size_t size, uintptr_t site_address) {
    if (size > max_block) return NULL;
    uint32_t site = site_lookup(site_address);
    guard_site *known = site_at(site);
    if (known == NULL || known->state == SITE_OBJECTS || (known->state == SITE_UNKNOWN && known->learning >= RF_GUARD_LEARNING)) {
        stats.declined++;
        return NULL;
    }
    if (known->serial != case_serial) {
        known->serial = case_serial;
        known->guarded = 0;
        known->past = 0;
    }
    if (run_guarded >= RF_GUARD_PER_RUN
        || (known->guarded >= RF_GUARD_PER_CASE && known->past++ % RF_GUARD_SAMPLE_EVERY != RF_GUARD_SAMPLE_EVERY - 1)) {
        stats.capped++;
        return NULL;
    }
    uint32_t i;
    if (!take_slot(&i)) { stats.exhausted++; return NULL; }
    guard_slot *s = &slots[i];
    size_t rounded = (size + 15) & ~(size_t)15;
    if (rounded == 0) rounded = 16;
    s->pages = (uint16_t)((rounded + sizeof(rf_block_header) + page_size - 1) / page_size);
    if (mprotect((void *)live_start(i), s->pages * page_size, PROT_READ | PROT_WRITE) != 0) {
        free_slots[free_count++] = i;
        stats.exhausted++;
        return NULL;
    }
    s->state = SLOT_LIVE;
    s->site = site;
    s->learning = known->state == SITE_UNKNOWN;
    if (s->learning) known->learning++;
    s->user = data_end(i) - rounded;
    s->size = size;
    s->freed_step = -1;
    known->guarded++;
    run_guarded++;
    stats.guarded++;
    return (void *)s->user;
}

int rf_guard_block_state(const void *p) {
    guard_slot *s = &slots[slot_index((uintptr_t)p)];
    if (s->user != (uintptr_t)p) return RF_GUARDED_NONE;
    return s->state == SLOT_LIVE ? RF_GUARDED_LIVE : RF_GUARDED_FREED;
}

/// The block leaves learning: its site is now known to hold objects or not.
static void learn(guard_slot *s, int objects) {
    guard_site *site = site_at(s->site);
    if (site == NULL) return;
    if (s->learning && site->learning > 0) site->learning--;
    s->learning = 0;
    if (objects) site->state = SITE_OBJECTS;
    else if (site->state == SITE_UNKNOWN) site->state = SITE_RAW;
}

void rf_guard_park(void *p) {
    guard_slot *s = &slots[slot_index((uintptr_t)p)];
    learn(s, 1);
    s->state = SLOT_PARKED;
    s->freed_step = rf_step();
    s->freed_case = case_serial;
    stats.parked++;
}

void rf_guard_unpark(void *p) {
    uint32_t i = slot_index((uintptr_t)p);
    if (slots[i].state == SLOT_PARKED) release_slot(i);
}

void rf_guard_protect(void *p) {
    uint32_t i = slot_index((uintptr_t)p);
    guard_slot *s = &slots[i];
    learn(s, 0);
    s->freed_step = rf_step();
    s->freed_case = case_serial;
    if (mprotect((void *)live_start(i), s->pages * page_size, PROT_NONE) != 0) {
        s->state = SLOT_EXPOSED; // still quarantined, only not guarded
    } else {
        s->state = SLOT_PROTECTED;
    }
    while (quarantine_head - quarantine_tail >= RF_GUARD_SLOTS
           || (quarantine_bytes + s->size > RF_GUARD_QUARANTINE_BYTES && quarantine_head > quarantine_tail)) {
        release_oldest();
    }
    quarantine[quarantine_head % RF_GUARD_SLOTS] = i;
    quarantine_head++;
    quarantine_bytes += s->size;
    stats.protected_++;
}

void rf_guard_release_now(void *p) {
    guard_slot *s = &slots[slot_index((uintptr_t)p)];
    learn(s, 0);
    s->state = SLOT_EXPOSED;
    release_slot(slot_index((uintptr_t)p));
}

// MARK: - Telling objects from raw memory

/// Reads the word at `address` if it is readable; 0 when it is not (the fault handler jumps back here).
static int probe(uintptr_t address, uintptr_t *out) {
    if (sigsetjmp(probe_env, 0) != 0) {
        probing = 0;
        return 0;
    }
    probing = 1;
    uintptr_t value = *(volatile const uintptr_t *)address;
    probing = 0;
    *out = value;
    return 1;
}

static inline int plausible(uintptr_t v) { return v >= 4096 && v < ((uintptr_t)1 << 47) && (v & 7) == 0; }

/// 1 when `t` looks like a type object: its type is `type`, or a metatype whose type is `type`.
static int looks_like_type(uintptr_t t) {
    uintptr_t meta, metameta;
    if (!plausible(t) || !probe(t + offsetof(PyObject, ob_type), &meta) || !plausible(meta)) return 0;
    if (meta == (uintptr_t)&PyType_Type) return 1;
    return probe(meta + offsetof(PyObject, ob_type), &metameta) && metameta == (uintptr_t)&PyType_Type;
}

static int looks_like_object(uintptr_t p) {
    uintptr_t type;
    return plausible(p) && probe(p + offsetof(PyObject, ob_type), &type) && looks_like_type(type);
}

// A word of poison (the zombie type's address, which fills every freed block) is no object: a raw block
// that reuses a slot holds it where it was not written to, and it must not make its site one of objects.
int rf_guard_holds_objects(const void *block, size_t size) {
    const uintptr_t *words = (const uintptr_t *)block;
    const uintptr_t poison = (uintptr_t)rf_zombie_type;
    // An object itself, at one of the offsets where an object starts in its block.
    for (int i = 0; i < rf_block_offset_count; i++) {
        size_t o = rf_block_offsets[i];
        if (o + sizeof(PyObject) > size) continue;
        uintptr_t type = words[(o + offsetof(PyObject, ob_type)) / sizeof(uintptr_t)];
        if (type != poison && looks_like_type(type)) return 1;
    }
    // Pointers to objects: an item array, a table of entries.
    size_t count = size / sizeof(uintptr_t);
    if (count > RF_GUARD_SCAN_WORDS) count = RF_GUARD_SCAN_WORDS;
    for (size_t i = 0; i < count; i++) {
        if (words[i] != poison && plausible(words[i]) && looks_like_object(words[i])) return 1;
    }
    return 0;
}

int rf_guard_readable(const void *p) {
    uintptr_t ignored;
    return rf_guard_base != 0 && probe((uintptr_t)p & ~(uintptr_t)7, &ignored);
}

// `list` borrowed; the item array returned is the list's (no reference to anything).
PyObject **rf_guard_list_items(PyObject *list) { return PyList_Check(list) ? ((PyListObject *)list)->ob_item : NULL; }

// MARK: - The fault handler

static int access_of(void *context) {
#if defined(__x86_64__)
    ucontext_t *uc = context;
    return (uc->uc_mcontext.gregs[REG_ERR] & 2) ? RF_ACCESS_WRITE : RF_ACCESS_READ;
#elif defined(__aarch64__)
    ucontext_t *uc = context;
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    char *end = (char *)uc->uc_mcontext.__reserved + sizeof uc->uc_mcontext.__reserved;
    while ((char *)h + sizeof *h <= end && h->magic != 0 && h->size != 0) {
        if (h->magic == ESR_MAGIC) return (((struct esr_context *)h)->esr >> 6) & 1 ? RF_ACCESS_WRITE : RF_ACCESS_READ;
        h = (struct _aarch64_ctx *)((char *)h + h->size);
    }
    return RF_ACCESS_UNKNOWN;
#else
    (void)context;
    return RF_ACCESS_UNKNOWN;
#endif
}

static void note_fault(int kind, int access, uintptr_t address, const guard_slot *s) {
    stats.faults++;
    int64_t freed = s->freed_case == case_serial ? s->freed_step : -1;
    if (report != NULL && report->kind == RF_FAULT_NONE) {
        report->access = access;
        report->fault_address = address;
        report->block_address = s->user;
        report->block_size = s->size;
        report->freed_step = kind == RF_FAULT_OVERFLOW ? -1 : freed;
        report->fault_step = rf_step();
        report->kind = kind; // last: the parent reads a record whose kind is set
    }
    if (kind == RF_FAULT_FREED) rf_record_raw_access(access, s->user, s->size, freed);
}

void rf_report_redzone_write(const void *block, size_t size, size_t offset) {
    if (report != NULL && report->kind == RF_FAULT_NONE) {
        report->access = RF_ACCESS_WRITE;
        report->fault_address = (uintptr_t)block + offset;
        report->block_address = (uintptr_t)block;
        report->block_size = size;
        report->freed_step = -1;
        report->fault_step = rf_step();
        report->kind = RF_FAULT_REDZONE; // last: the parent reads a record whose kind is set
    }
    char line[200];
    int n = snprintf(line, sizeof line, "RefFuzz: byte %zu of a %zu-byte block, past its end, was written (its redzone, seen when the block was freed at harness step %lld)\n",
                     offset, size, (long long)rf_step());
    if (n > 0) { ssize_t written = write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1); (void)written; }
    abort();
}

static void die(int sig, siginfo_t *info) {
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(sig, &fallback, NULL);
    // A fault runs the access again and dies of it; a signal sent by someone is sent again.
    if (info->si_code <= 0) raise(sig);
}

static void on_fault(int sig, siginfo_t *info, void *context) {
    if (probing) {
        probing = 0;
        siglongjmp(probe_env, 1);
    }
    uintptr_t address = (uintptr_t)info->si_addr;
    if (info->si_code <= 0 || !rf_guard_contains((const void *)address)) { die(sig, info); return; }
    uint32_t i = slot_index(address);
    guard_slot *s = &slots[i];
    switch (s->state) {
    case SLOT_PROTECTED:
        note_fault(RF_FAULT_FREED, access_of(context), address, s);
        // Readable again, so the access runs on (reading the poison) and the case goes on.
        if (mprotect((void *)live_start(i), s->pages * page_size, PROT_READ | PROT_WRITE) == 0) {
            s->state = SLOT_EXPOSED;
            return;
        }
        break;
    case SLOT_LIVE:
        note_fault(RF_FAULT_OVERFLOW, access_of(context), address, s);
        break;
    case SLOT_FREE:
        if (s->user != 0) note_fault(RF_FAULT_RELEASED, access_of(context), address, s);
        break;
    default:
        break;
    }
    die(sig, info);
}

int rf_guard_start(rf_guard_fault *shared) {
    if (rf_guard_base != 0) { report = shared; return 0; }
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return -1;
    page_size = (size_t)page;
    slot_bytes = (RF_GUARD_DATA_PAGES + 1) * page_size;
    max_block = RF_GUARD_DATA_PAGES * page_size - sizeof(rf_block_header);
    void *pool = mmap(NULL, slot_bytes * RF_GUARD_SLOTS, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (pool == MAP_FAILED) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    // SA_NODEFER: a probe leaves the handler by siglongjmp, which must not leave SIGSEGV blocked.
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSEGV, &action, NULL) != 0 || sigaction(SIGBUS, &action, NULL) != 0) {
        munmap(pool, slot_bytes * RF_GUARD_SLOTS);
        return -1;
    }
    report = shared;
    rf_guard_base = (uintptr_t)pool;
    rf_guard_end = rf_guard_base + slot_bytes * RF_GUARD_SLOTS;
    return 0;
}
