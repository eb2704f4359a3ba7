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

    /// Fills the free lists of tuples, lists, dicts (and their keys) and floats to the capacities the
    /// version-aware layer reads from the headers (`rf_free_lists`), so that a case taking objects from
    /// them and giving them back leaves the live-block count unchanged from the very first case of every
    /// child. Where the layer counts the free-listed objects, live objects are exact whether the lists
    /// are full or not (`reffuzz runtime` measures it), so after the collections of repeated runs
    /// (`collect: false`) they are refilled only where this version's free lists are not counted, with
    /// generous guesses of their capacities.
    static func primeFreeLists(collect: Bool = true) {
        let layout = rf_free_lists()
        let counted = layout.known != 0
        guard collect || !counted else { return }
        func fill() {
            let tupleSizes = counted ? Int(layout.tuple_sizes) : 20
            let perSize = counted ? Int(layout.tuple_capacity) : 400
            var keep: [PyPointer] = []
            keep.reserveCapacity(tupleSizes * perSize + 400)
            for size in stride(from: 1, through: tupleSizes, by: 1) {
                for _ in 0..<perSize { if let t = PyTuple_New(size) { keep.append(t) } }
            }
            for _ in 0..<(counted ? Int(layout.list_capacity) : 100) { if let l = PyList_New(0) { keep.append(l) } }
            for _ in 0..<(counted ? Int(layout.dict_capacity) : 100) { if let d = PyDict_New() { keep.append(d) } }
            // A dict with one key owns a keys object of the smallest size, the size the keys free list keeps.
            for _ in 0..<(counted ? Int(layout.dict_keys_capacity) : 100) {
                guard let d = PyDict_New() else { continue }
                if PyDict_SetItem(d, Python.none, Python.none) < 0 { PyErr_Clear() }
                keep.append(d)
            }
            for i in 0..<(counted ? Int(layout.float_capacity) : 100) {
                if let f = PyFloat_FromDouble(Double(i) + 0.5) { keep.append(f) }
            }
            keep.forEach { Py_DECREF($0) }
        }
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
        fill()
    }

    func stderrPath(slot: Int) -> String { "\(scratch)/child-\(slot).stderr" }
}
