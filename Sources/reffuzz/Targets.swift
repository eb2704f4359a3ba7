import ArgumentParser
import RefFuzzEngine

struct Targets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in targets, or the callables of MODULE with a guessed spec.")

    @Argument(help: "A module to list (default: the built-in example modules).")
    var module: String?
    @OptionGroup var modules: ModulePathOptions

    func run() throws {
        let engine = try startEngine(RunOptions(modulePaths: modules.modulePath))
        let listings: [TargetListing]
        do throws(TargetError) { listings = try engine.listTargets(module: module) } catch { throw CLIFailure(error.description) }
        let width = min(listings.map(\.spec.count).max() ?? 0, 56)
        for listing in listings {
            let padded = listing.spec.padding(toLength: max(width, listing.spec.count), withPad: " ", startingAt: 0)
            let label = listing.declared ? (listing.bug.map { "bug: \($0)" } ?? "correct") : ""
            let waiting = listing.waitsFor.map { "not in the default run: waits for \($0)" } ?? ""
            let note = [label, listing.about, waiting].filter { !$0.isEmpty }.joined(separator: " - ")
            print("\(padded)  \(note)")
        }
    }
}
