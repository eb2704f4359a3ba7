import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

struct Conformance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the ownership model against the interpreter, step by step, and measure what each data class does with a dangling borrowed reference.",
        discussion: "Exit status 0 when the model matched every step (and canaries caught every dangling use), 1 otherwise.")

    @Option(help: "C-API operations to run and check (in random well-formed programs).")
    var steps = 100_000
    @Option(help: "Seed of the generated programs.")
    var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Dangling-use programs per data class.", valueName: "N"))
    var dangling = 100
    @Option(help: ArgumentHelp("Write the JSON report to FILE.", valueName: "FILE.json"))
    var report: String?

    func validate() throws {
        if steps <= 0 { throw CLIFailure("--steps must be a positive number") }
        if dangling <= 0 { throw CLIFailure("--dangling must be a positive number") }
    }

    func run() throws {
        let engine = try startEngine(RunOptions())
        var options = ConformanceOptions(steps: steps)
        options.seed = seed
        options.danglingPrograms = dangling
        let terminal = Terminal()
        let result = engine.conformance(options) { done, total in
            if terminal.isInteractive { terminal.line("[reffuzz] conformance: \(done)/\(total) steps") }
        }
        terminal.clearProgress()
        if let report { try writeOutput(try CanonicalJSON.encode(result), to: report) }
        print("reffuzz conformance: \(result.steps) steps in \(result.programs) programs, \(result.mismatches) mismatch(es) between the model and the interpreter (\(String(format: "%.1f", result.seconds)) s, seed \(result.seed))")
        for example in result.examples {
            print("\nmismatch: \(example.what)\nshrunk program:")
            example.program.forEach { print("  \($0)") }
        }
        print("\nA borrowed handle used after the container that lent it let its object go, \(dangling) programs per data class:\n")
        result.table.forEach { print($0) }
        let canaries = result.masking["canary"]?["detected"] ?? 0
        if result.mismatches > 0 || canaries != dangling { throw ExitCode(1) }
    }
}
