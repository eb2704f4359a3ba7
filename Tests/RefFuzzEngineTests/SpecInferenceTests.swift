import Foundation
import RefFuzzCore
import RefFuzzEngine
import Testing

/// `reffuzz targets MODULE` and a bare MODULE on `reffuzz fuzz`: a spec for each public function and
/// type, inferred from signatures, stubs, docstrings and probe calls, on a fixture extension module
/// (Fixtures/infermod.c, whose functions have no text signatures but one, with Fixtures/infermod.pyi
/// beside it), on Python modules written here, and on the built-in examples.
@Suite("Spec inference through the command line") struct SpecInferenceTests {
    static func build(in scratch: Scratch) throws -> String {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let folder = scratch.path("modules")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try EmbeddedPython.compileExtension(fixtures.appendingPathComponent("infermod.c").path, to: "\(folder)/infermod.so")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("infermod.pyi").path, toPath: "\(folder)/infermod.pyi")
        return folder
    }

    /// The specs of `reffuzz targets` (lines before their two spaces) and the skipped lines.
    static func listing(_ result: CLI.Result) -> (specs: [String: String], skipped: [String: String]) {
        var specs: [String: String] = [:], skipped: [String: String] = [:]
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# "), let range = line.range(of: " skipped: ") {
                skipped[String(line[line.index(line.startIndex, offsetBy: 2)..<range.lowerBound])] = String(line[range.upperBound...])
            } else if let range = line.range(of: "  ") {
                specs[String(line[..<range.lowerBound])] = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (specs, skipped)
    }

    static let functions = [
        "infermod:described(list,any)", "infermod:each(list,mutator)", "infermod:head(list)", "infermod:joined(any,str)",
        "infermod:lookup(dict,any)", "infermod:merge_into(dict,dict,mutator)", "infermod:nothing()",
        "infermod:scale(int,float)", "infermod:size_of(any)",
    ]
    static let counter = "infermod:Counter(int){add(int),merge(self),value(),__getitem__(int),__len__()}"

    @Test func targetsInfersASpecForEachPublicFunctionAndType() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let result = try CLI.run(["targets", "infermod", "--module-path", modules])
        #expect(result.status == 0, "\(result.stderr)")
        let (specs, skipped) = Self.listing(result)
        #expect(Set(specs.keys) == Set(Self.functions + [Self.counter]), "\(result.stdout)")
        for spec in specs.keys { #expect(throws: Never.self) { try TargetSpec(parsing: spec) } }
        // Each source of evidence, in its order.
        #expect(specs["infermod:joined(any,str)"]?.hasPrefix("text signature (items, sep, /); kinds probed") == true)
        #expect(specs["infermod:merge_into(dict,dict,mutator)"]?.hasPrefix("stub infermod.pyi; kinds from the stub") == true)
        #expect(specs["infermod:described(list,any)"]?.hasPrefix("docstring 'described(list, obj) -> bool'") == true)
        // METH_NOARGS and METH_O: probed, unless the embedded Python gives them text signatures (3.13 does).
        let given = try ReproTests.process(EmbeddedPython.interpreter, [
            "-c", "import infermod; print(infermod.nothing.__text_signature__, infermod.head.__text_signature__, sep='|')",
        ], environment: ["PYTHONPATH": modules])
        #expect(given.status == 0, "\(given.output)")
        let signatures = given.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        #expect(specs["infermod:nothing()"] == (signatures.first == "None" ? "probed: takes no arguments" : "text signature ()"))
        let head = signatures.last == "None" ? "probed: takes exactly one argument" : "text signature (object, /)"
        #expect(specs["infermod:head(list)"] == head + "; kinds probed: list only")
        #expect(specs["infermod:scale(int,float)"]?.hasPrefix("probed: takes 2 to 3 arguments") == true)  // METH_VARARGS "nd|d"
        #expect(specs[Self.counter]?.hasPrefix("constructor: probed: takes exactly one argument; kinds probed: int only") == true)
        // What cannot be inferred is one line each; private names, constants and exceptions are no targets.
        #expect(skipped["infermod:crashes"] == "every probe call crashed (SIGSEGV)")
        #expect(skipped["infermod:spins"] == "a probe call hung: spins(None)")
        #expect(skipped["infermod:Sealed"]?.contains("cannot create 'infermod.Sealed' instances") == true)
        #expect(skipped["infermod:OrderedDict"] == "re-exported from collections")
        #expect(skipped.count == 4, "\(skipped)")
        for hidden in ["_private_helper", "Error", "VERSION"] { #expect(!result.stdout.contains("infermod:\(hidden)")) }
    }

    @Test func fuzzingAModuleFuzzesItsInferredSpecs() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let (result, report) = try CLI.fuzz(["infermod", "--module-path", modules, "--runs", "900", "--jobs", "2"], scratch: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        // The stateful spec inferred for the type is fuzzed with the functions.
        #expect(report.targets.map(\.target) == (Self.functions + [Self.counter]).sorted())
        #expect(report.executions == 900)
        // The specs chosen, one a line on stderr before the run; a stateful one is listed too.
        let lines = result.stderrLines.map(String.init)
        #expect(lines.first == "reffuzz: infermod: 10 targets inferred, 4 skipped", "\(result.stderr)")
        for spec in Self.functions + [Self.counter] { #expect(lines.contains { $0.hasPrefix(spec + "  ") }, "\(spec)") }
        let skipped = Dictionary(uniqueKeysWithValues: (report.skipped ?? []).map { ($0.target, $0.reason) })
        #expect(skipped["infermod:crashes"] != nil && skipped["infermod:spins"] != nil)
        #expect(skipped[Self.counter] == nil, "\(skipped)")
        #expect(report.inferenceSeconds != nil)
    }

    @Test func aModuleRequestTravelsToASpawnedServerAsItsName() throws {
        var options = FuzzOptions(requests: [.module("infermod"), .spec(try TargetSpec(parsing: "m:f(list)"))])
        options.runs = 10
        let data = try JSONEncoder().encode(options)
        #expect(String(decoding: data, as: UTF8.self).contains(#""targets":["infermod","m:f(list)"]"#))
        #expect(try JSONDecoder().decode(FuzzOptions.self, from: data) == options)
    }

    @Test func everyMethodOfATypeIsInferredAndOnlyForAType() throws {
        let scratch = try Scratch()
        let modules = try Self.build(in: scratch)
        let notAType = try CLI.run(["fuzz", "infermod:head(list){}", "--module-path", modules])
        #expect(notAType.status == 2)
        #expect(notAType.stderrLines.count == 1 && notAType.stderr.contains("needs a type"), "\(notAType.stderr)")
        let (result, report) = try CLI.fuzz(["infermod:Counter(int){}", "--module-path", modules, "--runs", "200"], scratch: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(report.targets.map(\.target) == [Self.counter])
        #expect(report.executions == 200)
    }

    @Test func declaredTablesBeatInference() throws {
        let scratch = try Scratch()
        let declared = try CLI.run(["targets", "refexamples"])
        #expect(declared.status == 0)
        let rows = Self.listing(declared).specs
        #expect(rows.values.allSatisfy { $0.hasPrefix("bug:") || $0.hasPrefix("correct") })
        // Inference, asked for, finds the same specs as the table for every built-in example.
        let inferred = try CLI.run(["targets", "refexamples", "--infer"])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        let specs = Self.listing(inferred).specs
        let parsed = try rows.keys.map { try TargetSpec(parsing: $0) }
        let functions = Set(parsed.filter { !$0.isStateful }.map(\.description))
        // For the classic examples; a Reach I example's row may name a narrower kind than the probes can
        // tell (half(float) converts any number: `any` to them).
        let classic = Set(classicBugs.flatMap { [$0.0, twin(of: $0.0)] })
        #expect(classic.isSubset(of: functions) && classic.isSubset(of: specs.keys), "\(inferred.stdout)")
        // A type's row names some of its methods (and a mutator where inference says callable);
        // inference finds the type with every public method, so the declared method names are among them.
        let inferredTypes = try specs.keys.map { try TargetSpec(parsing: $0) }.filter(\.isStateful)
        for declared in parsed where declared.isStateful {
            let match = inferredTypes.first { $0.module == declared.module && $0.function == declared.function }
            #expect(match != nil, "\(declared) not inferred")
            if let match {
                #expect(Set(declared.methods.map(\.name)).isSubset(of: match.methods.map(\.name)), "\(declared) vs \(match)")
            }
        }
        #expect(specs.values.allSatisfy { !$0.hasPrefix("bug:") })
        // A bare module with a table fuzzes every row, its types' stateful rows included.
        let (result, report) = try CLI.fuzz(["refexamples", "--runs", "600", "--jobs", "2"], scratch: scratch)
        #expect(result.status == 1)
        #expect(Set(report.targets.map(\.target)) == Set(rows.keys))
        #expect((report.skipped ?? []).isEmpty, "\(report.skipped ?? [])")
        #expect(result.stderrLines.first == "reffuzz: refexamples: \(rows.count) targets declared in __reffuzz_targets__")
    }

    @Test func pythonModulesGiveSignaturesAnnotationsAndStubs() throws {
        let scratch = try Scratch()
        let folder = scratch.path("python")
        try FileManager.default.createDirectory(atPath: "\(folder)/plainmod-stubs", withIntermediateDirectories: true)
        try """
        import json
        from typing import Callable, Iterator, Optional, Sequence, TextIO
        __all__ = ['total', 'emit', 'walk', 'Table']
        def total(items: Sequence[int], start: int = 0) -> int: return sum(items, start)
        def emit(out: TextIO, text: Optional[str], *, flush: Callable[[], None]) -> None: out.write(text or '')
        def walk(it: Iterator[int]): return list(it)
        def unlisted(x): return x
        class Table:
            def __init__(self, size: int): self.rows = {}
            def put(self, key: str, value: object) -> None: self.rows[key] = value
            def update(self, other: "Table") -> None: self.rows.update(other.rows)
            def __len__(self): return len(self.rows)
        """.write(toFile: "\(folder)/annotated.py", atomically: true, encoding: .utf8)
        try """
        import json
        dumps = json.dumps
        def pair(a, b): return (list(a), b())
        class Box:
            def __init__(self, v): self.v = v
            def get(self): return self.v
            def swap(self, other):
                if not isinstance(other, Box): raise TypeError("swap() argument must be Box, not " + type(other).__name__)
        """.write(toFile: "\(folder)/plainmod.py", atomically: true, encoding: .utf8)
        try """
        from typing import Callable, Iterable
        def pair(a: Iterable[int], b: Callable[[], int]) -> tuple: ...
        """.write(toFile: "\(folder)/plainmod-stubs/__init__.pyi", atomically: true, encoding: .utf8)

        let annotated = Self.listing(try CLI.run(["targets", "annotated", "--module-path", folder]))
        #expect(Set(annotated.specs.keys) == ["annotated:total(list)", "annotated:emit(file,str,flush=mutator)", "annotated:walk(iterator)",
                                               "annotated:Table(int){put(str,any),update(self),__len__()}"], "\(annotated)")
        #expect(annotated.specs["annotated:total(list)"]?.hasSuffix("kinds from annotations") == true)
        let plain = Self.listing(try CLI.run(["targets", "plainmod", "--module-path", folder]))
        #expect(Set(plain.specs.keys) == ["plainmod:pair(list,callable)", "plainmod:Box(any){get(),swap(self)}"], "\(plain)")
        #expect(plain.specs["plainmod:pair(list,callable)"] == "signature (a, b); kinds from the stub")
        #expect(plain.skipped == ["plainmod:dumps": "re-exported from json"])
    }

    @Test func aModuleWithNothingToFuzzIsOneLine() throws {
        let scratch = try Scratch()
        let folder = scratch.path("python")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "LIMIT = 3\nNAMES = ('a', 'b')\n".write(toFile: "\(folder)/constants.py", atomically: true, encoding: .utf8)
        for command in [["fuzz", "constants"], ["fuzz", "no_such_module_here"]] {
            let result = try CLI.run(command + ["--module-path", folder])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderrLines.count == 1, "\(command): \(result.stderr)")
        }
    }

    /// The module of Paul Ross's PythonExtensionPatterns (src/cpy/RefCount/cPyRefs.c), built from its
    /// public source when REFFUZZ_CPYREFS_C names that file: nine functions, METH_O, METH_NOARGS and
    /// METH_VARARGS, none with a text signature.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["REFFUZZ_CPYREFS_C"] != nil))
    func cPyRefsGetsASpecForEachOfItsFunctions() throws {
        let scratch = try Scratch()
        let folder = scratch.path("cpyrefs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try EmbeddedPython.compileExtension(ProcessInfo.processInfo.environment["REFFUZZ_CPYREFS_C"]!, to: "\(folder)/cPyRefs.so")
        let result = try CLI.run(["targets", "cPyRefs", "--module-path", folder])
        #expect(result.status == 0, "\(result.stderr)")
        let (specs, skipped) = Self.listing(result)
        #expect(Set(specs.keys) == [
            "cPyRefs:access_after_free()", "cPyRefs:dec_ref(any)", "cPyRefs:inc_ref(any)", "cPyRefs:leak_new_reference(int,int)",
            "cPyRefs:make_tuple()", "cPyRefs:pop_and_print_BAD(list)", "cPyRefs:pop_and_print_OK(list)", "cPyRefs:ref_count(any)",
            "cPyRefs:subtract_two_longs()",
        ], "\(result.stdout)")
        #expect(skipped.isEmpty)
    }
}
