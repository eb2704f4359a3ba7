import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

/// `reffuzz runtime`: what the detectors rely on in the embedded CPython, measured.
struct Runtime: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the detectors rely on in the embedded CPython (immortal objects, free lists, object layout) and check it by measurement.",
        discussion: "Exit status 0 when every check holds, 1 otherwise.")

    @Option(help: ArgumentHelp("Write the facts and checks as JSON to FILE.", valueName: "FILE.json"))
    var report: String?

    func run() throws {
        let engine = try startEngine(RunOptions())
        let support = engine.checkRuntime()
        if let report { try writeOutput(try CanonicalJSON.encode(support), to: report) }
        support.lines.forEach { print($0) }
        if support.checks?.contains(where: { !$0.passed }) ?? true { throw ExitCode(1) }
    }
}
