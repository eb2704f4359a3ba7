import Foundation
import RefFuzzCore
import Testing

/// One fuzz run over the built-in example targets (the README's main job, smaller), shared by the tests
/// of this suite: what the tests know about the examples is only used to check the findings.
struct BuiltinRun: Sendable {
    let result: CLI.Result
    let report: Report
    let scratch: Scratch

    /// Cases each target gets: enough for the classic bugs and most of Reach I's (not those of
    /// `bugsPastTheTestRun`); Scripts/campaigns/examples sweeps the default run with its full budget.
    static let runsPerTarget = 500

    static let shared: Swift.Result<BuiltinRun, any Error> = Swift.Result {
        let scratch = try Scratch()
        let runs = runsPerTarget * 2 * builtinBugs.count
        let (result, report) = try CLI.fuzz(["--runs", "\(runs)", "--seed", "7", "--jobs", "2"], scratch: scratch)
        return BuiltinRun(result: result, report: report, scratch: scratch)
    }
}

/// The bug each classic built-in example function has (the `_safe` twins have none).
let classicBugs: [(String, FindingKind)] = [
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

/// The bug each built-in example of the default run has: the classic functions, the types
/// (StatefulExamplesTests.swift), then the Reach I examples that no longer wait (ReachExamplesTests.swift).
let builtinBugs: [(String, FindingKind)] = classicBugs + statefulBugs
    + reachExamples.filter { $0.waitsFor == nil }.map { ($0.spec, $0.kind) }

/// Bugs of the default run that the test run's share (`BuiltinRun.runsPerTarget` cases, seed 7) does not
/// reach: a float list holding nan, a list past 16 items, and a subclass or lying object whose method
/// mutates or raises (`any` draws one in about 25, with the right method and program far more rarely).
/// `ReachExamplesFuzzTests` finds some with more cases; Scripts/campaigns/examples sweeps them all.
let bugsPastTheTestRun: Set<String> = [
    "refexamples:float_max(list)", "refexamples:unique(list)", "refexamples:first_index(list)",
    "refexamples:find_equal(list,any)", "refexamples:nth_item(list,any)", "refexamples:snapshot(any)",
    "refexamples:concat(list,any)", "refexamples:merge(dict,any)", "refexamples:items_of(any)",
    // a str subclass key whose lower() empties the dict, and a str argument equal to it (seeds 1 and 2
    // find it by case 477 and 9,836)
    "refexamples:lookup_ci(dict,str)",
    // a list holding one byte value twice: seed 7 draws it within the share on 3.11, not on 3.13
    "refexamples:hex_join(list)",
]

/// The bugs the test run finds.
let bugsOfTheTestRun = builtinBugs.filter { !bugsPastTheTestRun.contains($0.0) }

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
        #expect(run.report.targets.allSatisfy { $0.executions == BuiltinRun.runsPerTarget })
        #expect(run.report.executions == BuiltinRun.runsPerTarget * 2 * builtinBugs.count)
    }

    @Test(arguments: zip(bugsOfTheTestRun.map(\.0), bugsOfTheTestRun.map(\.1)))
    func bugIsFoundWithItsKind(spec: String, kind: FindingKind) throws {
        let kinds = try #require(run.report.kinds[spec])
        // A Reach I bug may show more than its kind, each a consequence of the same bug: an overrun that
        // also leaks what it wrote past the end, an over-decref that frees an item then used.
        let classic = classicBugs.contains { $0.0 == spec }
        #expect(classic ? kinds == [kind] : kinds.contains(kind), "\(spec): \(run.report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
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
        let functions = Set(builtinBugs.map(\.0).filter { !statefulBugs.map(\.0).contains($0) }.flatMap { [$0, twin(of: $0)] })
        for target in run.report.targets where functions.contains(target.target) {
            // a bug that needs a long list shrinks to the fewest items it needs (past 8, 16 or 64)
            let least = reachExamples.first { $0.spec == target.target }?.leastItems ?? 0
            for finding in target.findings {
                #expect(finding.ops ?? 99 <= max(5, least), "\(target.target): \(finding.ops ?? -1) ops: \(finding.call ?? "")")
            }
        }
    }

    @Test func storedCasesReplayTheSameFinding() throws {
        for (spec, kind) in bugsOfTheTestRun {
            let finding = try #require(run.report.finding(spec, kind))
            let file = try CaseFile.load(try #require(finding.caseFile))
            #expect(file.finding?.kind == kind)
            #expect(file.theCase.target.description == spec)
            let replay = try CLI.run(["replay", try #require(finding.caseFile)])
            #expect(replay.status == 1, "\(spec): \(replay.stdout)")
            #expect(replay.stdout.contains(kind.rawValue), "\(replay.stdout)")
        }
    }

    @Test func summaryNamesEveryFindingAndItsReplayLine() {
        for (spec, _) in bugsOfTheTestRun {
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
