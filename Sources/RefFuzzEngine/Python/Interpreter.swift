import CPython
import RefFuzzExamples
import RefFuzzRuntime

/// The one embedded interpreter of this process.
///
/// Initialized once (isolated config, explicit program name, fixed hash seed, RefFuzz's allocator hooks)
/// and never finalized. Every touch of Python goes through `withGIL`, which serializes callers from
/// different threads; a forked child inherits the interpreter with the GIL held by its only thread.
public final class Interpreter: @unchecked Sendable {
    /// Why the interpreter could not start.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func shared() throws -> Interpreter {
        try lock.withLock {
            if let existing = instance { return existing }
            let made = try Interpreter()
            instance = made
            return made
        }
    }

    private static let lock = Mutex()
    nonisolated(unsafe) private static var instance: Interpreter?
    private let gilLock = Mutex()

    /// Version of the headers this binary was compiled against and of the running libpython.
    public let compiledVersion: UInt
    public let runtimeVersion: UInt

    private init() throws {
        compiledVersion = UInt(rf_compiled_py_version())
        runtimeVersion = UInt(Py_Version)
        if let problem = Self.versionProblem(compiled: compiledVersion, running: runtimeVersion) {
            throw StartError(description: problem)
        }
        var preconfig = PyPreConfig()
        PyPreConfig_InitIsolatedConfig(&preconfig)
        var status = Py_PreInitialize(&preconfig)
        guard PyStatus_Exception(status) == 0 else { throw Self.failure("pre-initialize", status) }
        rf_install_allocator_hooks()
        guard BuiltinModules.register() else { throw StartError(description: "could not register the built-in example modules") }

        var config = PyConfig()
        PyConfig_InitIsolatedConfig(&config)
        defer { PyConfig_Clear(&config) }
        config.install_signal_handlers = 0
        config.use_hash_seed = 1
        config.hash_seed = 0
        config.parse_argv = 0
        config.buffered_stdio = 0
        status = rf_config_set_program_name(&config, Self.executablePath())
        guard PyStatus_Exception(status) == 0 else { throw Self.failure("configure", status) }
        status = Py_InitializeFromConfig(&config)
        guard PyStatus_Exception(status) == 0 else { throw Self.failure("initialize", status) }
        guard rf_runtime_ready() == 0 else {
            PyErr_Clear()
            throw StartError(description: "could not ready RefFuzz's canary and zombie types")
        }
        // Any thread may now take the GIL through PyGILState_Ensure.
        _ = PyEval_SaveThread()
    }

    /// Runs `body` holding the GIL (and this process's Python lock).
    public func withGIL<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try gilLock.withLock { () throws(E) -> T in
            let state = PyGILState_Ensure()
            defer { PyGILState_Release(state) }
            return try body()
        }
    }

    private static func failure(_ what: String, _ status: PyStatus) -> StartError {
        let message = (status.err_msg.map { String(cString: $0) } ?? "unknown error") + (status.func.map { " (\(String(cString: $0)))" } ?? "")
        return StartError(description: "could not \(what) the embedded Python: \(message)")
    }

    /// Why headers of version `compiled` cannot drive a libpython of version `running` (PY_VERSION_HEX
    /// values), or nil. Major and minor must agree: object layouts and reference counting change between
    /// minor versions (3.12 made objects immortal), so a mismatch would make every count wrong.
    public static func versionProblem(compiled: UInt, running: UInt) -> String? {
        guard compiled >> 16 != running >> 16 else { return nil }
        return "compiled against Python \(format(compiled)) headers but the libpython loaded is \(format(running)): rebuild RefFuzz (Scripts/setup, or Scripts/setup --python /path/to/python3.X for another CPython, then swift build)"
    }

    private static func format(_ hex: UInt) -> String {
        "\(hex >> 24).\((hex >> 16) & 0xff).\((hex >> 8) & 0xff)"
    }

    /// The running binary (so Python does not find an unrelated python3 on PATH to compute its prefix).
    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "reffuzz" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
