import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

struct Shrink: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shrink a failing case to a minimal one that shows the same finding.",
        discussion: "Writes the shrunk case file to --out (or stdout). Exit status 1 when the case shows a finding, 0 when it passes.")

    @Argument(help: ArgumentHelp("The case file.", valueName: "CASE"))
    var path: String
    @Option(help: ArgumentHelp("Where to write the shrunk case (default: stdout).", valueName: "FILE"))
    var out: String?
    @Option(help: "Candidates to try at most.")
    var budget = 500
    @OptionGroup var options: CaseRunOptions

    func run() throws {
        let file = try loadCase(path)
        let engine = try engine(for: file, options: options)
        guard let finding = try runCase(engine, file.theCase).finding else {
            FileHandle.standardError.write(Data("reffuzz: \(path) passes: nothing to shrink\n".utf8))
            return
        }
        let shrunk = engine.shrink(file.theCase, kind: finding.kind, budget: budget)
        let final = try runCase(engine, shrunk).finding ?? finding
        var stored = final
        stored.maskedBy = engine.maskingClasses(of: shrunk)
        let result = CaseFile(case: shrunk, finding: stored)
        let data = try result.encoded()
        if let out {
            try writeOutput(data, to: out)
        } else {
            FileHandle.standardOutput.write(data)
        }
        FileHandle.standardError.write(Data("reffuzz: \(final.kind.rawValue) shrunk from \(file.theCase.size) to \(shrunk.size) op(s): \(shrunk.callText)\n".utf8))
        throw ExitCode(1)
    }
}
