import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell a case as an ownership story, step by step.")

    @Argument(help: ArgumentHelp("The case file.", valueName: "CASE"))
    var path: String
    @OptionGroup var options: CaseRunOptions

    func run() throws {
        let file = try loadCase(path)
        let engine = try engine(for: file, options: options)
        let observed = try runCase(engine, file.theCase, keepObservation: true)
        guard let observation = observed.observation else {
            // A crash or a hang leaves no observation: say what happened and what the case is.
            print("case: \(file.theCase.callText)")
            if let finding = observed.finding { print("Verdict: \(finding.kind.rawValue): \(finding.message)") }
            return
        }
        let masked = file.finding?.kind == observed.finding?.kind ? file.finding?.maskedBy ?? [] : []
        let explanation = Explanation(case: file.theCase, observation: observation, finding: observed.finding, maskedBy: masked)
        print(explanation.lines.joined(separator: "\n"))
        if observed.modelMismatches > 0 {
            print("(the ownership model disagreed with \(observed.modelMismatches) step(s): please report this case)")
        }
    }
}
