import Foundation
import RefFuzzCore

/// A fuzz run asked of a spawned server process (see `SpawnedEngine`).
public struct FuzzRequest: Codable, Sendable {
    public var targets: [String]
    public var modulePaths: [String] = []
    public var seed: UInt64 = 0
    public var runs: Int?
    public var time: Double?
    public var jobs = 1
    public var corpus = ".reffuzz"
    public var timeout = 1.0
    public var shrinkBudget = 300

    public init(targets: [String]) { self.targets = targets }
}

/// Stored cases to replay in a spawned server.
public struct ReplayRequest: Codable, Sendable {
    /// Case files or folders of them.
    public var paths: [String]
    public var modulePaths: [String] = []
    public var timeout = 1.0

    public init(paths: [String]) { self.paths = paths }
}

/// What one stored case showed when replayed.
public struct ReplayResult: Codable, Sendable {
    public var path: String
    /// The kind stored with the case (nil: stored without a finding).
    public var stored: FindingKind?
    /// What it shows now (nil: it passes).
    public var observed: Finding?
}

enum ServerRequest: Codable {
    case fuzz(FuzzRequest)
    case replay(ReplayRequest)
}

/// The server's answer, or the one line that says why it could not run.
enum ServerResponse: Codable {
    case report(Report)
    case replayed([ReplayResult])
    case failure(String)
}

extension Engine {
    /// Replays stored cases in this process (the server side).
    static func serve(_ request: ReplayRequest) -> ServerResponse {
        var files: [(String, CaseFile)] = []
        for path in request.paths {
            for file in CorpusStore.caseFiles(at: path) {
                do throws(CaseFileError) { files.append((file, try CaseFile.load(file))) } catch { return .failure(error.description) }
            }
        }
        let engine: Engine
        do { engine = try Engine(modulePaths: request.modulePaths) } catch { return .failure("\(error)") }
        engine.caseTimeout = request.timeout
        var results: [ReplayResult] = []
        for (path, file) in files {
            do throws(TargetError) {
                let outcome = try engine.run(file.theCase)
                results.append(ReplayResult(path: path, stored: file.finding?.kind, observed: outcome.finding))
            } catch {
                return .failure(error.description)
            }
        }
        return .replayed(results)
    }

    /// Runs a request in this process (the server side).
    static func serve(_ request: FuzzRequest) -> ServerResponse {
        let engine: Engine
        do { engine = try Engine(modulePaths: request.modulePaths) } catch { return .failure("\(error)") }
        engine.caseTimeout = request.timeout
        var specs: [TargetSpec] = []
        for text in request.targets {
            do throws(TargetSpecError) { specs.append(try TargetSpec(parsing: text)) } catch { return .failure(error.description) }
        }
        var options = FuzzOptions(targets: specs)
        options.seed = request.seed
        options.runs = request.runs
        options.time = request.time
        options.jobs = request.jobs
        options.corpus = request.corpus
        options.modulePaths = request.modulePaths
        options.shrinkBudget = request.shrinkBudget
        do throws(TargetError) {
            for spec in specs { try engine.resolve(spec) }
            return .report(try engine.fuzz(options))
        } catch {
            return .failure(error.description)
        }
    }
}

/// The entry the C constructor calls in a spawned server: read one request, answer, exit.
@_cdecl("reffuzz_serve")
public func reffuzzServe(_ input: Int32, _ output: Int32) -> Int32 {
    let request = FileHandle(fileDescriptor: input, closeOnDealloc: true).readDataToEndOfFile()
    let response: ServerResponse
    switch try? JSONDecoder().decode(ServerRequest.self, from: request) {
    case .fuzz(let fuzz): response = Engine.serve(fuzz)
    case .replay(let replay): response = Engine.serve(replay)
    case nil: response = .failure("the server could not read its request")
    }
    let data = (try? JSONEncoder().encode(response)) ?? Data()
    FileHandle(fileDescriptor: output, closeOnDealloc: true).write(data)
    return 0
}
