import Foundation
import Testing

/// Every bad input of TARGETS.md: exit status 2 and one clear line on stderr, never a trap.
@Suite("Bad input") struct BadInputTests {
    static let malformed: [(String, String)] = [
        ("not-json.json", "this is not json"),
        ("unknown-op.json", #"{"reffuzz_case": 1, "case": {"target": "refexamples:pop_and_call(list,mutator)", "arguments": [{"value": {"list": []}}, {"value": {"mutator": 0}}], "mutators": [{"calls": [[{"op": "explode", "arg": 0}]]}]}}"#),
        ("wrong-arity.json", #"{"reffuzz_case": 1, "case": {"target": "refexamples:pop_and_print(list)", "arguments": []}}"#),
        ("future.json", #"{"reffuzz_case": 99, "case": {"target": "refexamples:pop_and_print(list)", "arguments": [{"value": {"list": []}}]}}"#),
        ("bad-reference.json", #"{"reffuzz_case": 1, "case": {"target": "refexamples:pop_and_call(list,mutator)", "arguments": [{"value": {"list": []}}, {"value": {"mutator": 3}}]}}"#),
    ]

    static let commands: [[String]] = [
        ["fuzz", "nocolon"],
        ["fuzz", "refexamples:pop_and_print(lst)"],
        ["fuzz", "refexamples:pop_and_print(list"],
        ["fuzz", "refexamples:pop_and_print(key=list, list)"],
        ["fuzz", "no_such_module_here:f(list)"],
        ["fuzz", "refexamples:no_such_function(list)"],
        ["fuzz", "refexamples:__reffuzz_targets__(list)"],
        ["fuzz", "refexamples:pop_and_print(list,list)"],
        ["fuzz", "json:dumps()"],
        ["fuzz", "no_such_module_here"],
        ["fuzz", "not-a-module"],
        ["fuzz", "refexamples:pop_and_print(list){}"],
        ["fuzz", "--runs", "0"],
        ["fuzz", "--time", "-1"],
        ["fuzz", "--shard", "3/2"],
        ["fuzz", "--module-path", "/no/such/dir", "refexamples:pop_and_print(list)"],
        ["fuzz", "--no-such-option"],
        ["replay", "/no/such/case.json"],
        ["targets", "no_such_module_here"],
        ["frobnicate"],
    ]

    @Test func aModuleBuiltForAnotherPythonIsOneClearLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reffuzz-other-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // What `pip install` leaves for CPython 3.9: this interpreter's import machinery skips the file.
        FileManager.default.createFile(atPath: "\(folder)/othermod.cpython-39-x86_64-linux-gnu.so", contents: Data())
        let result = try CLI.run(["fuzz", "othermod:f(list)", "--module-path", folder])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("was built for CPython 3.9") && result.stderr.contains("othermod.cpython-39"), "\(result.stderr)")
    }

    @Test(arguments: commands)
    func badCommandGivesOneLineAndExitTwo(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("reffuzz: "))
    }

    @Test(arguments: malformed.map(\.0))
    func malformedCaseFileGivesOneLineAndIsLeftAlone(name: String) throws {
        let scratch = try Scratch()
        let text = Self.malformed.first { $0.0 == name }!.1
        let path = scratch.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["replay", path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "the file is never rewritten")
    }
}
