import Foundation
import RefFuzzCore
import RefFuzzEngine
import Testing

/// Fuzzes `target` (a spec, or a bare module: the specs `reffuzz targets MODULE` gives) from a Swift
/// Testing test and records one issue per finding, with its story, the shrunk case, and the line that
/// replays it:
///
///     @Test(.fixedSeed(42)) func popIsSafe() async throws {
///         try await fuzz("mymod:pop(list,mutator)", runs: 500, modulePaths: ["build"])
///     }
///
/// `values` are example values, one Python literal each (`#"b"\x93\x01""#`), mixed into the generated
/// ones as `reffuzz fuzz --values FILE` does.
///
/// The cases run in a separate single-threaded RefFuzz server process (a copy of the test executable),
/// each in its own forked child: a crash or hang of the target is a finding, never a crashed test run.
/// Without a seed (argument or `.fixedSeed` trait) each run draws a new one and a failure says which.
@discardableResult
public func fuzz(_ target: String, runs: Int = 1000, time: Double? = nil, seed: UInt64? = nil,
                 modulePaths: [String] = [], corpus: String = ".reffuzz", timeout: Double = 1.0, jobs: Int = 1,
                 values: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Report {
    let chosen = seed ?? FixedSeed.current ?? UInt64.random(in: 0...UInt64(UInt32.max))
    let asked: TargetRequest
    do { asked = try TargetRequest(parsing: target) } catch { throw FuzzSetupError(description: error.description) }
    var options = FuzzOptions(requests: [asked])
    options.run = RunOptions(modulePaths: modulePaths, timeout: timeout)
    options.seed = chosen
    options.runs = time == nil ? runs : nil
    options.time = time
    options.corpus = corpus
    options.jobs = jobs
    do throws(ValuesFileError) {
        options.values = try PythonLiteral.lines(of: values.joined(separator: "\n"), file: "values")
    } catch { throw FuzzSetupError(description: error.description) }
    let request = options
    let report: Report
    do {
        report = try await Task.detached { try SpawnedEngine.fuzz(request) }.value
    } catch let failure as SpawnedEngine.Failure {
        throw FuzzSetupError(description: failure.description)
    }
    for result in report.targets {
        for finding in result.findings {
            Issue.record(Comment(rawValue: FailureText.describe(finding, target: result.target, seed: chosen,
                                                                pinned: seed != nil || FixedSeed.current != nil)),
                         sourceLocation: sourceLocation)
        }
    }
    return report
}

/// Replays every case file under `directory` and records an issue for each case whose outcome is not
/// the one stored with it (a stored finding that no longer shows, or a passing case that now fails):
/// curated regression cases, replayed by `swift test`.
public func replayCorpus(_ directory: String, modulePaths: [String] = [], timeout: Double = 1.0,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws {
    var options = ReplayOptions(paths: [directory])
    options.run = RunOptions(modulePaths: modulePaths, timeout: timeout)
    let request = options
    let results: [ReplayResult]
    do {
        results = try await Task.detached { try SpawnedEngine.replay(request) }.value
    } catch let failure as SpawnedEngine.Failure {
        throw FuzzSetupError(description: failure.description)
    }
    if results.isEmpty { Issue.record("no case files under \(directory)", sourceLocation: sourceLocation) }
    for result in results where result.stored != result.observed?.kind {
        let stored = result.stored?.rawValue ?? "no finding"
        let observed = result.observed.map { "\($0.kind.rawValue): \($0.message)" } ?? "no finding"
        Issue.record(Comment(rawValue: "\(result.path): stored as \(stored), now shows \(observed)\n  replay: reffuzz replay \(result.path)"),
                     sourceLocation: sourceLocation)
    }
}

/// The target could not be fuzzed at all (bad spec, import failure, wrong signature).
public struct FuzzSetupError: Error, CustomStringConvertible {
    public let description: String
}

enum FailureText {
    static func describe(_ finding: Finding, target: String, seed: UInt64, pinned: Bool) -> String {
        var lines = ["\(finding.kind.rawValue) in \(target): \(finding.message)"]
        if let call = finding.call { lines.append("  shrunk to \(finding.ops ?? 0) op(s): \(call)") }
        if !finding.maskedBy.isEmpty { lines.append("  passes with: \(finding.maskedBy.map(\.rawValue).joined(separator: ", "))") }
        if let file = finding.caseFile { lines.append("  case: \(file)") }
        if let replay = finding.reproduce { lines.append("  replay: \(replay)") }
        if !pinned { lines.append("  this run's seed: \(seed) (pin it with @Test(.fixedSeed(\(seed))))") }
        return lines.joined(separator: "\n")
    }
}
