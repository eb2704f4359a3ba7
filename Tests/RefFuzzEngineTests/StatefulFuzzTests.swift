import Foundation
import RefFuzzCore
import Testing

/// RefFuzz fuzzing extension types: the stateful examples' bugs found and shrunk by the built-in run
/// (`BuiltinRun`), their twins clean over thousands of cases, a crash named by the call it happened in,
/// and stateful specs that do not match their type refused at start-up.
@Suite("Stateful targets") struct StatefulFuzzTests {
    /// The shrunk case of a stateful bug of the built-in run.
    func shrunk(_ spec: String, _ kind: FindingKind) throws -> Case {
        let run = try BuiltinRun.shared.get()
        let finding = try #require(run.report.finding(spec, kind), "\(spec): \(run.report.kinds[spec] ?? [])")
        return try CaseFile.load(try #require(finding.caseFile)).theCase
    }

    @Test func queueShrinksToAPutAndAVisitWhoseCallbackGets() throws {
        let c = try shrunk(statefulBugs[0].0, .useAfterFree)
        #expect(c.calls.map(\.method) == ["put", "visit"], "\(c.callText)")
        #expect(c.mutators.count == 1 && c.mutators[0].calls.joined().contains(.callMethod(name: "get", values: [])), "\(c.mutators)")
        #expect(c.size == 3, "\(c.callText)")
    }

    @Test func tableShrinksToPutsThenUpdateItself() throws {
        let c = try shrunk(statefulBugs[1].0, .useAfterFree)
        // update(self) compacts the storage it walks only once its puts reach the capacity of 8:
        // puts of four keys or more, then updates, six calls at the least.
        #expect(c.calls.last?.method == "update", "\(c.callText)")
        #expect(c.calls.count <= 7 && c.calls.filter { $0.method == "put" }.count >= 3, "\(c.callText)")
        #expect(c.arguments.last?.value == .selfObject)
    }

    @Test func bucketShrinksToAnAddAndAPeek() throws {
        let c = try shrunk(statefulBugs[2].0, .overDecref)
        #expect(c.calls.map(\.method) == ["add", "peek"], "\(c.callText)")
    }

    @Test func codecShrinksToOneRefusedConstruction() throws {
        let c = try shrunk(statefulBugs[3].0, .leak)
        #expect(c.calls.count == 1)
        let capacity: Int
        switch c.arguments[0].value {
        case .smallInt(let n), .bigInt(let n): capacity = n
        default: Issue.record("\(c.callText)"); return
        }
        #expect(capacity < 1 || capacity > 65536, "a capacity the constructor refuses: \(c.callText)")
    }

    @Test func findingsOfAStatefulTargetNameItsCalls() throws {
        let run = try BuiltinRun.shared.get()
        let finding = try #require(run.report.finding(statefulBugs[0].0, .useAfterFree))
        #expect(finding.message.contains("during `obj.visit(<mutator #0>)`"), "\(finding.message)")
        #expect(finding.call?.hasPrefix("obj = refexamples.Queue(); obj.put(") == true, "\(finding.call ?? "")")
    }

    @Test func twinsAreCleanOverThousandsOfCases() throws {
        let scratch = try Scratch()
        let twins = statefulBugs.map { twin(of: $0.0) }
        let (result, report) = try CLI.fuzz(twins + ["--runs", "12000", "--seed", "11", "--jobs", "2"], scratch: scratch)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(report.targets.map(\.target) == twins)
        #expect(report.targets.allSatisfy { $0.executions == 3000 && $0.findings.isEmpty })
        #expect(report.targets.allSatisfy { ($0.modelMismatches ?? 0) == 0 }, "the model predicted every step")
    }

    @Test func explainTellsTheCallsAndTheStepThatReenteredTheObject() throws {
        let scratch = try Scratch()
        let path = scratch.path("queue.json")
        try #"""
            {"reffuzz_case": 2, "case": {"target": "refexamples:Queue(){put(any),get(),visit(mutator),clear()}",
             "arguments": [{"value": {"canary": 0}}, {"value": {"mutator": 0}}], "calls": ["put", "visit"],
             "mutators": [{"calls": [[{"op": "call-method", "arg": -1, "method": "get", "values": []}]]}]}}
            """#.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["explain", path])
        #expect(result.status == 0, "\(result.stderr)")
        for words in ["call 1 of 2: `obj.put(<canary #0>)`", "then the harness released put#1 arg0", "call 2 of 2: `obj.visit(<mutator #0>)`",
                      "mutator #0 call 1 runs `self.get()`", "the harness lets the Queue object go", "Verdict: use-after-free"] {
            #expect(result.stdout.contains(words), "\(words): \(result.stdout)")
        }
        let replay = try CLI.run(["replay", path])
        #expect(replay.status == 1 && replay.stdout.contains("use-after-free: put#1 arg0 (canary #0) died"), "\(replay.stdout)")
    }

    /// A Python type whose third tick kills the process.
    static let fuse = """
        import os, signal
        class Fuse:
            def __init__(self):
                self.ticks = 0
            def tick(self):
                self.ticks += 1
                if self.ticks == 3:
                    os.kill(os.getpid(), signal.SIGSEGV)
        """

    @Test func aCrashNamesTheCallItHappenedIn() throws {
        let scratch = try Scratch()
        try Self.fuse.write(toFile: scratch.path("fuse.py"), atomically: true, encoding: .utf8)
        let (result, report) = try CLI.fuzz(["fuse:Fuse(){tick()}", "--module-path", scratch.path(""), "--runs", "200"], scratch: scratch)
        #expect(result.status == 1, "\(result.stderr)")
        let finding = try #require(report.finding("fuse:Fuse(){tick()}", .crash), "\(result.stdout)")
        #expect(finding.message.contains("SIGSEGV") && finding.message.contains("(in call 3 obj.tick())"), "\(finding.message)")
        let c = try CaseFile.load(try #require(finding.caseFile)).theCase
        #expect(c.calls.count == 3, "shrunk to the three ticks that crash: \(c.callText)")
        let replay = try CLI.run(["replay", try #require(finding.caseFile), "--module-path", scratch.path("")])
        #expect(replay.status == 1 && replay.stdout.contains("crash"), "\(replay.stdout)")
    }

    @Test(arguments: [
        ("refexamples:Queue(){put(any),nope()}", "refexamples.Queue has no method 'nope'"),
        ("collections:deque(){append(any),maxlen()}", "collections.deque.maxlen is not a method"),
        ("builtins:memoryview(int){tobytes()}", "no generated arguments build a memoryview: all 8 constructor calls raised, the last TypeError: "),
        ("refexamples:pop_and_print(list).x()", "which has no method 'x'"),
    ])
    func aSpecItsTypeDoesNotMatchIsOneLineSayingWhy(spec: String, words: String) throws {
        let result = try CLI.run(["fuzz", spec, "--runs", "10"])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1 && result.stderr.contains(words), "\(result.stderr)")
    }
}
