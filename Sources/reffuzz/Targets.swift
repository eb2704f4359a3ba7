import ArgumentParser
import RefFuzzEngine

struct Targets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in targets, or a spec for each public function and type of MODULE.",
        discussion: """
            A module with a __reffuzz_targets__ table lists its rows; any other module gets its specs \
            inferred (signatures, .pyi stubs, docstrings, then probe calls in child processes), one a \
            line ready to paste with the evidence after two spaces; a target that could not be inferred \
            is a line starting with '#' that says why.
            """)

    @Argument(help: "A module to list (default: the built-in example modules).")
    var module: String?
    @Flag(help: "Infer the specs even for a module with a __reffuzz_targets__ table.")
    var infer = false
    @OptionGroup var modules: ModulePathOptions

    func run() throws {
        let engine = try startEngine(RunOptions(modulePaths: modules.modulePath))
        let listings: [TargetListing]
        do throws(TargetError) { listings = try engine.listTargets(module: module, infer: infer) } catch { throw CLIFailure(error.description) }
        let width = min(listings.filter { !$0.skipped }.map(\.spec.count).max() ?? 0, 56)
        for listing in listings where !listing.skipped {
            let padded = listing.spec.padding(toLength: max(width, listing.spec.count), withPad: " ", startingAt: 0)
            let label = listing.declared ? (listing.bug.map { "bug: \($0)" } ?? "correct") : ""
            let waiting = listing.waitsFor.map { "not in the default run: waits for \($0)" } ?? ""
            let note = [label, listing.about, waiting].filter { !$0.isEmpty }.joined(separator: " - ")
            print("\(padded)  \(note)")
        }
        for listing in listings where listing.skipped { print("# \(listing.spec) skipped: \(listing.about)") }
    }
}
