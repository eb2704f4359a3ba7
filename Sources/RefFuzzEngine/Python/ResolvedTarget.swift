import CPython
import Foundation
import RefFuzzCore

/// A target whose module is imported and whose function was found and is callable.
struct ResolvedTarget {
    let spec: TargetSpec
    /// Owned: the callable (kept for the life of the process).
    let callable: PyPointer
    /// The printable string constants of the module's file (none for a module without one, such as
    /// the built-in examples): the dictionary a fuzz run uses by default.
    var constants: [PythonLiteral] = []
}

/// Why a target cannot be fuzzed; `description` is the one line the CLI prints (exit status 2).
public struct TargetError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

enum TargetResolver {
    /// Puts `directories` first on sys.path (in the order given). Must hold the GIL.
    static func prependModulePaths(_ directories: [String]) throws(TargetError) {
        guard let path = PySys_GetObject("path") else { throw TargetError("sys.path is missing") } // borrowed
        for directory in directories.reversed() {
            guard let text = PyUnicode_FromString(directory) else {
                PyErr_Clear()
                throw TargetError("module path '\(directory)' is not valid UTF-8")
            }
            defer { Py_DECREF(text) }
            if PyList_Insert(path, 0, text) < 0 { // does not steal
                PyErr_Clear()
                throw TargetError("could not add '\(directory)' to sys.path")
            }
        }
    }

    /// Imports the module and looks the function up. Must hold the GIL.
    static func resolve(_ spec: TargetSpec) throws(TargetError) -> ResolvedTarget {
        var object = try ModuleImport.module(spec.module, for: " for target \(spec)") // new
        let constants = moduleConstants(object)
        var walked = spec.module
        for part in spec.function.split(separator: ".") {
            guard let next = PyObject_GetAttrString(object, String(part)) else { // new
                Py_DECREF(object)
                PyErr_Clear()
                throw TargetError("'\(walked)' has no attribute '\(part)' (target \(spec))")
            }
            Py_DECREF(object)
            object = next
            walked += (walked == spec.module ? ":" : ".") + part
        }
        guard rf_callable_check(object) != 0 else {
            Py_DECREF(object)
            throw TargetError("\(spec.module):\(spec.function) is not callable (target \(spec))")
        }
        try checkSignature(object, spec)
        return ResolvedTarget(spec: spec, callable: object, constants: constants)
    }

    /// The string constants of the file `module` (borrowed) was loaded from, if it has one. Must hold
    /// the GIL.
    static func moduleConstants(_ module: PyPointer) -> [PythonLiteral] {
        guard let file = PyObject_GetAttrString(module, "__file__") else { // new
            PyErr_Clear()
            return []
        }
        defer { Py_DECREF(file) }
        guard let path = Python.string(file), let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: ModuleConstants.maxFileSize) else { return [] }
        return ModuleConstants.of(file: path, contents: [UInt8](data))
    }

    /// When Python can tell the signature (`inspect.signature`), the spec's arguments must bind to it.
    /// Functions without a signature (many C functions) are checked by their first calls instead.
    static func checkSignature(_ callable: PyPointer, _ spec: TargetSpec) throws(TargetError) {
        guard let inspect = PyImport_ImportModule("inspect") else { PyErr_Clear(); return }
        defer { Py_DECREF(inspect) }
        guard let signature = rf_call_method_object(inspect, Names.interned("signature"), callable) else {
            PyErr_Clear() // no signature available
            return
        }
        defer { Py_DECREF(signature) }
        let positional = PyTuple_New(spec.positional.count)!
        defer { Py_DECREF(positional) }
        for i in 0..<spec.positional.count {
            Py_INCREF(Python.none)
            PyTuple_SetItem(positional, i, Python.none) // steals
        }
        let keywords = PyDict_New()!
        defer { Py_DECREF(keywords) }
        for argument in spec.keywords { PyDict_SetItemString(keywords, argument.name!, Python.none) }
        guard let bind = PyObject_GetAttrString(signature, "bind") else { PyErr_Clear(); return }
        defer { Py_DECREF(bind) }
        if let bound = PyObject_Call(bind, positional, keywords) {
            Py_DECREF(bound)
            return
        }
        let error = Python.takeException()
        var text = "(...)"
        if let shown = PyObject_Str(signature) { // new
            text = Python.string(shown) ?? text
            Py_DECREF(shown)
        }
        throw TargetError("target \(spec) does not match \(spec.module).\(spec.function)\(text): \(error?.message ?? "arguments do not bind")")
    }
}
