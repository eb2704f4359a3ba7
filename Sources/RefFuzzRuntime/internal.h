// Shared between the runtime's C files; not part of the public header.
#ifndef REFFUZZ_RUNTIME_INTERNAL_H
#define REFFUZZ_RUNTIME_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "RefFuzzRuntime.h"

/// Size of the (internal) PyGC_Head that precedes a GC object in its block: two words since 3.8.
#define RF_GC_HEAD_SIZE (2 * sizeof(uintptr_t))

/// Records an event; `tag` is looked up from `address` when it is -1.
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

/// The zombie type whose address fills freed blocks.
extern PyTypeObject rf_zombie_type;
int rf_zombie_ready(void);
/// Watches the zombie type's own count from the start of a case (see zombie.c).
void rf_zombie_case_begin(void);
void rf_zombie_check(void);
int rf_tracked_types_ready(void);
int rf_dealloc_hooks_install(void);

/// Quarantine: checks blocks freed since `rf_quarantine_mark` for writes after free.
uint64_t rf_quarantine_mark(void);
void rf_quarantine_check_since(uint64_t mark);
/// Parked tracked objects.
void rf_graveyard_check(void);
void rf_graveyard_sweep(void);

#endif
