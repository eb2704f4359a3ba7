import ArgumentParser
import Foundation
import RefFuzzEngine

struct Minimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep the smallest case of each distinct finding and behaviour of a corpus.",
        discussion: """
            Runs every case (each in its own process) and writes to DIR the smallest case for each distinct \
            finding (target and kind) and for each distinct behaviour (how the call ended, the mutations and \
            callbacks that ran, what died). A journal in DIR makes it incremental and resumable.
            """)

    @Argument(help: ArgumentHelp("The corpus folder.", valueName: "CORPUS_DIR"))
    var corpus: String
    @Option(help: ArgumentHelp("Where the minimized corpus goes.", valueName: "DIR"))
    var out: String
    @OptionGroup var options: CaseRunOptions

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure("corpus '\(corpus)' is not a directory")
        }
        let from = URL(fileURLWithPath: corpus).standardizedFileURL.path + "/"
        let to = URL(fileURLWithPath: out).standardizedFileURL.path + "/"
        if to.hasPrefix(from) || from.hasPrefix(to) { throw CLIFailure("--out must not be inside the corpus, nor contain it") }
    }

    func run() throws {
        let engine = try startEngine(options.runOptions)
        let terminal = Terminal()
        let summary: MinimizeSummary
        do throws(MinimizeError) {
            summary = try engine.minimize(corpus: corpus, into: out) { done, total in
                if terminal.isInteractive { terminal.line("[reffuzz] minimize: \(done)/\(total) cases") }
            }
        } catch { throw CLIFailure(error.description) }
        terminal.clearProgress()
        print("reffuzz: \(summary.input) case(s) -> \(summary.kept.count) kept in \(out) (\(summary.findings) distinct finding(s), \(summary.behaviours) distinct behaviour(s); \(summary.resumed) already known from the journal)")
    }
}
