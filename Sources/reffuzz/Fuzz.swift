import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fuzz targets (the built-in examples when none is given).")

    @Argument(help: ArgumentHelp("Targets, e.g. 'mymod:pop_and_print(list,mutator)', or a whole module, 'mymod' (its specs are inferred, or declared).", valueName: "TARGET"))
    var targets: [String] = []
    @OptionGroup var caseOptions: CaseRunOptions
    @Option(help: ArgumentHelp("Time budget for the whole run.", valueName: "SECONDS"))
    var time: Double?
    @Option(help: ArgumentHelp("Case budget for the whole run, shared by the targets.", valueName: "N"))
    var runs: Int?
    @Option(help: "Seed: the same seed, targets and --runs give the same findings.")
    var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Where shrunk findings are stored.", valueName: "DIR"))
    var corpus = ".reffuzz"
    @Option(help: "Worker processes (default: the number of CPUs).")
    var jobs: Int?
    @Option(help: ArgumentHelp("Run shard I of N (batches are split between shards).", valueName: "I/N"))
    var shard: String?
    @Option(help: ArgumentHelp("Example values, one Python literal a line (b\"\\x93\\x01\", '{\"a\": 1}', 12345678901234567890), mixed into the generated ones and mutated; repeatable.", valueName: "FILE"))
    var values: [String] = []
    @Option(help: ArgumentHelp("Write the JSON report to FILE.", valueName: "FILE.json"))
    var report: String?
    @Option(help: ArgumentHelp("Write a JUnit XML report to FILE.", valueName: "FILE.xml"))
    var junit: String?

    func validate() throws {
        if let time, !(time > 0) { throw CLIFailure("--time must be a positive number of seconds") }
        if let runs, runs <= 0 { throw CLIFailure("--runs must be a positive number") }
        if let jobs, jobs <= 0 { throw CLIFailure("--jobs must be a positive number") }
        if let shard, Shard(parsing: shard) == nil { throw CLIFailure("--shard must be I/N with 0 <= I < N, e.g. 0/4") }
    }

    /// The command line as the one options value the engine takes.
    func options() throws -> FuzzOptions {
        let requests = try targets.map { text in
            do throws(TargetSpecError) { return try TargetRequest(parsing: text) } catch { throw CLIFailure(error.description) }
        }
        var options = FuzzOptions(requests: requests)
        options.run = caseOptions.runOptions
        options.seed = seed
        options.time = time
        options.runs = runs
        options.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        options.corpus = corpus
        options.shard = shard.flatMap(Shard.init(parsing:))
        options.values = try values.flatMap(Self.literals(inFile:))
        return options
    }

    /// The literals of a values file; a bad line is the one error line `FILE:LINE: why`.
    static func literals(inFile path: String) throws -> [PythonLiteral] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("\(path): cannot read the values file") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure("\(path): the values file is not UTF-8 text") }
        do throws(ValuesFileError) { return try PythonLiteral.lines(of: text, file: path) } catch { throw CLIFailure(error.description) }
    }

    func run() throws {
        let options = try options()
        let engine = try startEngine(options.run)
        let terminal = Terminal()
        let progress: ((FuzzProgress) -> Void)? = terminal.isInteractive ? { terminal.progress($0) } : nil
        let result: Report
        do throws(TargetError) {
            // The specs a bare module (or `{}`) chose, one a line on stderr before the run.
            result = try engine.fuzz(options, progress: progress) { plan in
                for line in plan.lines { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            }
        } catch { throw CLIFailure(error.description) }
        terminal.clearProgress()
        try write(result)
        terminal.summary(result)
        if result.findingCount > 0 { throw ExitCode(1) }
    }

    func write(_ result: Report) throws {
        if let report { try writeOutput(try result.encoded(), to: report) }
        if let junit { try writeOutput(Data(JUnitReport(result).xml.utf8), to: junit) }
    }
}

/// Starts the embedded Python, turning a start-up problem into one line. A detector this Python
/// does not fully support is said on stderr, one line each (none on 3.11, 3.12 and 3.13).
func startEngine(_ options: RunOptions) throws -> Engine {
    let engine: Engine
    do { engine = try Engine(options) } catch { throw CLIFailure("\(error)") }
    for note in engine.versionSupport.notes { FileHandle.standardError.write(Data("reffuzz: \(note)\n".utf8)) }
    return engine
}
