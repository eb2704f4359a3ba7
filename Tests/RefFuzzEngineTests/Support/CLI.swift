import Foundation
import RefFuzzCore

/// Runs the built `reffuzz` executable: every engine test goes through the command line, the contract
/// users and outside evaluations depend on, and every case runs in the executable's own fork server,
/// never in the (multi-threaded) test process.
enum CLI {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The lines on stderr, less the start-up notes of the detectors the embedded Python does not
        /// fully support ("reffuzz: detector ...": none on 3.11 to 3.13; `VersionSupportTests` checks them).
        var stderrLines: [Substring] {
            stderr.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix(CLI.notePrefix) }
        }
        /// The start-up notes on stderr.
        var noteLines: [Substring] { stderr.split(separator: "\n").filter { $0.hasPrefix(CLI.notePrefix) } }
    }

    static let notePrefix = "reffuzz: detector "

    /// The `reffuzz` built next to the test bundle.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("reffuzz")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../.build/debug/reffuzz").standardizedFileURL
    }()

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while it runs (a full pipe would block the child).
        let outData = Locked(Data()), errData = Locked(Data())
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                sink.set(data)
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData.value, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Runs `reffuzz fuzz` with a report in a fresh scratch folder and decodes the report.
    static func fuzz(_ arguments: [String], scratch: Scratch) throws -> (Result, Report) {
        let report = scratch.path("report.json")
        let result = try run(["fuzz"] + arguments + ["--report", report, "--corpus", scratch.path("corpus")])
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        return (result, try JSONDecoder().decode(Report.self, from: data))
    }
}

/// What `reffuzz runtime` says about the embedded Python (its probed facts and measured checks), run
/// once: tests compare with these facts instead of assuming a version's.
enum Runtime {
    static let probed: Swift.Result<(CLI.Result, VersionSupport), any Error> = Swift.Result {
        let scratch = try Scratch()
        let path = scratch.path("runtime.json")
        let result = try CLI.run(["runtime", "--report", path])
        return (result, try JSONDecoder().decode(VersionSupport.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
    }
    static func facts() throws -> VersionSupport { try probed.get().1 }
}

/// A value shared between threads under a lock.
final class Locked<T>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func set(_ value: T) { lock.withLock { stored = value } }
}

/// A temporary folder removed when the test is done with it.
final class Scratch: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("reffuzz-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension Report {
    /// Finding kinds by target.
    var kinds: [String: Set<FindingKind>] {
        Dictionary(uniqueKeysWithValues: targets.map { ($0.target, Set($0.findings.map(\.kind))) })
    }

    func finding(_ target: String, _ kind: FindingKind) -> Finding? {
        targets.first { $0.target == target }?.findings.first { $0.kind == kind }
    }
}
