import Foundation
import RefFuzzCore

/// What a child tells its parent without sending a message, through the memory they share: the item it
/// is on (so a crash or a hang is attributed to it) and a heartbeat (so a hang is told from slow work).
/// Handed to the work a child runs, and on to the executor; never a global.
struct ChildProgress {
    let slot: UnsafeMutablePointer<WorkerSlots.Slot>

    /// Starts item `index` (a case, a program): a heartbeat too.
    func start(_ index: Int) {
        slot.pointee.current = Int64(index)
        slot.pointee.heartbeat += 1
    }

    /// One more execution is under way (a first run, a repetition): the time limit starts again.
    func beat() { slot.pointee.heartbeat += 1 }

    /// An item is done.
    func finished() { slot.pointee.executions += 1 }

    /// A case whose first run left something behind is being run again to tell a leak from retention.
    func repeated() { slot.pointee.repeated += 1 }

    /// The ownership model predicted `steps` steps of a case otherwise than they went.
    func mismatched(_ steps: Int) { slot.pointee.mismatched += Int64(steps) }
}

/// How a child ended without sending its message.
struct ChildDeath: Sendable {
    enum How: Equatable, Sendable {
        case signaled(Int32)
        case exited(Int32)
        /// Killed by the parent: its heartbeat stopped for longer than the time limit.
        case hung
        /// Killed by the parent: the run's time budget was spent (not a finding).
        case stopped
    }

    var how: How
    /// The item it was on (`ChildProgress.start`), or -1.
    var current: Int
    /// The last meaningful line it wrote to stderr (a "Fatal Python error", an assertion).
    var stderrTail: String?

    /// The finding this death is for the case described by `callText`, or nil when it is none.
    func finding(running callText: String, timeout: Double) -> Finding? {
        switch how {
        case .stopped:
            return nil
        case .hung:
            return Finding(kind: .hang, message: "\(callText) did not finish within \(Self.format(timeout)) s (an endless loop, a deadlock, or work that big: --timeout sets the limit)")
        case .signaled(let signal):
            if signal == SIGILL || signal == SIGTRAP, let tail = stderrTail, tail.contains("Fatal error") {
                // A Swift runtime trap: RefFuzz's own code failed while it ran the case.
                return Finding(kind: .crash, message: "RefFuzz itself failed while running \(callText) (\(tail)): a bug in RefFuzz, not necessarily in the target; please report the case")
            }
            return Finding(kind: .crash, message: "the process died by \(signalName(signal)) while running \(callText)\(stderrTail.map { " (\($0))" } ?? "")")
        case .exited(let status):
            return Finding(kind: .crash, message: "the process exited with status \(status) while running \(callText)\(stderrTail.map { ": \($0)" } ?? "")")
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}

/// What a child gave back: its message, or how it died.
enum ChildOutcome<Message> {
    case sent(Message)
    case died(ChildDeath)
}
