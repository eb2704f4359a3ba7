import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run stored cases again (files or folders of them), each in its own process.")

    @Argument(help: ArgumentHelp("Case files or folders.", valueName: "CASE_OR_DIR"))
    var paths: [String]
    @OptionGroup var options: CaseRunOptions
    @Option(help: ArgumentHelp("Write the JSON report to FILE.", valueName: "FILE.json"))
    var report: String?

    func run() throws {
        var files: [(String, CaseFile)] = []
        for path in paths {
            let found = CorpusStore.caseFiles(at: path)
            if found.isEmpty { throw CLIFailure("no case file at '\(path)'") }
            for file in found {
                do throws(CaseFileError) { files.append((file, try CaseFile.load(file))) } catch { throw CLIFailure(error.description) }
            }
        }
        let engine = try startEngine(options.runOptions)
        let start = Date()
        var byTarget: [String: TargetReport] = [:]
        var order: [String] = []
        for (path, file) in files {
            let target = file.theCase.target.description
            if byTarget[target] == nil {
                order.append(target)
                byTarget[target] = TargetReport(target: target, executions: 0, findings: [])
            }
            let result = try runCase(engine, file.theCase)
            byTarget[target]!.executions += 1
            byTarget[target]!.modelMismatches = (byTarget[target]!.modelMismatches ?? 0) + result.modelMismatches
            var disagreed = result.modelMismatches > 0
                ? " (the ownership model disagreed with \(result.modelMismatches) step(s): please report this case)" : ""
            if result.finding == nil && result.countsOffModel > 0 {
                disagreed += " (\(result.countsOffModel) object(s) ended the call with counts the model did not predict, given back by the teardown)"
            }
            if var finding = result.finding {
                print("\(path): \(finding.kind.rawValue): \(finding.message)\(disagreed)")
                finding.maskedBy = file.finding?.maskedBy ?? []
                byTarget[target]!.findings.append(finding.reported(case: file.theCase, caseFile: path, modulePaths: options.modules.modulePath))
            } else {
                let how: String
                if case .raised(let type, _)? = result.call { how = " (raised \(type))" } else { how = "" }
                print("\(path): passes\(how)\(file.finding.map { " (stored as \($0.kind.rawValue))" } ?? "")\(disagreed)")
            }
        }
        var result = Report(seed: 0, seconds: Date().timeIntervalSince(start), executions: files.count,
                            targets: order.map { byTarget[$0]! })
        result.python = engine.pythonVersion
        if let report { try writeOutput(try result.encoded(), to: report) }
        if result.findingCount > 0 { throw ExitCode(1) }
    }
}
