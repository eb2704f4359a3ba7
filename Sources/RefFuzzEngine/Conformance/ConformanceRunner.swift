import CPython
import Foundation
import RefFuzzCore
import RefFuzzRuntime

/// `reffuzz conformance`: the model's exactness as a measured fact, and the masking table.
public struct ConformanceOptions: Sendable {
    public var steps: Int
    public var seed: UInt64 = 0
    /// Dangling-use programs per data class.
    public var danglingPrograms = 100
    public var jobs = 1

    public init(steps: Int) { self.steps = steps }
}

/// What a conformance child reports for a batch of well-formed programs.
struct ConformanceBatch: Codable {
    var steps: Int
    var programs: Int
    var mismatches: [ConformanceMismatch]
}

/// Runs conformance programs in the fork server's children and builds the report.
struct ConformanceRunner {
    let server: ForkServer
    let facts: RuntimeFacts

    func run(_ options: ConformanceOptions, progress: ((Int, Int) -> Void)? = nil) -> ConformanceReport {
        let start = Clock.now()
        let generator = CAPIGenerator()
        // Programs are generated in the parent (cheap) until the step budget is met; children run them.
        var programs: [CAPIProgram] = []
        var total = 0
        while total < options.steps {
            let program = generator.wellFormed(seed: options.seed, index: programs.count)
            programs.append(program)
            total += program.ops.count
        }
        var steps = 0
        var mismatches: [ConformanceMismatch] = []
        let batch = 200
        var first = 0
        while first < programs.count {
            let slice = Array(programs[first..<min(first + batch, programs.count)])
            let result = runBatch(slice)
            steps += result.steps
            mismatches += result.mismatches
            first += batch
            progress?(steps, options.steps)
        }
        var examples: [ConformanceReport.Example] = []
        for program in Set(mismatches.map(\.program)).sorted().prefix(3) {
            let shrunk = shrinkConformance(programs[program])
            // The shrunk program's own first mismatch (shrinking keeps a mismatch, not necessarily the same).
            let mismatch = runBatch([shrunk]).mismatches.first ?? mismatches.first { $0.program == program }!
            examples.append(.init(what: "step \(mismatch.step): \(mismatch.what)", program: shrunk.text.split(separator: "\n").map(String.init)))
        }
        let (masking, native) = danglingTable(options)
        return ConformanceReport(steps: steps, programs: programs.count, mismatches: mismatches.count,
                                 masking: masking, native: native, examples: examples, seed: options.seed,
                                 seconds: Clock.now() - start,
                                 operations: programs.reduce(into: [:]) { counts, program in
                                     for op in program.ops { counts[op.function, default: 0] += 1 }
                                 })
    }

    /// Runs programs in one child; a crash is a mismatch of the program that was running, and the
    /// programs after it run in a new child.
    func runBatch(_ programs: [CAPIProgram]) -> ConformanceBatch {
        let facts = self.facts
        let outcome = server.run { progress -> ConformanceBatch in
            var result = ConformanceBatch(steps: 0, programs: 0, mismatches: [])
            for program in programs {
                // A well-formed program never takes long: one that does is stuck (a mismatch too).
                progress.start(program.index)
                let run = CAPIRun(facts: facts)
                result.mismatches += run.check(program)
                result.steps += program.ops.count
                result.programs += 1
            }
            return result
        }
        guard case .died(let death) = outcome else {
            if case .sent(let result) = outcome { return result }
            return ConformanceBatch(steps: 0, programs: 0, mismatches: [])
        }
        let index = death.current
        let how: String = { if case .signaled(let s) = death.how { return "died by \(signalName(s))" } else if death.how == .hung { return "hung" } else { return "ended without an answer" } }()
        var rest = ConformanceBatch(steps: 0, programs: 0, mismatches: [
            ConformanceMismatch(program: max(index, programs[0].index), step: 0, op: "", what: "the interpreter \(how) running a well-formed program")])
        let after = programs.filter { $0.index > index }
        if !after.isEmpty {
            let more = runBatch(after)
            rest.steps += more.steps
            rest.programs += more.programs
            rest.mismatches += more.mismatches
        }
        return rest
    }

    /// Removes ops from a mismatching program while the model still accepts it and it still mismatches.
    func shrinkConformance(_ program: CAPIProgram) -> CAPIProgram {
        var best = program
        var improved = true
        var attempts = 0
        while improved && attempts < 300 {
            improved = false
            for i in best.ops.indices.reversed() {
                var candidate = best
                candidate.ops.remove(at: i)
                var model = CAPIModel()
                guard (try? candidate.ops.forEach { op in try model.apply(op) }) != nil else { continue }
                attempts += 1
                if !runBatch([candidate]).mismatches.isEmpty {
                    best = candidate
                    improved = true
                    break
                }
            }
        }
        return best
    }

    /// Dangling-use programs under each data class, with the detectors on and in a stock interpreter.
    func danglingTable(_ options: ConformanceOptions) -> (masking: [String: [String: Int]], native: [String: [String: Int]]) {
        let generator = CAPIGenerator()
        var masking: [String: [String: Int]] = [:], native: [String: [String: Int]] = [:]
        for name in ConformanceReport.dataClasses {
            for stock in [false, true] {
                var tally = Dictionary(uniqueKeysWithValues: DanglingOutcome.allCases.map { ($0.rawValue, 0) })
                for i in 0..<options.danglingPrograms {
                    let value: Value
                    switch name {
                    case "canary": value = .canary(0)
                    case "small-int": value = .smallInt(7)
                    case "interned-str": value = .internedString("append")
                    case "fresh-str": value = .freshString("dangling-\(i)")
                    case "singleton": value = .singleton(.none)
                    default: value = .bigInt(1_000_000 + 7 * i)
                    }
                    let program = generator.dangling(seed: options.seed, index: i, value: value,
                                                     extraReference: name == "extra-reference")
                    tally[runDangling(program, stock: stock).rawValue, default: 0] += 1
                }
                if stock { native[name] = tally } else { masking[name] = tally }
            }
        }
        return (masking, native)
    }

    /// Runs one dangling-use program in its own child (it may crash).
    func runDangling(_ program: CAPIProgram, stock: Bool) -> DanglingOutcome {
        let facts = self.facts
        let outcome = server.run { _ -> DanglingOutcome in
            if stock {
                rf_set_quarantine(0)
                rf_set_parking(0)
            }
            return CAPIRun(facts: facts).dangle(program)
        }
        if case .sent(let result) = outcome { return result }
        return .crashed
    }
}
