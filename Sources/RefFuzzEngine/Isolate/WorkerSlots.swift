import CPython

/// Memory shared between the parent and its forked children: per worker slot, the index of the case
/// the child is running and how many it has finished. The parent reads it to attribute a crash or a
/// hang to a case, and to show progress, without any message from the child.
final class WorkerSlots: @unchecked Sendable {
    struct Slot {
        var current: Int64
        var executions: Int64
        /// Bumped by the child at every case start: a value that stops changing means a hang.
        var heartbeat: Int64
        /// Cases whose first run left something behind and that were run again to tell a leak apart.
        var repeated: Int64
        /// Steps whose effect the ownership model predicted otherwise (0 expected).
        var mismatched: Int64
    }

    private let base: UnsafeMutablePointer<Slot>
    let count: Int
    private var bytes: Int { MemoryLayout<Slot>.stride * max(count, 1) }

    init(count: Int) {
        self.count = count
        let raw = rf_shared_memory(MemoryLayout<Slot>.stride * max(count, 1))!
        base = raw.bindMemory(to: Slot.self, capacity: max(count, 1))
        for i in 0..<count { base[i] = Slot(current: -1, executions: 0, heartbeat: 0, repeated: 0, mismatched: 0) }
    }

    deinit { rf_shared_memory_free(base, bytes) }

    subscript(i: Int) -> UnsafeMutablePointer<Slot> { base + i }

    func reset(_ i: Int) { base[i] = Slot(current: -1, executions: 0, heartbeat: 0, repeated: 0, mismatched: 0) }
}
