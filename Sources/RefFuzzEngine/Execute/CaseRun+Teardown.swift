// Releasing everything the case made, and measuring what is left behind.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    /// Empties the case's containers (breaking any cycle the target made), releases the caller's
    /// references, and measures what is left.
    func teardown(sharedBefore: [Int], blocksBefore: Int64) {
        observation.marks.teardown = nextStep()
        for tag in snapshotTags where observed[tag].identity == tag {
            guard isAlive(tag), let object = objects[tag], let kind = StandardTypes.kind(of: object) else { continue }
            empty(object, kind)
        }
        for (tag, count) in held {
            for _ in 0..<count where isAlive(tag) {
                Py_DECREF(objects[tag]!)
            }
        }
        held = [:]
        if PyErr_Occurred() != nil { PyErr_Clear() }
        rf_check_graveyard()
        observation.events = Self.readEvents() + freedMemoryNamed.map {
            DetectorEvent(kind: .freedObjectUsed, slot: DetectorEvent.stalePointer, tag: nil, step: $0)
        }
        // Parked dead objects still count as live blocks until they are released for real.
        rf_case_end()
        rf_type_cache_reset()
        observation.teardown = measureLeftovers(sharedBefore: sharedBefore, blocksBefore: blocksBefore)
    }

    /// Empties a container of `kind` (borrowed), each with its own clear: an OrderedDict's nodes hold
    /// its keys too, so PyDict_Clear would leave them. Tuples, frozensets and buffers stay as they are.
    private func empty(_ object: PyPointer, _ kind: ArgumentKind) {
        var cleared: PyPointer? // new: what a clear method returned
        switch kind {
        case .list: PyList_SetSlice(object, 0, Int.max, nil)
        case .dict: PyDict_Clear(object)
        case .ordereddict: cleared = StandardTypes[.orderedDictClear].flatMap { rf_call_unbound0($0, object) }
        case .set: PySet_Clear(object)
        case .deque: cleared = StandardTypes[.dequeClear].flatMap { rf_call_unbound0($0, object) }
        case .iterator: rf_iterator_clear(object)
        default: break
        }
        Py_XDECREF(cleared)
    }

    /// What the case left behind. The survivors are only meaningful for the latest case run (the death
    /// table is per case); the shared counts and live objects for whatever ran since the snapshots.
    func measureLeftovers(sharedBefore: [Int], blocksBefore: Int64) -> TeardownObservation {
        var leftovers = TeardownObservation()
        for tag in 0..<observed.count where observed[tag].identity == tag && !observed[tag].shared && isAlive(tag) {
            leftovers.survivors.append(Survivor(tag: tag, count: rf_refcnt(objects[tag]!)))
        }
        let after = facts.snapshot()
        for i in 0..<after.count where after[i] != sharedBefore[i] {
            let object = facts.sharedObjects[i]
            leftovers.sharedResidual.append(SharedResidual(name: facts.sharedNames[i],
                                                           tag: tagsByAddress[UnsafeMutableRawPointer(object)],
                                                           delta: after[i] - sharedBefore[i]))
        }
        for (tag, baseline) in sharedBaselines {
            guard let object = objects[tag] else { continue }
            let delta = rf_refcnt(object) - baseline
            if delta != 0 {
                rf_type_cache_forget() // repr runs Python code
                leftovers.sharedResidual.append(SharedResidual(name: Python.repr(object), tag: tag, delta: delta))
            }
        }
        leftovers.liveBlockDelta = Int(liveObjects() - blocksBefore)
        return leftovers
    }

    static func readEvents() -> [DetectorEvent] {
        let count = rf_event_count()
        guard count > 0, let raw = rf_events() else { return [] }
        return (0..<count).map { i in
            let e = raw[i]
            let raw = e.kind == Int32(RF_EVENT_FREED_RAW_ACCESSED.rawValue)
            return DetectorEvent(kind: DetectorEvent.Kind(runtime: e.kind), slot: slotName(e.slot),
                                 tag: e.tag >= 0 ? Int(e.tag) : nil, step: Int(e.step),
                                 size: raw ? Int(e.size) : nil, freedStep: raw && e.freed_step >= 0 ? Int(e.freed_step) : nil)
        }
    }

    static func slotName(_ slot: Int32) -> String {
        switch rf_slot(UInt32(slot)) {
        case RF_SLOT_REPR: "repr"
        case RF_SLOT_HASH: "hash"
        case RF_SLOT_COMPARE: "compare"
        case RF_SLOT_GETATTR: "attribute access"
        case RF_SLOT_SETATTR: "attribute assignment"
        case RF_SLOT_CALL: "call"
        case RF_SLOT_INDEX: "__index__"
        case RF_SLOT_ITER: "iteration"
        case RF_SLOT_LENGTH: "len"
        case RF_SLOT_ITEM: "item access"
        case RF_SLOT_DEALLOC: "dealloc"
        case RF_SLOT_NUMBER: "arithmetic"
        case RF_SLOT_REFCOUNT: "reference count change"
        case RF_SLOT_MEMORY: "memory write"
        case RF_SLOT_STR: "str"
        case RF_SLOT_BOOL: "truth test"
        case RF_SLOT_STALE_POINTER: DetectorEvent.stalePointer
        case RF_SLOT_READ: "read"
        case RF_SLOT_WRITE: "write"
        default: "use"
        }
    }
}

extension DetectorEvent.Kind {
    init(runtime kind: Int32) {
        switch rf_event_kind(UInt32(kind)) {
        case RF_EVENT_USE_AFTER_DEATH: self = .useAfterDeath
        case RF_EVENT_DEALLOC_AFTER_DEATH: self = .deallocAfterDeath
        case RF_EVENT_COUNT_AFTER_DEATH: self = .countAfterDeath
        case RF_EVENT_ZOMBIE_USE: self = .freedObjectUsed
        case RF_EVENT_FREED_MEMORY_WRITTEN: self = .freedMemoryWritten
        case RF_EVENT_FREED_RAW_ACCESSED: self = .freedRawMemoryAccessed
        default: self = .doubleFree
        }
    }
}
