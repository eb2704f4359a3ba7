import CPython
import RefFuzzCore
import RefFuzzRuntime

/// The guard-page mode of the allocator hooks (`guardpages.c`), in the style of GWP-ASan: in a guarded
/// case every block of raw memory (storage that holds no objects: a bytearray's or an array's buffer,
/// an extension's scratch memory) up to 16 KiB gets pages of its own (within the shares that bound the
/// cost: a site's first 32 blocks of a case run, then one in 8, at most 256 a run), which become
/// inaccessible when it is freed, so that a stale read or write faults at once and becomes a `use-after-free` finding naming
/// the block's size and the step that freed it. Objects and blocks that hold objects stay with the
/// zombie poisoning, whose use detection they need.
///
/// `rate` is the share of the fuzz loop's cases that are guarded, chosen from the run's seed and the
/// case's index (so the same seed guards the same cases). A case run alone (confirming, shrinking,
/// masking, replay) is guarded whenever the mode is not off, so a finding seen in a guarded case is
/// seen again there.
///
///     GuardPages(parsing: "all")   // every case
///     GuardPages(parsing: "1/4")   // a case in four
///     GuardPages(parsing: "off")
public struct GuardPages: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 0 (off) ... 1 (every case).
    public var rate: Double

    public init(rate: Double) { self.rate = min(max(rate, 0), 1) }

    public static let off = GuardPages(rate: 0)
    public static let all = GuardPages(rate: 1)
    /// Every case: after the first cases of a child have taught it which allocation sites make objects,
    /// a case guards only its raw blocks, and costs about as much as an unguarded one (README,
    /// Benchmarks).
    public static let `default` = all

    /// `off`, `all`, a fraction `1/8`, or a number between 0 and 1 (`0.25`).
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "off", "none", "0": self = .off
        case "all", "on", "1": self = .all
        default:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, let n = Double(parts[0]), let d = Double(parts[1]), n >= 0, d > 0, n <= d {
                self.init(rate: n / d)
            } else if parts.count == 1, let r = Double(text), r >= 0, r <= 1 {
                self.init(rate: r)
            } else {
                return nil
            }
        }
    }

    public var description: String {
        if rate <= 0 { return "off" }
        if rate >= 1 { return "all" }
        let inverse = 1 / rate
        if abs(inverse - inverse.rounded()) < 1e-9 { return "1/\(Int(inverse.rounded()))" }
        return String(rate)
    }

    public var isOn: Bool { rate > 0 }

    /// Whether the fuzz loop guards case `index` of a run seeded with `seed`.
    func guards(seed: UInt64, index: Int) -> Bool {
        if rate >= 1 { return true }
        if rate <= 0 { return false }
        var mix = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15) ^ 0x6775_6172_6470_6773)
        return Double(mix.next() >> 11) / Double(UInt64(1) << 53) < rate
    }
}

extension ChildProgress {
    /// Starts the guard-page mode in this child (its pool of slots and its fault handler), the handler
    /// reporting to this child's slot. False when it could not be set up (the mode is then off).
    @discardableResult
    func startGuardPages() -> Bool {
        let offset = MemoryLayout<WorkerSlots.Slot>.offset(of: \WorkerSlots.Slot.fault)!
        let record = (UnsafeMutableRawPointer(slot) + offset).assumingMemoryBound(to: rf_guard_fault.self)
        return rf_guard_start(record) == 0
    }

    /// Guards (or not) the blocks of the case about to run.
    func guardCase(_ guarded: Bool) { rf_guard_case(guarded ? 1 : 0) }
}

/// What the fault handler of a child that then died found on a guarded slot (its shared record):
/// freed raw memory read or written, or an access past the end of a live block.
struct GuardFault: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A quarantined freed block: the handler let the access go on, and the child died later.
        case freed
        /// A freed block already released from the quarantine: the child died of the access.
        case released
        /// Outside a live block, in the guard page after it or the unused pages before it.
        case overflow
        /// In the redzone after a block (any block the allocator hooks hand out but a guarded one), found
        /// written when the block was freed: the child aborted.
        case redzone
    }

    var kind: Kind
    /// "read", "written", or nil when the handler could not tell.
    var access: String?
    var size: Int
    /// Where the fault was, from the start of the block.
    var offset: Int
    var freedStep: Int?
    var faultStep: Int

    init?(_ record: rf_guard_fault) {
        switch rf_fault_kind(UInt32(record.kind)) {
        case RF_FAULT_FREED: kind = .freed
        case RF_FAULT_RELEASED: kind = .released
        case RF_FAULT_OVERFLOW: kind = .overflow
        case RF_FAULT_REDZONE: kind = .redzone
        default: return nil
        }
        switch rf_access(UInt32(record.access)) {
        case RF_ACCESS_READ: access = "read"
        case RF_ACCESS_WRITE: access = "written"
        default: access = nil
        }
        size = Int(record.block_size)
        offset = Int(Int64(bitPattern: record.fault_address &- record.block_address))
        freedStep = record.freed_step >= 0 ? Int(record.freed_step) : nil
        faultStep = Int(record.fault_step)
    }

    /// The finding of a child that died by `signal` after this fault, running the case `callText`.
    /// The steps are harness step numbers: the child's observation, which names them, died with it.
    func finding(running callText: String, signal: Int32) -> Finding {
        let how = access ?? "read or written"
        switch kind {
        case .freed, .released:
            let freed = freedStep.map { "freed at harness step \($0)" } ?? "freed by an earlier run in this process"
            let left = kind == .released ? ", since released from the quarantine" : ""
            let death = kind == .released ? "the process died of it (\(signalName(signal)))" : "the process went on and then died by \(signalName(signal))"
            return Finding(kind: .useAfterFree, message: "freed raw memory (a \(size)-byte block \(freed)\(left)) was \(how) at harness step \(faultStep) while running \(callText), and \(death): a pointer into a buffer or scratch memory (storage that holds no objects) used after it was freed or moved")
        case .overflow:
            let place = offset >= size ? "past its end" : "before its start"
            return Finding(kind: .crash, message: "the process died by \(signalName(signal)) while running \(callText): byte \(offset) of a live \(size)-byte block, \(place), was \(how) at harness step \(faultStep) (a guard page: an overflow of a buffer or scratch memory)")
        case .redzone:
            return Finding(kind: .crash, message: "the process was stopped (\(signalName(signal))) while running \(callText): byte \(offset) of a \(size)-byte block, past its end, had been written, seen when the block was freed at harness step \(faultStep) (its redzone: an overflow of a buffer or an object's storage)")
        }
    }
}
