import Foundation

/// The CPython this package was built to embed: the one `Scripts/setup --python` recorded in
/// `.reffuzz-python` at the package root, or else the system's (pkg-config's python3-embed). Fixtures
/// compiled as extension modules must use its headers: a module built for another version is refused.
enum EmbeddedPython {
    /// The `KEY=value` lines of `.reffuzz-python`, or nil when the build uses the system's Python.
    static let chosen: [String: String]? = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../.reffuzz-python").standardizedFileURL
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }()

    /// C compiler flags for an extension module of the embedded Python, as shell words for `/bin/sh -c`.
    static var compileFlags: String {
        if let include = chosen?["INCLUDE_DIR"] { return "-I'\(include)'" }
        return "$(pkg-config --cflags python3-embed)"
    }

    /// Compiles the C file `source` as an extension module of the embedded Python, at `library`.
    static func compileExtension(_ source: String, to library: String) throws {
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: "/bin/sh")
        compile.arguments = ["-c", "cc -shared -fPIC \(compileFlags) '\(source)' -o '\(library)'"]
        try compile.run()
        compile.waitUntilExit()
        guard compile.terminationStatus == 0 else { throw CompileError(source: source) }
    }

    struct CompileError: Error, CustomStringConvertible {
        let source: String
        var description: String { "\(source) must compile with cc and the embedded Python's headers" }
    }

    /// Its python3: the chosen one's, or the system's `/usr/bin/python3.X` for pkg-config's version (never
    /// the python3 first on PATH, which may be another build).
    static var interpreter: String {
        if let python = chosen?["PYTHON"] { return python }
        return "/usr/bin/python\(shell("pkg-config --modversion python3-embed"))"
    }

    /// How `reffuzz --version` must begin to name it: "CPython 3.12.1," for a chosen one (its exact
    /// version), "CPython 3.11." for the system's (pkg-config knows only the minor version).
    static var versionPrefix: String {
        if let version = chosen?["VERSION"] { return "CPython \(version)," }
        return "CPython \(shell("pkg-config --modversion python3-embed"))."
    }

    /// What a shell command prints, trimmed ("?" when it cannot run).
    private static func shell(_ command: String) -> String {
        let query = Process(), out = Pipe()
        query.executableURL = URL(fileURLWithPath: "/bin/sh")
        query.arguments = ["-c", command]
        query.standardOutput = out
        guard (try? query.run()) != nil else { return "?" }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        query.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
