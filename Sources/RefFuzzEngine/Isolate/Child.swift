import CPython
import Foundation
import RefFuzzRuntime

/// A forked child process running some work, with a pipe back to the parent (`ForkServer` makes them).
///
/// The child inherits the initialized interpreter (with the GIL held by its only thread), restores
/// default signal dispositions, sends its output to /dev/null (stderr to a file the parent can read
/// after a crash), and ends with `_exit`, never returning into the parent's code.
struct Child {
    let pid: pid_t
    /// Read end of the pipe the child writes its single message to.
    let pipe: Int32
    let slot: Int
    let stderrPath: String
    let started: Double

    /// Forks; the child runs `work` (which sends at most one message, as JSON) and exits.
    static func spawn(slot: Int, stderrPath: String, work: (_ send: (any Encodable) -> Void) -> Void) -> Child? {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { return nil }
        fflush(nil)
        PyOS_BeforeFork()
        let pid = fork()
        if pid == 0 {
            PyOS_AfterFork_Child()
            rf_child_after_fork()
            // No automatic collections in a child: a full one empties the free lists, which would
            // make the next cases' live-block counts grow. Cycles are collected when a case is repeated.
            _ = PyGC_Disable()
            close(fds[0])
            let null = open("/dev/null", O_RDWR)
            if null >= 0 { dup2(null, 0); dup2(null, 1); close(null) } // a target reading stdin gets EOF
            // REFFUZZ_CHILD_STDERR keeps the children's stderr on the terminal (debugging RefFuzz itself).
            if getenv("REFFUZZ_CHILD_STDERR") == nil {
                let err = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                if err >= 0 { dup2(err, 2); close(err) }
            }
            let out = fds[1]
            work { value in
                let data = (try? JSONEncoder().encode(value)) ?? Data()
                var length = UInt32(data.count).littleEndian
                _ = withUnsafeBytes(of: &length) { write(out, $0.baseAddress, 4) }
                data.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let n = write(out, buffer.baseAddress! + offset, buffer.count - offset)
                        if n <= 0 { break }
                        offset += n
                    }
                }
            }
            _exit(0)
        }
        PyOS_AfterFork_Parent()
        close(fds[1])
        guard pid > 0 else {
            close(fds[0])
            return nil
        }
        return Child(pid: pid, pipe: fds[0], slot: slot, stderrPath: stderrPath, started: Clock.now())
    }

    /// How the child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Reads everything the child wrote (until it closes the pipe), then reaps it.
    func finish() -> (message: Data?, ending: Ending) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(pipe, &buffer, buffer.count)
            if n > 0 { data.append(buffer, count: n) } else if n == 0 || errno != EINTR { break }
        }
        close(pipe)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ending: Ending = rf_wifsignaled(status) != 0 ? .signaled(rf_wtermsig(status)) : .exited(rf_wexitstatus(status))
        var message: Data?
        if data.count >= 4 {
            let length = data.prefix(4).withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
            if data.count >= 4 + length { message = data.subdata(in: 4..<(4 + length)) }
        }
        return (message, ending)
    }

    func kill() { _ = Glibc.kill(pid, SIGKILL) }

    /// The last meaningful line the child wrote to stderr (a "Fatal Python error", an assertion).
    func stderrTail() -> String? {
        guard let text = try? String(contentsOfFile: stderrPath, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let fatal = lines.last(where: { $0.hasPrefix("Fatal Python error") || $0.contains("Assertion") || $0.contains("Fatal error:") }) { return fatal }
        return lines.last.map { String($0.prefix(300)) }
    }
}

enum Clock {
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// The name of a signal: "SIGSEGV".
func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGILL: "SIGILL"
    case SIGKILL: "SIGKILL"
    case SIGTERM: "SIGTERM"
    default: "signal \(signal)"
    }
}
