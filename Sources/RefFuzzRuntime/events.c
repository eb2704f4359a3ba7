// The event log, the harness step counter, and the table of tracked case objects and their deaths.
#include "internal.h"

#define RF_MAX_EVENTS 256
#define RF_MAX_TAGS 16384
#define RF_TABLE_SIZE 32768 /* power of two, twice RF_MAX_TAGS */

static rf_event events[RF_MAX_EVENTS];
static size_t event_count;
static size_t events_dropped;
static int64_t current_step;

// Open addressing: address -> tag. Slots used since the case began are listed so a reset is cheap.
static uintptr_t table_keys[RF_TABLE_SIZE];
static int64_t table_tags[RF_TABLE_SIZE];
static uint32_t used_slots[RF_TABLE_SIZE];
static size_t used_count;
static size_t tracked_live;
#define RF_TOMBSTONE ((uintptr_t)1)

static int64_t death_steps[RF_MAX_TAGS];
static uintptr_t death_addresses[RF_MAX_TAGS];
static int64_t dead_tags[RF_MAX_TAGS];
static int64_t dead_count;
static int64_t max_tag_seen = -1;
static uint64_t case_quarantine_mark;

size_t rf_event_count(void) { return event_count; }
size_t rf_events_dropped(void) { return events_dropped; }
const rf_event *rf_events(void) { return events; }
void rf_set_step(int64_t step) {
    current_step = step;
    rf_close_float_free_list(); // a full collection in the target's code reopened it: a float dies unseen
}
int64_t rf_step(void) { return current_step; }
int64_t rf_max_tags(void) { return RF_MAX_TAGS; }

static inline uint32_t slot_for(uintptr_t key) {
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 49) & (RF_TABLE_SIZE - 1);
}

void rf_case_begin(void) {
    for (size_t i = 0; i < used_count; i++) table_keys[used_slots[i]] = 0;
    used_count = 0;
    tracked_live = 0;
    for (int64_t t = 0; t <= max_tag_seen; t++) death_steps[t] = -1;
    max_tag_seen = -1;
    dead_count = 0;
    event_count = 0;
    events_dropped = 0;
    current_step = 0;
    case_quarantine_mark = rf_quarantine_mark();
    rf_close_float_free_list(); // the case's floats die through the allocator, where their deaths are seen
    rf_zombie_case_begin();
}

int rf_track(PyObject *object, int64_t tag) {
    if (tag < 0 || tag >= RF_MAX_TAGS || used_count >= RF_TABLE_SIZE / 2) return -1;
    uintptr_t key = (uintptr_t)object;
    uint32_t s = slot_for(key);
    while (table_keys[s] != 0 && table_keys[s] != RF_TOMBSTONE) {
        if (table_keys[s] == key) { table_tags[s] = tag; return 0; }
        s = (s + 1) & (RF_TABLE_SIZE - 1);
    }
    if (table_keys[s] == 0) used_slots[used_count++] = s;
    table_keys[s] = key;
    table_tags[s] = tag;
    tracked_live++;
    if (tag > max_tag_seen) {
        for (int64_t t = max_tag_seen + 1; t <= tag; t++) death_steps[t] = -1;
        max_tag_seen = tag;
    }
    return 0;
}

#define RF_MAX_WATCHED 256
static uintptr_t watched[RF_MAX_WATCHED];
static int watched_dead[RF_MAX_WATCHED];
static int watched_count;

int rf_watch(PyObject *object) {
    if (watched_count >= RF_MAX_WATCHED) return -1;
    watched[watched_count] = (uintptr_t)object;
    watched_dead[watched_count] = 0;
    watched_count++;
    return 0;
}

void rf_watch_clear(void) { watched_count = 0; }

int64_t rf_watched_alive(void) {
    int64_t alive = 0;
    for (int i = 0; i < watched_count; i++) alive += !watched_dead[i];
    return alive;
}

void rf_note_death(const void *address) {
    for (int i = 0; i < watched_count; i++) {
        if (watched[i] == (uintptr_t)address) watched_dead[i] = 1;
    }
    if (tracked_live == 0) return;
    uintptr_t key = (uintptr_t)address;
    uint32_t s = slot_for(key);
    while (table_keys[s] != 0) {
        if (table_keys[s] == key) {
            int64_t tag = table_tags[s];
            table_keys[s] = RF_TOMBSTONE;
            tracked_live--;
            death_steps[tag] = current_step;
            death_addresses[tag] = key;
            dead_tags[dead_count++] = tag;
            return;
        }
        s = (s + 1) & (RF_TABLE_SIZE - 1);
    }
}

void rf_undo_death(const void *address, int64_t tag) {
    for (int i = 0; i < watched_count; i++) {
        if (watched[i] == (uintptr_t)address) watched_dead[i] = 0;
    }
    if (tag < 0 || tag >= RF_MAX_TAGS || death_steps[tag] < 0) return;
    death_steps[tag] = -1;
    for (int64_t i = dead_count - 1; i >= 0; i--) {
        if (dead_tags[i] == tag) {
            memmove(&dead_tags[i], &dead_tags[i + 1], (size_t)(dead_count - i - 1) * sizeof dead_tags[0]);
            dead_count--;
            break;
        }
    }
    rf_track((PyObject *)address, tag);
}

int64_t rf_tracked_tag(const void *address) {
    if (tracked_live == 0) return -1;
    uintptr_t key = (uintptr_t)address;
    uint32_t s = slot_for(key);
    while (table_keys[s] != 0) {
        if (table_keys[s] == key) return table_tags[s];
        s = (s + 1) & (RF_TABLE_SIZE - 1);
    }
    return -1;
}

int64_t rf_death_step(int64_t tag) {
    if (tag < 0 || tag > max_tag_seen) return -1;
    return death_steps[tag];
}

int64_t rf_death_count(void) { return dead_count; }

int64_t rf_tag_for_dead_address(const void *address) {
    uintptr_t key = (uintptr_t)address;
    for (int64_t i = dead_count - 1; i >= 0; i--) {
        if (death_addresses[dead_tags[i]] == key) return dead_tags[i];
    }
    return -1;
}

void rf_record(rf_event_kind kind, rf_slot slot, PyObject *address) {
    if (event_count >= RF_MAX_EVENTS) { events_dropped++; return; }
    rf_event *e = &events[event_count++];
    e->kind = kind;
    e->slot = slot;
    e->tag = rf_tag_for_dead_address(address);
    e->step = current_step;
    e->address = (uintptr_t)address;
}

void rf_check_graveyard(void) {
    rf_zombie_check();
    rf_graveyard_check();
    rf_container_graveyard_check();
    rf_quarantine_check_since(case_quarantine_mark);
}

void rf_case_end(void) {
    rf_graveyard_sweep();
    rf_container_graveyard_sweep();
}
