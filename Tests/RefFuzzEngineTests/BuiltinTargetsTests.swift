import Foundation
import RefFuzzCore
import Testing

/// One fuzz run over the built-in example targets (the README's main job, smaller), shared by the tests
/// of this suite: what the tests know about the examples is only used to check the findings.
struct BuiltinRun: Sendable {
    let result: CLI.Result
    let report: Report
    let scratch: Scratch

    static let shared: Swift.Result<BuiltinRun, any Error> = Swift.Result {
        let scratch = try Scratch()
        let (result, report) = try CLI.fuzz(["--runs", "12000", "--seed", "7", "--jobs", "2"], scratch: scratch)
        return BuiltinRun(result: result, report: report, scratch: scratch)
    }
}

/// The bug each built-in example has (the `_safe` twins have none): the functions', then the types'.
let builtinBugs: [(String, FindingKind)] = functionBugs + statefulBugs

/// The bug each built-in example function has.
let functionBugs: [(String, FindingKind)] = [
    ("refexamples:pop_and_print(list)", .useAfterFree),
    ("refexamples:pop_and_call(list,mutator)", .useAfterFree),
    ("refexamples:get_and_call(dict,mutator)", .useAfterFree),
    ("refexamples:largest(list)", .useAfterFree),
    ("refexamples:first_incref(list)", .leak),
    ("refexamples:sum_items(list)", .leak),
    ("refexamples:subtract(int,int)", .leak),
    ("refexamples:describe(any)", .overDecref),
    ("refexamples:wrap(any)", .overDecref),
    ("refexamples:first_item(list)", .overDecref),
    ("refexamples:last_or_null(list)", .badException),
]

func twin(of spec: String) -> String {
    let open = spec.firstIndex(of: "(")!
    return spec[..<open] + "_safe" + spec[open...]
}

@Suite("Built-in examples") struct BuiltinTargetsTests {
    let run: BuiltinRun

    init() throws { run = try BuiltinRun.shared.get() }

    @Test func fuzzRunExitsWithFindingsAndFuzzesEveryExample() {
        #expect(run.result.status == 1, "\(run.result.stderr)")
        #expect(run.report.targets.count == 2 * builtinBugs.count)
        #expect(run.report.targets.allSatisfy { $0.executions == 400 })
        #expect(run.report.executions == 12000)
    }

    @Test(arguments: zip(builtinBugs.map(\.0), builtinBugs.map(\.1)))
    func bugIsFoundWithItsKind(spec: String, kind: FindingKind) throws {
        let kinds = try #require(run.report.kinds[spec])
        #expect(kinds == [kind], "\(spec): \(run.report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
    }

    @Test(arguments: builtinBugs.map { twin(of: $0.0) })
    func correctTwinIsNotFlagged(spec: String) throws {
        let target = try #require(run.report.targets.first { $0.target == spec })
        #expect(target.findings.isEmpty, "\(target.findings.map(\.message))")
    }

    @Test func popAndPrintIsMaskedBySmallIntsAndAnExtraReference() throws {
        let finding = try #require(run.report.finding("refexamples:pop_and_print(list)", .useAfterFree))
        #expect(finding.maskedBy.contains(.smallIntCache))
        #expect(finding.maskedBy.contains(.extraReference))
        // Named exactly when the runtime has immortal objects (3.12+): the case passes with them.
        let immortal = try Runtime.facts().immortal
        #expect(finding.maskedBy.contains(.immortal) == !immortal.isEmpty, "immortal objects here: \(immortal)")
        #expect(finding.message.contains("borrowed"))
    }

    @Test func borrowedReferenceBugsShrinkToThreeOperations() throws {
        for spec in ["refexamples:pop_and_print(list)", "refexamples:pop_and_call(list,mutator)", "refexamples:get_and_call(dict,mutator)"] {
            let finding = try #require(run.report.finding(spec, .useAfterFree))
            #expect(finding.ops ?? 99 <= 3, "\(spec): \(finding.call ?? "")")
        }
    }

    @Test func everyBuiltinFunctionBugShrinksToAtMostFiveOperations() {
        let functions = Set(functionBugs.map(\.0).flatMap { [$0, twin(of: $0)] })
        for target in run.report.targets where functions.contains(target.target) {
            for finding in target.findings {
                #expect(finding.ops ?? 99 <= 5, "\(target.target): \(finding.ops ?? -1) ops: \(finding.call ?? "")")
            }
        }
    }

    @Test func storedCasesReplayTheSameFinding() throws {
        for (spec, kind) in builtinBugs {
            let finding = try #require(run.report.finding(spec, kind))
            let file = try CaseFile.load(try #require(finding.caseFile))
            #expect(file.finding?.kind == kind)
            #expect(file.theCase.target.description == spec)
            let replay = try CLI.run(["replay", try #require(finding.caseFile)])
            #expect(replay.status == 1)
            #expect(replay.stdout.contains(kind.rawValue), "\(replay.stdout)")
        }
    }

    @Test func summaryNamesEveryFindingAndItsReplayLine() {
        for (spec, _) in builtinBugs {
            #expect(run.result.stdout.contains(spec))
        }
        #expect(run.result.stdout.contains("reproduce: reffuzz replay "))
        #expect(run.result.stderrLines.isEmpty, "no progress line when stderr is not a terminal: \(run.result.stderr)")
    }

    @Test func targetsListsEveryExampleWithItsSpec() throws {
        let listing = try CLI.run(["targets"])
        #expect(listing.status == 0)
        for (spec, kind) in builtinBugs {
            #expect(listing.stdout.contains("\(spec)"))
            #expect(listing.stdout.contains(twin(of: spec)))
            #expect(listing.stdout.contains("bug: \(kind.rawValue)"))
        }
    }
}
