import Foundation
import RefFuzzCore
import Testing

/// `reffuzz repro`: the scripts of stored, shrunk findings, run without RefFuzz by the embedded version's
/// python3 under PYTHONMALLOC=debug, against the built-in examples built as extension modules
/// (`Scripts/build-examples`). Each buggy target's script shows its bug; the same case run on the
/// correct twin says "not reproduced".
@Suite("reffuzz repro: standalone scripts that reproduce findings") struct ReproTests {
    @Test func useAfterFreeCrashesUnderTheDebugAllocator() throws {
        let scratch = try Scratch()
        let modules = try Self.buildExamples(in: scratch)
        let cases = try Self.fuzz(["refexamples:pop_and_print(list)", "refexamples:pop_and_call(list,mutator)",
                                   "refexamples:largest(list)"], kind: .useAfterFree, modules: modules, scratch: scratch)
        for (target, path) in cases {
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.crashed, "\(target): \(run)")
            let twin = try Self.repro(try Self.twin(of: path, scratch: scratch), modules: modules, scratch: scratch)
            #expect(twin.status == 0 && twin.output.contains("not reproduced"), "\(target)'s twin: \(twin)")
        }
    }

    @Test func leakAndOverDecrefShowAsCountsThatMoveOnEveryCall() throws {
        let scratch = try Scratch()
        let modules = try Self.buildExamples(in: scratch)
        let leaks = try Self.fuzz(["refexamples:first_incref(list)"], kind: .leak, modules: modules, scratch: scratch)
        let drops = try Self.fuzz(["refexamples:describe(any)", "refexamples:first_item(list)"], kind: .overDecref,
                                  modules: modules, scratch: scratch)
        for (target, path) in leaks {
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.status == 1 && run.output.contains("leak: ") && run.output.contains(" per call"), "\(target): \(run)")
            let twin = try Self.repro(try Self.twin(of: path, scratch: scratch), modules: modules, scratch: scratch)
            #expect(twin.status == 0 && twin.output.contains("not reproduced"), "\(target)'s twin: \(twin)")
        }
        for (target, path) in drops {
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.status == 1 && run.output.contains("over-decref: "), "\(target): \(run)")
            let twin = try Self.repro(try Self.twin(of: path, scratch: scratch), modules: modules, scratch: scratch)
            #expect(twin.status == 0 && twin.output.contains("not reproduced"), "\(target)'s twin: \(twin)")
        }
        // An object of the case's own (not a shared one): the script holds it, and counts its references.
        for (function, value) in [("describe", #"{"canary": 0}"#), ("first_item", #"{"list": [{"big-int": 1000000}]}"#)] {
            let path = try Self.writeCase(target: "refexamples:\(function)(\(function == "describe" ? "any" : "list"))",
                                          arguments: [value], kind: .overDecref, scratch: scratch)
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.status == 1 && run.output.contains("fewer references than the script"), "\(function): \(run)")
            let twin = try Self.repro(try Self.twin(of: path, scratch: scratch), modules: modules, scratch: scratch)
            #expect(twin.status == 0 && twin.output.contains("not reproduced"), "\(function)'s twin: \(twin)")
        }
    }

    @Test func badExceptionCrashAndHang() throws {
        let scratch = try Scratch()
        let modules = try Self.buildExamples(in: scratch)
        let bad = try Self.fuzz(["refexamples:last_or_null(list)"], kind: .badException, modules: modules, scratch: scratch)
        for (target, path) in bad {
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.status == 1 && run.output.contains("SystemError") && run.output.contains("without setting an exception"), "\(target): \(run)")
            let twin = try Self.repro(try Self.twin(of: path, scratch: scratch), modules: modules, scratch: scratch)
            #expect(twin.status == 0 && twin.output.contains("not reproduced"), "\(target)'s twin: \(twin)")
        }
        let crashes = try Self.fuzz(["refhazards:segfault(list)"], kind: .crash, modules: modules, scratch: scratch)
        for (target, path) in crashes {
            let run = try Self.repro(path, modules: modules, scratch: scratch)
            #expect(run.crashed && run.output.contains("Segmentation fault"), "\(target): \(run)")
        }
        // A hang found by fuzzing takes long to confirm and shrink: the shrunk case, written by hand.
        let spin = try Self.writeCase(target: "refhazards:spin(list)", arguments: [#"{"list": [{"singleton": "None"}]}"#],
                                      kind: .hang, scratch: scratch)
        let hang = try Self.repro(spin, modules: modules, scratch: scratch, extra: ["--timeout", "1"])
        #expect(hang.status == 1 && hang.output.contains("Timeout"), "\(hang)")
        let empty = try Self.writeCase(target: "refhazards:spin(list)", arguments: [#"{"list": []}"#], kind: .hang, scratch: scratch)
        let returns = try Self.repro(empty, modules: modules, scratch: scratch, extra: ["--timeout", "1"])
        #expect(returns.status == 0 && returns.output.contains("not reproduced"), "\(returns)")
    }

    @Test func theCommandLine() throws {
        let scratch = try Scratch()
        let path = try Self.writeCase(target: "refexamples:pop_and_print(list)", arguments: [#"{"list": [{"big-int": 1000000}]}"#],
                                      kind: .useAfterFree, scratch: scratch)
        // Without --out, the script goes to stdout; the header says how to run it, and on what.
        let printed = try CLI.run(["repro", path])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.hasPrefix("#!/usr/bin/env python3\n# RefFuzz finding: use-after-free in refexamples:pop_and_print(list)"))
        #expect(printed.stdout.contains("PYTHONMALLOC=debug python3."))
        #expect(printed.stdout.contains("Found on \(EmbeddedPython.versionPrefix.dropLast())"))
        #expect(printed.stdout.contains("arg0 = [int('1000000')]"))
        // Without the module on the path, the script says so: status 2, not "reproduced".
        let script = scratch.path("alone.py")
        #expect(try CLI.run(["repro", path, "--out", script]).status == 0)
        let alone = try Self.run(script)
        #expect(alone.status == 2 && alone.output.contains("cannot use refexamples.pop_and_print"), "\(alone)")

        try Data("{not json".utf8).write(to: URL(fileURLWithPath: scratch.path("bad.json")))
        let bad = try CLI.run(["repro", scratch.path("bad.json")])
        #expect(bad.status == 2 && bad.stderrLines.count == 1 && bad.stderr.contains("bad case file"), "\(bad.stderr)")
        let missing = try CLI.run(["repro", path, "--module-path", scratch.path("nowhere")])
        #expect(missing.status == 2 && missing.stderrLines.count == 1, "\(missing.stderr)")
    }

    // MARK: - Helpers

    /// `Scripts/build-examples DIR`: the example modules as extension modules of the embedded Python.
    static func buildExamples(in scratch: Scratch) throws -> String {
        let folder = scratch.path("modules")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Scripts/build-examples").standardizedFileURL.path
        let build = try Self.process(script, [folder])
        try #require(build.status == 0, "Scripts/build-examples: \(build.output)")
        return folder
    }

    /// Fuzzes the targets and returns each one's stored, shrunk case of `kind`.
    static func fuzz(_ targets: [String], kind: FindingKind, modules: String, scratch: Scratch) throws -> [(String, String)] {
        let sub = try Scratch()
        // 1,000 cases a target: an evil compare that clears the list takes up to a few hundred to draw.
        let runs = "\(1000 * targets.count)"
        let (result, report) = try CLI.fuzz(targets + ["--runs", runs, "--jobs", "2", "--seed", "1", "--timeout", "0.5"], scratch: sub)
        #expect(result.status == 1, "\(result.stderr)")
        return try targets.map { target in
            let finding = try #require(report.finding(target, kind), "\(target): \(report.kinds[target] ?? [])")
            let copy = scratch.path("\(kind.rawValue)-\(target.split(separator: ":")[1].prefix { $0 != "(" }).json")
            try FileManager.default.copyItem(atPath: try #require(finding.caseFile), toPath: copy)
            return (target, copy)
        }
    }

    /// A case file of `target` with the given argument values (JSON), stored with a finding of `kind`.
    static func writeCase(target: String, arguments: [String], kind: FindingKind, scratch: Scratch) throws -> String {
        let path = scratch.path("hand-\(UUID().uuidString).json")
        let values = arguments.map { "{\"value\": \($0)}" }.joined(separator: ", ")
        let text = """
            {"reffuzz_case": 2, "case": {"target": "\(target)", "arguments": [\(values)]},
             "finding": {"kind": "\(kind.rawValue)", "message": "written by hand"}}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The same case on the correct twin (`f` becomes `f_safe`, or `f_safe` stays).
    static func twin(of path: String, scratch: Scratch) throws -> String {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: #"refexamples:[a-z_]+\("#, options: .regularExpression))
        text.replaceSubrange(range, with: text[range].dropLast() + "_safe(")
        let twin = scratch.path("twin-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: URL(fileURLWithPath: twin))
        return twin
    }

    struct ScriptRun: CustomStringConvertible {
        var status: Int32
        var crashed: Bool
        var output: String
        var description: String { "\(crashed ? "signal" : "status") \(status)\n\(output)" }
    }

    /// `reffuzz repro CASE --module-path DIR --out FILE.py`, then the script run.
    static func repro(_ path: String, modules: String, scratch: Scratch, extra: [String] = []) throws -> ScriptRun {
        let script = scratch.path("repro-\(UUID().uuidString).py")
        let made = try CLI.run(["repro", path, "--module-path", modules, "--out", script] + extra)
        try #require(made.status == 0, "reffuzz repro \(path): \(made.stderr)")
        return try run(script)
    }

    /// Runs a script with the embedded version's python3 under the debug allocator.
    static func run(_ script: String) throws -> ScriptRun {
        try process(EmbeddedPython.interpreter, [script], environment: ["PYTHONMALLOC": "debug"])
    }

    static func process(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ScriptRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ScriptRun(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                         output: String(decoding: data, as: UTF8.self))
    }
}
