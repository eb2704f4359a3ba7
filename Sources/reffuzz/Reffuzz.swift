import ArgumentParser
import Foundation
import RefFuzzEngine

struct Reffuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reffuzz",
        abstract: "Finds reference-counting bugs in Python C extensions.",
        discussion: """
            A target is MODULE:FUNCTION(KIND,...) with KIND one of list, dict, tuple, set, int, str, any, \
            mutator; NAME=KIND passes a keyword argument. A bare MODULE is every public function and type of \
            it, with the specs 'reffuzz targets MODULE' infers. Exit status: 0 no findings, 1 findings, 2 usage \
            or setup error.
            """,
        version: VersionLine.text,
        subcommands: [Fuzz.self, Replay.self, Shrink.self, Minimize.self, Explain.self, Repro.self, Targets.self, Conformance.self, Store.self, Runtime.self]
    )
}

/// A usage or setup error: printed as one line, exit status 2.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// `--module-path DIR`, repeatable, shared by the commands that import modules.
struct ModulePathOptions: ParsableArguments {
    @Option(name: .customLong("module-path"), help: ArgumentHelp("Put DIR first on sys.path (repeatable).", valueName: "DIR"))
    var modulePath: [String] = []

    func validate() throws {
        for path in modulePath {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIFailure("module path '\(path)' is not a directory")
            }
        }
    }
}

/// `--module-path` and `--timeout`, for the commands that run stored cases.
struct CaseRunOptions: ParsableArguments {
    @OptionGroup var modules: ModulePathOptions
    @Option(help: ArgumentHelp("Per-case time limit; a case that takes longer is a hang.", valueName: "SECONDS"))
    var timeout: Double = 1.0

    func validate() throws {
        if !(timeout > 0) { throw CLIFailure("--timeout must be a positive number of seconds") }
    }

    var runOptions: RunOptions { RunOptions(modulePaths: modules.modulePath, timeout: timeout) }
}
