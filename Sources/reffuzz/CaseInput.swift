import ArgumentParser
import Foundation
import RefFuzzCore
import RefFuzzEngine

/// Loads a case file for the commands that take one, as one clear line when it cannot be used.
func loadCase(_ path: String) throws -> CaseFile {
    do throws(CaseFileError) { return try CaseFile.load(path) } catch { throw CLIFailure(error.description) }
}

/// The engine, with the case's target resolved (import errors become one line).
func engine(for file: CaseFile, options: CaseRunOptions) throws -> Engine {
    let engine = try startEngine(options.runOptions)
    do throws(TargetError) { try engine.resolve(file.theCase.target) } catch { throw CLIFailure(error.description) }
    return engine
}

/// Writes an output file atomically; a failure is one line (exit status 2).
func writeOutput(_ data: @autoclosure () throws -> Data, to path: String) throws {
    do { try CorpusStore.writeAtomically(try data(), to: path) } catch {
        throw CLIFailure("cannot write \(path): \(error.localizedDescription)")
    }
}

func runCase(_ engine: Engine, _ theCase: Case, keepObservation: Bool = false) throws -> RunResult {
    do throws(TargetError) { return try engine.run(theCase, keepObservation: keepObservation) } catch { throw CLIFailure(error.description) }
}
