import Foundation
import RefFuzzRuntime
import RefFuzzCore
import RefFuzzRuntime

/// Fuzzing from a process that must not fork itself (a test runner has many threads): starts a fresh
/// copy of the current executable as a single-threaded server (see serve.c), sends it the request and
/// waits for its report. The calling process never starts Python.
public enum SpawnedEngine {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func fuzz(_ request: FuzzOptions) throws(Failure) -> Report {
        switch try ask(.fuzz(request)) {
        case .report(let report): return report
        case .failure(let message): throw Failure(description: message)
        case .replayed: throw Failure(description: "the RefFuzz server answered another question")
        }
    }

    public static func replay(_ request: ReplayOptions) throws(Failure) -> [ReplayResult] {
        switch try ask(.replay(request)) {
        case .replayed(let results): return results
        case .failure(let message): throw Failure(description: message)
        case .report: throw Failure(description: "the RefFuzz server answered another question")
        }
    }

    static func ask(_ request: ServerRequest) throws(Failure) -> ServerResponse {
        // Close-on-exec pipes, so that a server started meanwhile by another thread does not inherit
        // this one's pipe ends (it would hold them open and neither server would ever see end of file);
        // the server gets its two ends as descriptors 3 and 4.
        var toServer: [Int32] = [0, 0], fromServer: [Int32] = [0, 0]
        guard rf_pipe_cloexec(&toServer) == 0, rf_pipe_cloexec(&fromServer) == 0 else {
            throw Failure(description: "cannot create pipes")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toServer[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromServer[1], 4)
        var environment = ProcessInfo.processInfo.environment
        environment["REFFUZZ_SERVE_FDS"] = "3,4"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("reffuzz-server"), nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/proc/self/exe", &actions, nil, argv, envp)
        close(toServer[0])
        close(fromServer[1])
        guard spawned == 0 else {
            close(toServer[1])
            close(fromServer[0])
            throw Failure(description: "cannot start a RefFuzz server process (posix_spawn: \(spawned))")
        }
        let body = (try? JSONEncoder().encode(request)) ?? Data()
        let writer = FileHandle(fileDescriptor: toServer[1], closeOnDealloc: true)
        writer.write(body)
        try? writer.close()
        let answer = FileHandle(fileDescriptor: fromServer[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard let response = try? JSONDecoder().decode(ServerResponse.self, from: answer) else {
            throw Failure(description: "the RefFuzz server process ended without an answer (status \(status))")
        }
        return response
    }
}
