import ArgumentParser
import Foundation
import RefFuzzCore

struct Repro: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a standalone Python script that reproduces a case's finding without RefFuzz.",
        discussion: """
            The script (standard library only) builds the case's objects, defines the mutators and evil \
            objects as small classes, makes the call and shows the bug: a crash under PYTHONMALLOC=debug, a \
            count that grows or drops on every call, a SystemError. Run it with the python3 of the CPython \
            RefFuzz embeds; it exits with status 1 (or dies by a signal) when the bug shows, 0 when it does \
            not. The built-in example modules are compiled into reffuzz: Scripts/build-examples DIR builds \
            them as extension modules for --module-path DIR.
            """)

    @Argument(help: ArgumentHelp("The case file.", valueName: "CASE"))
    var path: String
    @Option(help: ArgumentHelp("Where to write the script (default: stdout).", valueName: "FILE.py"))
    var out: String?
    @OptionGroup var modules: ModulePathOptions
    @Option(help: ArgumentHelp("For a hang: how long the script lets the call run.", valueName: "SECONDS"))
    var timeout = 5

    func validate() throws {
        if timeout <= 0 { throw CLIFailure("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        let file = try loadCase(path)
        // Absolute, so that the script runs from anywhere.
        let paths = modules.modulePath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var script = ReproScript(case: file.theCase, finding: file.finding, python: VersionLine.python, modulePaths: paths)
        script.hangSeconds = timeout
        if let out { script.fileName = URL(fileURLWithPath: out).lastPathComponent }
        let text = Data(script.text.utf8)
        if let out {
            try writeOutput(text, to: out)
        } else {
            FileHandle.standardOutput.write(text)
        }
    }
}
