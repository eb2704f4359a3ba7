import Foundation

/// The JSON report of TARGETS.md (`--report FILE.json`). Extra fields are allowed; these are not optional.
public struct Report: Hashable, Sendable, Codable {
    public var reffuzz = 1
    public var seed: UInt64
    public var seconds: Double
    public var executions: Int
    public var targets: [TargetReport]
    /// Extras: seconds spent running cases (before confirming, shrinking and masking the findings),
    /// and the peak resident memory of this process and of its largest child, in KiB.
    public var fuzzSeconds: Double?
    public var peakMemory: PeakMemory?
    /// The embedded CPython's version (`3.12.1`).
    public var python: String?
    /// Extras of a whole-module run: the targets a module offered that were not fuzzed, and why; and the
    /// seconds spent inferring the specs (counted in `seconds` and in the findings' `seconds_to_find`).
    public var skipped: [SkippedTarget]?
    public var inferenceSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case reffuzz, seed, seconds, executions, targets, fuzzSeconds = "fuzz_seconds", peakMemory = "peak_memory_kb", python
        case skipped, inferenceSeconds = "inference_seconds"
    }

    public init(seed: UInt64, seconds: Double, executions: Int, targets: [TargetReport]) {
        self.seed = seed
        self.seconds = seconds
        self.executions = executions
        self.targets = targets
    }

    public var findingCount: Int { targets.reduce(0) { $0 + $1.findings.count } }

    public func encoded() throws -> Data { try CanonicalJSON.encode(self) }
}

/// A target of a whole-module run that was not fuzzed: its name or spec, and why.
public struct SkippedTarget: Hashable, Sendable, Codable {
    public var target: String
    public var reason: String

    public init(target: String, reason: String) {
        self.target = target
        self.reason = reason
    }
}

/// Peak resident set sizes in KiB.
public struct PeakMemory: Hashable, Sendable, Codable {
    public var parent: Int
    public var largestChild: Int

    enum CodingKeys: String, CodingKey { case parent, largestChild = "largest_child" }

    public init(parent: Int, largestChild: Int) {
        self.parent = parent
        self.largestChild = largestChild
    }
}

public struct TargetReport: Hashable, Sendable, Codable {
    public var target: String
    public var executions: Int
    public var findings: [Finding]
    /// Extra: cases whose counts were off after one run and that were run again (leak or retention?).
    public var repeated: Int?
    /// Extra: steps of the cases run whose effect the ownership model predicted otherwise (0 expected:
    /// anything else is a case to report).
    public var modelMismatches: Int?

    enum CodingKeys: String, CodingKey {
        case target, executions, findings, repeated, modelMismatches = "model_mismatches"
    }

    public init(target: String, executions: Int, findings: [Finding]) {
        self.target = target
        self.executions = executions
        self.findings = findings
    }
}
