import ArgumentParser
import Foundation
import RefFuzzCore

/// Curating a corpus by hand: validates case files and stores them under their canonical names.
struct Store: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate case files and store them in a corpus under their canonical names.")

    @Argument(help: ArgumentHelp("Case files.", valueName: "CASE"))
    var paths: [String]
    @Option(help: ArgumentHelp("The corpus folder.", valueName: "DIR"))
    var corpus: String

    func run() throws {
        let files = try paths.map(loadCase)
        let store = CorpusStore(directory: corpus)
        for (path, file) in zip(paths, files) {
            do { print("\(path) -> \(try store.store(file))") } catch {
                throw CLIFailure("cannot store \(path) in \(corpus): \(error.localizedDescription)")
            }
        }
    }
}
