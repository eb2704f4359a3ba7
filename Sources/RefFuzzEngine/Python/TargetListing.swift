import CPython
import RefFuzzCore

/// A target as `reffuzz targets` lists it.
public struct TargetListing: Hashable, Sendable {
    /// The spec to pass to `reffuzz fuzz`.
    public var spec: String
    /// For the built-in examples: the kind of bug it has, or nil for a correct twin.
    public var bug: String?
    public var about: String
    /// False when the argument kinds were guessed (`any` for each parameter) or unknown.
    public var declared: Bool
    /// For a row that `reffuzz fuzz` leaves out of its default run until something lands, what it waits
    /// for (the fourth item of a `__reffuzz_targets__` row: "reach-i" for the examples of Reach I's data
    /// classes and kinds); nil for a row it runs.
    public var waitsFor: String? = nil
}

/// The targets a module offers, as `reffuzz targets` lists them.
struct TargetCatalog {
    let interpreter: Interpreter

    /// The built-in example targets (those `reffuzz fuzz` runs with no target).
    func defaultTargets() throws(TargetError) -> [TargetSpec] {
        var specs: [TargetSpec] = []
        for module in BuiltinModules.defaultModules {
            for listing in try list(module: module) {
                guard let spec = try? TargetSpec(parsing: listing.spec) else { continue }
                // stateful rows (refexamples' types): fuzzed once the stateful executor lands; until then
                // `reffuzz targets` lists them and StatefulExamplesTests shows their bugs in plain Python.
                guard !spec.isStateful else { continue }
                // rows that wait (refexamples' Reach I examples: for the executor of the new kinds and the
                // generator of the new data classes); until then ReachExamplesTests shows their bugs in
                // plain Python.
                guard listing.waitsFor == nil else { continue }
                specs.append(spec)
            }
        }
        return specs
    }

    /// The targets of `module` (or of every built-in module): declared ones when the module has a
    /// `__reffuzz_targets__` table, otherwise its public callables with a spec guessed from their
    /// signature (`any` for every required parameter).
    func list(module: String?) throws(TargetError) -> [TargetListing] {
        guard let module else {
            var all: [TargetListing] = []
            for name in BuiltinModules.names { all += try list(module: name) }
            return all
        }
        return try interpreter.withGIL { () throws(TargetError) -> [TargetListing] in
            let object = try ModuleImport.module(module, for: "") // new
            defer { Py_DECREF(object) }
            if let table = PyObject_GetAttrString(object, "__reffuzz_targets__") { // new
                defer { Py_DECREF(table) }
                return declared(table)
            }
            PyErr_Clear()
            return guessed(module: module, object: object)
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

    private func guessed(module: String, object: PyPointer) -> [TargetListing] {
        guard let names = PyObject_Dir(object) else { PyErr_Clear(); return [] } // new
        defer { Py_DECREF(names) }
        let inspect = PyImport_ImportModule("inspect")
        defer { Py_XDECREF(inspect) }
        var listings: [TargetListing] = []
        for i in 0..<PyList_Size(names) {
            guard let nameObject = PyList_GetItem(names, i), let name = Python.string(nameObject), !name.hasPrefix("_") else { continue } // borrowed
            guard let member = PyObject_GetAttr(object, nameObject) else { PyErr_Clear(); continue } // new
            defer { Py_DECREF(member) }
            guard rf_callable_check(member) != 0 else { continue }
            if let kinds = inspect.flatMap({ parameterKinds(inspect: $0, callable: member) }) {
                listings.append(TargetListing(spec: "\(module):\(name)(\(kinds.joined(separator: ",")))", bug: nil,
                                              about: "kinds guessed from the signature", declared: false))
            } else {
                listings.append(TargetListing(spec: "\(module):\(name)(...)", bug: nil,
                                              about: "signature unknown: give the argument kinds yourself", declared: false))
            }
        }
        return listings
    }

    /// `any` for each required positional parameter and `name=any` for each required keyword-only one.
    private func parameterKinds(inspect: PyPointer, callable: PyPointer) -> [String]? {
        guard let signature = rf_call_method_object(inspect, Names.interned("signature"), callable) else { // new
            PyErr_Clear()
            return nil
        }
        defer { Py_DECREF(signature) }
        guard let parameters = PyObject_GetAttrString(signature, "parameters"),
              let values = rf_call_method0(parameters, Names.interned("values")) else { PyErr_Clear(); return nil }
        defer { Py_DECREF(parameters); Py_DECREF(values) }
        guard let list = PySequence_List(values) else { PyErr_Clear(); return nil }
        defer { Py_DECREF(list) }
        var kinds: [String] = []
        for i in 0..<PyList_Size(list) {
            let parameter = PyList_GetItem(list, i)! // borrowed
            guard let kind = PyObject_GetAttrString(parameter, "kind"), let defaultValue = PyObject_GetAttrString(parameter, "default"),
                  let empty = PyObject_GetAttrString(parameter, "empty"), let nameObject = PyObject_GetAttrString(parameter, "name") else {
                PyErr_Clear()
                return nil
            }
            defer { Py_DECREF(kind); Py_DECREF(defaultValue); Py_DECREF(empty); Py_DECREF(nameObject) }
            let required = defaultValue == empty
            let kindNumber = PyLong_AsLong(kind) // an IntEnum: an int subclass
            PyErr_Clear()
            // POSITIONAL_ONLY 0, POSITIONAL_OR_KEYWORD 1, VAR_POSITIONAL 2, KEYWORD_ONLY 3, VAR_KEYWORD 4
            if required && (kindNumber == 0 || kindNumber == 1) { kinds.append("any") }
            if required && kindNumber == 3, let name = Python.string(nameObject) { kinds.append("\(name)=any") }
        }
        return kinds
    }
}
