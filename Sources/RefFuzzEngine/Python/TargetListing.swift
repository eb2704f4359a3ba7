import CPython
import RefFuzzCore

/// A target as `reffuzz targets` lists it.
public struct TargetListing: Hashable, Sendable {
    /// The spec to pass to `reffuzz fuzz` (for a skipped target: `MODULE:NAME`).
    public var spec: String
    /// For the built-in examples: the kind of bug it has, or nil for a correct twin.
    public var bug: String?
    /// What it is about, how its spec was inferred, or why it was skipped.
    public var about: String
    /// True for a row of a `__reffuzz_targets__` table, false for an inferred spec.
    public var declared: Bool
    /// For a row that `reffuzz fuzz` leaves out of its default run until something lands, what it waits
    /// for (the fourth item of a `__reffuzz_targets__` row: "reach-i" for the examples of Reach I's data
    /// classes and kinds); nil for a row it runs.
    public var waitsFor: String? = nil
    /// True for a target inference could not give a spec (`about` says why).
    public var skipped = false
}

/// The targets a module offers, as `reffuzz targets` lists them.
struct TargetCatalog {
    let interpreter: Interpreter

    /// The built-in example targets (those `reffuzz fuzz` runs with no target).
    func defaultTargets() throws(TargetError) -> [TargetSpec] {
        var specs: [TargetSpec] = []
        for module in BuiltinModules.defaultModules {
            for listing in try declared(module: module) ?? [] {
                guard let spec = try? TargetSpec(parsing: listing.spec) else { continue }
                // rows that wait (what must land before the default run fuzzes them); `reffuzz targets`
                // lists them, saying what they wait for.
                guard listing.waitsFor == nil else { continue }
                specs.append(spec)
            }
        }
        return specs
    }

    /// The targets of `module` (or of every built-in module): the declared ones when the module has a
    /// `__reffuzz_targets__` table (unless `infer`), otherwise the specs `inference` infers.
    func list(module: String?, infer: Bool, inference: SpecInference) throws(TargetError) -> [TargetListing] {
        guard let module else {
            var all: [TargetListing] = []
            for name in BuiltinModules.names { all += try list(module: name, infer: infer, inference: inference) }
            return all
        }
        if !infer, let declared = try declared(module: module) { return declared }
        return try inference.targets(of: module).map { target in
            TargetListing(spec: target.spec?.description ?? target.name, bug: nil, about: target.note, declared: false,
                          skipped: target.isSkipped)
        }
    }

    /// The rows of the module's `__reffuzz_targets__` table, or nil when it has none.
    func declared(module: String) throws(TargetError) -> [TargetListing]? {
        try interpreter.withGIL { () throws(TargetError) -> [TargetListing]? in
            let object = try ModuleImport.module(module, for: "") // new
            defer { Py_DECREF(object) }
            guard let table = PyObject_GetAttrString(object, "__reffuzz_targets__") else { // new
                PyErr_Clear()
                return nil
            }
            defer { Py_DECREF(table) }
            return declared(table)
        }
    }

    /// The rows of a `__reffuzz_targets__` table: (spec, bug kind or None, about), and optionally what the
    /// row waits for.
    private func declared(_ table: PyPointer) -> [TargetListing] {
        var listings: [TargetListing] = []
        guard rf_tuple_check(table) != 0 || rf_list_check(table) != 0, let items = PySequence_Fast(table, "") else {
            PyErr_Clear()
            return []
        }
        defer { Py_DECREF(items) }
        for i in 0..<PySequence_Size(items) {
            guard let row = PySequence_GetItem(items, i) else { PyErr_Clear(); continue } // new
            defer { Py_DECREF(row) }
            func field(_ n: Int) -> String? {
                guard let item = PySequence_GetItem(row, n) else { PyErr_Clear(); return nil } // new
                defer { Py_DECREF(item) }
                return Python.string(item)
            }
            guard let spec = field(0) else { continue }
            let waiting = PySequence_Size(row) > 3 ? field(3) : nil
            listings.append(TargetListing(spec: spec, bug: field(1), about: field(2) ?? "", declared: true, waitsFor: waiting))
        }
        return listings
    }
}
