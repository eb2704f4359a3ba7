import Foundation
import RefFuzzCore
import Testing

/// The oracle, checked against the interpreter: random well-formed C-API programs, and what a dangling
/// borrowed reference does under each data class.
@Suite("Conformance") struct ConformanceTests {
    /// `reffuzz conformance` with these options, and its JSON report.
    func conformance(steps: Int, seed: Int, dangling: Int) throws -> (CLI.Result, ConformanceReport) {
        let scratch = try Scratch()
        let path = scratch.path("conformance.json")
        let result = try CLI.run(["conformance", "--steps", "\(steps)", "--seed", "\(seed)", "--dangling", "\(dangling)", "--report", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return (result, try JSONDecoder().decode(ConformanceReport.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func tenThousandStepsMatchTheModelAndTheMaskingTableTellsTheStory() throws {
        let (result, report) = try conformance(steps: 10000, seed: 3, dangling: 25)
        #expect(report.steps >= 10000)
        #expect(report.programs > 100)
        #expect(report.mismatches == 0, "\(report.examples)")
        // Canaries are detected every time, with or without the allocator quarantine.
        #expect(report.masking["canary"]?["detected"] == 25)
        #expect(report.native["canary"]?["detected"] == 25)
        // Freed ints and strings are detected through the quarantine; a stock interpreter hides them.
        #expect(report.masking["big-int"]?["detected"] == 25)
        #expect(report.masking["fresh-str"]?["detected"] == 25)
        #expect(report.native["big-int"]?["detected"] == 0)
        // Shared objects and an extra reference keep the object alive: the bug is silent.
        for name in ["small-int", "interned-str", "singleton", "extra-reference"] {
            #expect(report.masking[name]?["silent"] == 25, "\(name): \(report.masking[name] ?? [:])")
        }
        #expect(result.stdout.contains("0 mismatch(es)"))
        #expect(result.stdout.contains("stock interpreter"))
    }

    /// Every C-API function and method of the kinds past list, dict, tuple and set runs, and matches.
    @Test func theNewKindsRunAndMatch() throws {
        let (_, report) = try conformance(steps: 4000, seed: 1, dangling: 1)
        #expect(report.mismatches == 0, "\(report.examples)")
        let functions = ["deque()", "deque(maxlen)", "deque.append", "deque.appendleft", "deque.pop", "deque.popleft",
                         "deque.extend", "deque.rotate", "deque.clear", "PyFrozenSet_New", "OrderedDict()", "PyODict_SetItem",
                         "PyODict_DelItem", "PyDict_SetItem", "PyDict_GetItem", "OrderedDict.move_to_end",
                         "OrderedDict.popitem(last=True)", "OrderedDict.popitem(last=False)", "OrderedDict.clear",
                         "bytearray()", "array('q')", "buffer.append", "PySequence_GetItem", "PySequence_SetItem",
                         "PySequence_DelItem", "PySequence_Contains", "PyDict_Contains", "PySequence_Index", "PySequence_Concat",
                         "PySequence_InPlaceConcat"]
        for function in functions { #expect((report.operations[function] ?? 0) > 0, "\(function) never ran") }
    }

    @Test(arguments: [["conformance", "--steps", "0"], ["conformance", "--dangling", "-1"], ["conformance", "--bogus"]])
    func badInputGivesOneLineAndExitTwo(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
    }
}
