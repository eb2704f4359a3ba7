import Glibc
import RefFuzzCore

/// How the engine imports and runs anything: the module paths, the per-case time limit and the
/// guard-page mode. Given once, when the engine starts.
public struct RunOptions: Hashable, Sendable, Codable {
    /// Folders put first on sys.path (also repeated in the report's replay lines).
    public var modulePaths: [String]
    /// Per-case time limit in seconds (a case whose execution takes longer is a `hang`).
    public var timeout: Double
    /// Which cases give raw memory blocks pages of their own (`GuardPages`).
    public var guardPages: GuardPages

    public init(modulePaths: [String] = [], timeout: Double = 1.0, guardPages: GuardPages = .default) {
        self.modulePaths = modulePaths
        self.timeout = timeout
        self.guardPages = guardPages
    }
}

/// Everything a fuzz run needs to know, translated once from the command line (or from a test), and
/// sent as it is (its Codable form) to a spawned server.
public struct FuzzOptions: Hashable, Sendable, Codable {
    /// The targets: specs, and whole modules whose specs are inferred (or declared); empty means the
    /// built-in example targets.
    public var targets: [TargetRequest]
    public var run = RunOptions()
    public var seed: UInt64 = 0
    /// Budget in seconds for the whole run, shared by the targets.
    public var time: Double?
    /// Budget in cases for the whole run, shared by the targets.
    public var runs: Int?
    /// Worker processes running cases at the same time.
    public var jobs = 1
    /// Cases per child process (a child also ends at its first new finding, crash or hang). A child costs
    /// about 5 ms to start (fork, copy-on-write faults, warming the interpreter and the Swift runtime up
    /// again): 1,024 cases make that under 5 µs a case (256 made it 20).
    public var batchSize = 1024
    /// Where shrunk findings are stored.
    public var corpus = ".reffuzz"
    /// Run only batch b of each target where b % count == index (a CI matrix covers disjoint work).
    public var shard: Shard?
    /// Candidates the shrinker may try per finding.
    public var shrinkBudget = 300
    /// Example values (`--values FILE`) mixed into the generated ones, with the string constants of
    /// each target's module file.
    public var values: [PythonLiteral] = []

    /// Cases per target when neither `time` nor `runs` is given.
    public static let defaultRunsPerTarget = 2000

    public init(targets: [TargetSpec]) { self.targets = targets.map(TargetRequest.spec) }
    public init(requests: [TargetRequest]) { self.targets = requests }

    /// Cases each target gets: the total split fairly (the first ones get the remainder), or nil for a
    /// time budget (unbounded, round robin until the time is up).
    func runs(forTarget t: Int, of count: Int) -> Int? {
        let total: Int? = runs ?? (time == nil ? Self.defaultRunsPerTarget * count : nil)
        guard let total else { return nil }
        return total / count + (t < total % count ? 1 : 0)
    }
}

/// Stored cases to replay, as sent to a spawned server.
public struct ReplayOptions: Hashable, Sendable, Codable {
    /// Case files or folders of them.
    public var paths: [String]
    public var run = RunOptions()

    public init(paths: [String]) { self.paths = paths }
}

public struct Shard: Hashable, Sendable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `I/N` with 0 <= I < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n > 0, i >= 0, i < n else { return nil }
        index = i
        count = n
    }

    public var description: String { "\(index)/\(count)" }
}

/// What a run has done so far, for the progress line.
public struct FuzzProgress: Sendable {
    public var seconds: Double
    public var executions: Int
    public var findings: Int
    public var phase: String
}

extension PeakMemory {
    /// getrusage for this process and for the largest of its reaped children.
    static func measure() -> PeakMemory {
        var me = rusage(), children = rusage()
        getrusage(RUSAGE_SELF.rawValue, &me)
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        return PeakMemory(parent: Int(me.ru_maxrss), largestChild: Int(children.ru_maxrss))
    }
}
