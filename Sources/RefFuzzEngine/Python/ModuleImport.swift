import CPython
import Foundation

/// Importing a target's module, with the one line a user needs when it fails: in particular when the
/// extension module was built for another CPython than the one RefFuzz embeds (an extension built for
/// 3.12 is named `mod.cpython-312-x86_64-linux-gnu.so`, which 3.11's import machinery does not even look at).
enum ModuleImport {
    /// New reference: the imported module. Must hold the GIL.
    static func module(_ name: String, for purpose: String) throws(TargetError) -> PyPointer {
        if let module = PyImport_ImportModule(name) { return module } // new
        let error = Python.takeException()
        if let other = builtForAnotherPython(name) { throw TargetError(other) }
        var why = error.map { $0.message.isEmpty ? $0.type : "\($0.type): \($0.message)" } ?? "unknown error"
        if why.contains("undefined symbol") {
            why += " (an extension module built for another CPython? RefFuzz embeds \(embeddedVersion))"
        }
        throw TargetError("cannot import module '\(name)'\(purpose): \(why)")
    }

    /// The embedded CPython's version, `3.11.2`.
    static var embeddedVersion: String {
        let v = UInt(Py_Version)
        return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff)"
    }

    /// Why `name` cannot be imported when a file on sys.path is an extension module of that name built
    /// for another CPython (`.cpython-XY-...so` with another XY), or nil. Must hold the GIL.
    static func builtForAnotherPython(_ name: String) -> String? {
        let v = UInt(Py_Version)
        let own = "cpython-\(v >> 24)\((v >> 16) & 0xff)-"
        let parts = name.split(separator: ".").map(String.init)
        guard let leaf = parts.last else { return nil }
        let folder = parts.dropLast().joined(separator: "/")
        for entry in searchPath() {
            let directory = folder.isEmpty ? entry : "\(entry)/\(folder)"
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for file in files.sorted() where file.hasPrefix("\(leaf).cpython-") && file.hasSuffix(".so") && !file.contains(own) {
                let tag = file.dropFirst(leaf.count + ".cpython-".count).prefix { $0.isNumber }
                guard tag.count >= 2 else { continue }
                let built = "\(tag.prefix(1)).\(tag.dropFirst())"
                return "module '\(name)' was built for CPython \(built) (\(directory)/\(file)) but RefFuzz embeds CPython \(embeddedVersion): build it with the python3-config of \(embeddedVersion), or embed \(built) with Scripts/setup --python"
            }
        }
        return nil
    }

    /// sys.path as strings. Must hold the GIL.
    static func searchPath() -> [String] {
        guard let path = PySys_GetObject("path"), rf_list_check(path) != 0 else { return [] } // borrowed
        return (0..<rf_list_size(path)).compactMap { i in
            rf_list_get_item(path, i).flatMap(Python.string) // borrowed items
        }.map { $0.isEmpty ? FileManager.default.currentDirectoryPath : $0 }
    }
}
