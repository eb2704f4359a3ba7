import Foundation
import RefFuzzCore

/// What one stored case showed when replayed.
public struct ReplayResult: Codable, Sendable {
    public var path: String
    /// The kind stored with the case (nil: stored without a finding).
    public var stored: FindingKind?
    /// What it shows now (nil: it passes).
    public var observed: Finding?
}

/// A question for a spawned server (see `SpawnedEngine`): the options of the command, as they are.
enum ServerRequest: Codable {
    case fuzz(FuzzOptions)
    case replay(ReplayOptions)
}

/// The server's answer, or the one line that says why it could not run.
enum ServerResponse: Codable {
    case report(Report)
    case replayed([ReplayResult])
    case failure(String)
}

enum Server {
    /// Replays stored cases in this process (the server side).
    static func serve(_ request: ReplayOptions) -> ServerResponse {
        var files: [(String, CaseFile)] = []
        for path in request.paths {
            for file in CorpusStore.caseFiles(at: path) {
                do throws(CaseFileError) { files.append((file, try CaseFile.load(file))) } catch { return .failure(error.description) }
            }
        }
        let engine: Engine
        do { engine = try Engine(request.run) } catch { return .failure("\(error)") }
        var results: [ReplayResult] = []
        for (path, file) in files {
            do throws(TargetError) {
                let result = try engine.run(file.theCase)
                results.append(ReplayResult(path: path, stored: file.finding?.kind, observed: result.finding))
            } catch {
                return .failure(error.description)
            }
        }
        return .replayed(results)
    }

    /// Runs a fuzz request in this process (the server side).
    static func serve(_ options: FuzzOptions) -> ServerResponse {
        let engine: Engine
        do { engine = try Engine(options.run) } catch { return .failure("\(error)") }
        do throws(TargetError) {
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
    case .fuzz(let fuzz): response = Server.serve(fuzz)
    case .replay(let replay): response = Server.serve(replay)
    case nil: response = .failure("the server could not read its request")
    }
    let data = (try? JSONEncoder().encode(response)) ?? Data()
    FileHandle(fileDescriptor: output, closeOnDealloc: true).write(data)
    return 0
}
