import CPython
import Foundation
import RefFuzzCore
import RefFuzzRuntime

/// The parent side of RefFuzz in one process: the embedded interpreter (initialized once), the targets
/// it resolved, and the fork server that runs every case in a child. Nothing here runs a case in this
/// process: a crash or hang of a target is the child's, never the engine's.
///
/// Single-threaded by design: `fork()` must be called from the only thread that touches Python.
public final class Engine: @unchecked Sendable {
    let interpreter: Interpreter
    let facts: RuntimeFacts
    var resolved: [String: ResolvedTarget] = [:]
    let scratch: String
    /// The shared-memory slot of the single children that run one case, a probe or a program batch.
    let singleSlot = WorkerSlots(count: 1)
    /// Per-case time limit in seconds (a case that takes longer is a `hang`).
    public var caseTimeout: Double = 1.0

    /// Starts Python (once per process) and puts `modulePaths` first on sys.path.
    public init(modulePaths: [String] = []) throws {
        interpreter = try Interpreter.shared()
        let absolute = modulePaths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        facts = try interpreter.withGIL { () throws(TargetError) -> RuntimeFacts in
            try TargetResolver.prependModulePaths(absolute)
            Names.prepare()
            InterpreterCaches.prepare()
            Self.primeFreeLists()
            return RuntimeFacts.measure()
        }
        var template = Array("/tmp/reffuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TargetError("cannot create a scratch folder in /tmp") }
        scratch = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// True when this Python has immortal objects (so `immortal` can mask a finding).
    public var hasImmortalObjects: Bool { facts.hasImmortalObjects }
    public var pythonVersion: String {
        let v = interpreter.runtimeVersion
        return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff)"
    }

    /// Imports the module and finds the function (in this process: imports must not be repeated per case).
    @discardableResult
    public func resolve(_ spec: TargetSpec) throws(TargetError) -> TargetSpec {
        if resolved[spec.description] != nil { return spec }
        let target = try interpreter.withGIL { () throws(TargetError) -> ResolvedTarget in try TargetResolver.resolve(spec) }
        try probeSignature(target)
        resolved[spec.description] = target
        return spec
    }

    func target(_ spec: TargetSpec) throws(TargetError) -> ResolvedTarget {
        try resolve(spec)
        return resolved[spec.description]!
    }

    /// Where the version-aware layer counts the objects parked in free lists (`rf_free_lists().known`,
    /// 3.11 to 3.13), live objects are exact whether the free lists are full or empty (`reffuzz
    /// runtime` measures it), and nothing is primed: filling them to their header capacities (40,000
    /// tuples) cost a tenth of a fuzz run's CPU and 5 MiB per process, for nothing. Where their layout
    /// is unknown, they are filled (with generous guesses of their capacities), so that a case taking
    /// objects from them and giving them back leaves the live-block count unchanged from the first case
    /// of every child, and refilled after the full collections of repeated runs, which empty them.
    static func primeFreeLists(collect: Bool = true) {
        if collect {
            // The first repr of a container creates the thread's Py_Repr list: do it here, not in a case.
            if let sample = PyList_New(0), let inner = PyDict_New() {
                PyList_Append(sample, inner)
                Py_XDECREF(PyObject_Repr(sample))
                Py_DECREF(inner)
                Py_DECREF(sample)
            }
            PyGC_Collect() // a full collection empties the free lists: fill them after it
        }
        guard rf_free_lists().known == 0 else { return }
        var keep: [PyPointer] = []
        for size in 1...20 {
            for _ in 0..<(size <= 6 ? 400 : 40) { if let t = PyTuple_New(size) { keep.append(t) } }
        }
        for i in 0..<100 {
            if let l = PyList_New(0) { keep.append(l) }
            if let d = PyDict_New() { keep.append(d) }
            // A dict with one key owns a keys object of the smallest size, the size the keys free list keeps.
            if let d = PyDict_New() {
                if PyDict_SetItem(d, Python.none, Python.none) < 0 { PyErr_Clear() }
                keep.append(d)
            }
            if let f = PyFloat_FromDouble(Double(i) + 0.5) { keep.append(f) }
        }
        keep.forEach { Py_DECREF($0) }
    }

    func stderrPath(slot: Int) -> String { "\(scratch)/child-\(slot).stderr" }
}
