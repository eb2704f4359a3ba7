import ArgumentParser
import RefFuzzCore
import RefFuzzEngine

/// Development aid: why do cases of a (correct) target need repetitions? Runs in this process.
struct Observe: ParsableCommand {
    static let configuration = CommandConfiguration(shouldDisplay: false)
    @Argument var target: String
    @Option var seed: UInt64 = 0
    @Option var from = 0
    @Option var count = 100
    @OptionGroup var modules: ModulePathOptions

    func run() throws {
        let engine = try startEngine(modulePaths: modules.modulePath)
        let spec = try TargetSpec(parsing: target)
        for line in try engine.observeInProcess(spec, seed: seed, indices: from..<(from + count)) { print(line) }
    }
}
