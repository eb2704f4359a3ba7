import Foundation
import Testing
@testable import RefFuzzCore

/// The repro script generator, case by case: every value kind, step and behaviour makes Python that
/// compiles (and runs, against a built-in function), values are new objects where the executor makes
/// new ones, aliases are one object, and the header says what was found and how to run it.
@Suite("Repro scripts") struct ReproScriptTests {
    /// A case with every kind of value, step, behaviour and answer, aliases of several sorts, a keyword
    /// argument; its target is `print`, which touches everything it is given.
    static let everything: Case = {
        let target = try! TargetSpec(parsing: "builtins:print(any,any,any,any,any,any,any,any,any,mutator,iterator,file,callable,any,sep=any)")
        let scalars: [Value] = [
            .smallInt(3), .bigInt(1_000_000), .bigInt(-7_000_000), .hugeInt("-18446744073709551617"), .float(.nan), .float(-0.0),
            .float(.infinity), .internedString("abc"), .internedString("a b"), .internedString(""), .freshString("caf\u{e9}"),
            .freshString("it's \"q\"\n\\"), .bytes([0, 255, 0x41]), .bytes([0x41]), .bytes([]), .singleton(.none), .singleton(.true),
            .canary(0), .evil(0), .alias(0), .alias(1), .instance(3), .instance(4), .instance(5), .instance(6),
        ]
        let arguments: [Value] = [
            .list(scalars),
            .dict([DictEntry(key: .canary(0), value: .tuple([.smallInt(1), .freshString("xy")])),
                   DictEntry(key: .evil(1), value: .frozenset([.smallInt(2)])), DictEntry(key: .singleton(.false), value: .frozenset([]))]),
            .set([.smallInt(5), .evil(1), .tuple([])]),
            .orderedDict([DictEntry(key: .internedString("k"), value: .list([])), DictEntry(key: .smallInt(1), value: .deque([], maxlen: nil))]),
            .deque([.smallInt(1), .canary(1)], maxlen: 4),
            .bytearray([1, 2]),
            .array(ArrayValue(typecode: .d, reals: [1.5, .infinity])),
            .instance(0),
            .instance(1),
            .mutator(0),
            .iterator(0),
            .file(0),
            .mutator(1),
            .array(ArrayValue(typecode: .q, integers: [Int.min, Int.max])),
            .instance(2),
        ]
        let steps: [MutationStep] = [
            .append(argument: 0, value: .canary(5)), .insert(argument: 0, at: -1, value: .smallInt(1)),
            .setItem(argument: 0, at: 5, value: .freshString("zz")), .deleteItem(argument: 0, at: 2), .pop(argument: 0, at: -1),
            .deleteSlice(argument: 0, from: 0, to: 2), .sort(argument: 0), .reverse(argument: 0), .clear(argument: 0),
            .dictSet(argument: 1, key: .smallInt(9), value: .canary(7)), .dictDelete(argument: 1, entry: 0), .dictPopItem(argument: 1),
            .moveToEnd(argument: 3, entry: 1, last: false), .moveToEnd(argument: 3, entry: 0, last: true), .popItemFirst(argument: 3),
            .setAdd(argument: 2, value: .smallInt(6)), .setDiscard(argument: 2, member: 1), .setPop(argument: 2),
            .setUpdate(argument: 2, op: .union, values: []), .setUpdate(argument: 2, op: .intersection, values: [.smallInt(5)]),
            .setUpdate(argument: 2, op: .symmetricDifference, values: [.smallInt(7), .bigInt(1_000_003)]),
            .setUpdate(argument: 2, op: .difference, values: [.smallInt(5)]),
            .appendLeft(argument: 4, value: .smallInt(3)), .popLeft(argument: 4), .rotate(argument: 4, by: -1), .pop(argument: 4, at: 0),
            .extendBuffer(argument: 5, bytes: [3, 4]), .resize(argument: 5, length: 1), .resize(argument: 6, length: 4),
            .clear(argument: 6), .append(argument: 6, value: .float(2.5)), .next(argument: 10),
            .append(argument: 7, value: .smallInt(8)), .dictSet(argument: 8, key: .internedString("b"), value: .singleton(.none)),
            .append(argument: 1, value: .smallInt(1)), // cannot apply to a dict: a comment
        ]
        let results: [CallResult] = [.usual, .value(.list([.bigInt(1_000_001), .canary(8)])), .raise(.valueError)]
        return Case(
            target: target,
            arguments: arguments.enumerated().map { CallArgument(name: $0.offset == arguments.count - 1 ? "sep" : nil, value: $0.element) },
            mutators: [MutatorProgram(calls: [Array(steps[0..<9]), [steps[9]]]),
                       MutatorProgram(calls: [[steps[10]]], results: results)],
            evils: [EvilSpec(constantHash: true,
                             programs: Dictionary(uniqueKeysWithValues: Dunder.allCases.enumerated().map { ($0.element, [[steps[($0.offset + 11) % steps.count]]]) }),
                             results: [.len: [.value(.smallInt(-1))], .bool: [.raise(.runtimeError)], .index: [.value(.bigInt(1_000_000))]]),
                    EvilSpec(programs: [.hash: [Array(steps[15..<22])], .lt: [Array(steps[22..<26])]])],
            iterators: [IteratorSpec(items: [.canary(2), .bigInt(1_000_002), .alias(4)], calls: [Array(steps[26..<32])],
                                     results: [.usual, .raise(.stopIteration)], lengthHint: -3)],
            files: [FileSpec(programs: [.write: [[steps[32]]], .flush: [[steps[33]]]],
                             results: [.read: [.value(.bytes([0x61, 0x62]))], .write: [.usual, .raise(.osError)], .readline: [.value(.bytes([]))]])],
            instances: [InstanceSpec(base: .list, value: .list([.canary(3), .smallInt(4)]), programs: ["__len__": [[steps[32]]]],
                                     results: ["__iter__": [.raise(.typeError)]]),
                        InstanceSpec(base: .dict, value: .dict([DictEntry(key: .internedString("a"), value: .canary(4))]),
                                     programs: ["keys": [[steps[33]]]]),
                        InstanceSpec(base: .str, value: .freshString("--"), programs: ["__str__": [[steps[34]]]])]
                + [BuiltinBase.int, .float, .bytes, .tuple].map { base in
                    let value: Value = switch base {
                    case .int: .bigInt(1_000_000)
                    case .float: .float(0.5)
                    case .bytes: .bytes([1, 2])
                    default: .tuple([.canary(9)])
                    }
                    return InstanceSpec(base: base, value: value, programs: [base.methods[0]: [[steps[1]]]])
                })
    }()

    @Test func theCaseWithEverythingIsValidAndCoversEveryKind() {
        #expect(Self.everything.validationProblem == nil)
        let values = Self.everything.allValues
        let kinds = Set(values.map(\.kindName))
        #expect(kinds == Set(Value.kindNames), "not covered: \(Set(Value.kindNames).subtracting(kinds).sorted())")
        let steps = Set(Self.everything.programs.flatMap(\.steps).map(\.name))
        #expect(steps.count == 24, "steps covered: \(steps.sorted())")
        #expect(Set(Self.everything.evils[0].programs.keys) == Set(Dunder.allCases))
        #expect(Set(Self.everything.instances.map(\.base)) == Set(BuiltinBase.allCases))
    }

    @Test func everyScriptCompiles() throws {
        try withTemporaryDirectory { folder in
            var files: [String] = []
            for kind in FindingKind.allCases.map(Optional.some) + [nil] {
                for extra in [false, true] {
                    var c = Self.everything
                    c.extraReference = extra
                    let script = ReproScript(case: c, finding: kind.map { Finding(kind: $0, message: "every kind") }, python: "3.11.2",
                                             modulePaths: ["/tmp/it's here"])
                    let file = "\(folder)/\(kind?.rawValue ?? "none")-\(extra).py"
                    try script.text.write(toFile: file, atomically: true, encoding: .utf8)
                    files.append(file)
                }
            }
            let compile = try Python.run(["-c", "import sys, py_compile\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)"] + files)
            #expect(compile.status == 0, "\(compile.output)")
        }
    }

    @Test func everyScriptRunsItsChecksWithoutFailingItself() throws {
        // print is correct: every check must end with "not reproduced", none with the script's own error.
        try withTemporaryDirectory { folder in
            for extra in [false, true] {
                var c = Self.everything
                c.extraReference = extra
                let file = "\(folder)/all-\(extra).py"
                try ReproScript(case: c, finding: nil, python: "3.11.2").text.write(toFile: file, atomically: true, encoding: .utf8)
                let run = try Python.run([file], debugAllocator: true)
                #expect(run.status == 0, "\(run.output.suffix(3000))")
                #expect(run.output.components(separatedBy: "not reproduced").count == 5, "\(run.output.suffix(3000))")
                #expect(run.output.contains("call 3 returned None"), "\(run.output.suffix(3000))")
            }
        }
    }

    @Test func aCrashNotShownUnderTheDebugAllocatorIsTriedAgainUnderTheDefaultOne() throws {
        // The debug allocator's 0xDD fill reads as a negative count or index: a stale read of a freed
        // count (OrderedDict.update, an __eq__ that clears the OrderedDict) is then a KeyError where the
        // old count, or RefFuzz's fill, crashes. print is correct: both runs end with "not reproduced".
        try withTemporaryDirectory { folder in
            let file = "\(folder)/crash.py"
            let script = ReproScript(case: Self.everything, finding: Finding(kind: .crash, message: "SIGSEGV"), python: "3.11.2")
            try script.text.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try Python.run([file])
            #expect(run.status == 0, "\(run.output.suffix(3000))")
            #expect(run.output.contains("not reproduced under PYTHONMALLOC=debug"), "\(run.output.suffix(3000))")
            #expect(run.output.contains("(running again under the default allocator"), "\(run.output.suffix(3000))")
            #expect(run.output.contains("not reproduced under PYTHONMALLOC=default"), "\(run.output.suffix(3000))")
            #expect(script.text.contains("# When the call does not crash under the debug allocator, the script runs once more"))
        }
        for kind in [FindingKind.leak, .overDecref, .badException, .hang] {
            let text = ReproScript(case: Self.everything, finding: Finding(kind: kind, message: "m"), python: "3.11.2").text
            #expect(!text.contains("REFFUZZ_REPRO_AGAIN"), "\(kind): one run, under the debug allocator")
        }
        #expect(!ReproScript(case: Self.everything, finding: nil, python: "3.11.2").text.contains("REFFUZZ_REPRO_AGAIN"))
    }

    @Test func valuesAreNewObjectsWhereTheExecutorMakesNewOnes() {
        let writer = ReproWriter(case: Case(target: try! parse("m:f(any)"), arguments: [CallArgument(value: .singleton(.none))]))
        #expect(writer.expression(.bigInt(1_000_000)) == "int('1000000')")
        #expect(writer.expression(.hugeInt("-18446744073709551617")) == "int('-18446744073709551617')")
        #expect(writer.expression(.float(.nan)) == "float('nan')")
        #expect(writer.expression(.float(-0.0)) == "float('-0.0')")
        #expect(writer.expression(.smallInt(-5)) == "-5")
        #expect(writer.expression(.freshString("ab")) == "new_str('ab')")
        #expect(writer.expression(.internedString("abc")) == "'abc'")
        #expect(writer.expression(.internedString("a b")) == "sys.intern('a b')")
        #expect(writer.expression(.bytes([0x61, 0x62])) == "bytes(bytearray(b'ab'))")
        #expect(writer.expression(.tuple([.smallInt(1), .smallInt(2)])) == "tuple([1, 2])")
        #expect(writer.expression(.tuple([])) == "()")
        #expect(writer.expression(.list([.canary(0), .set([])])) == "[Canary(0), set()]")
        #expect(writer.expression(.deque([.smallInt(1)], maxlen: 2)) == "deque([1], maxlen=2)")
        #expect(writer.expression(.array(ArrayValue(typecode: .i, integers: [1, -2]))) == "array.array('i', [1, -2])")
    }

    @Test func theCallersReferencesAreTheCases() {
        // f(a, a): one object, two arguments; a canary met twice is one object, a variable gone on return.
        let c = Case(target: try! parse("m:f(list,list,dict)"),
                     arguments: [CallArgument(value: .list([.canary(0), .bigInt(1_000_000)])), CallArgument(value: .alias(0)),
                                 CallArgument(value: .dict([DictEntry(key: .canary(0), value: .alias(0))]))])
        let lines = ReproWriter(case: c).argumentStatements()
        #expect(lines == ["canary0 = Canary(0)", "arg0 = [canary0, int('1000000')]", "arg1 = arg0", "arg2 = {canary0: arg0}"])
        // A list that holds itself is made empty, then filled.
        let own = Case(target: try! parse("m:f(list)"), arguments: [CallArgument(value: .list([.smallInt(1), .alias(0)]))])
        #expect(ReproWriter(case: own).argumentStatements() == ["arg0 = []  # it contains itself: filled below", "arg0.extend([1, arg0])"])
    }

    @Test func stepsRunAsTheHarnessRunsThem() {
        let c = Case(target: try! parse("m:f(list,dict,mutator)"),
                     arguments: [CallArgument(value: .list([])), CallArgument(value: .dict([])), CallArgument(value: .mutator(0))],
                     mutators: [MutatorProgram(calls: [[.pop(argument: 0, at: -1), .sort(argument: 1), .dictDelete(argument: 1, entry: 2)]],
                                               results: [.raise(.keyError)])])
        let plans = ReproWriter(case: c).plans().joined(separator: "\n")
        #expect(plans.contains("with step(): arg0.pop(wrap(-1, arg0))"))
        #expect(plans.contains("pass  # skipped, as RefFuzz does: arg1 is a dict, and sort does not apply to it"))
        #expect(plans.contains("with step(): del arg1[nth(arg1, 2)]"))
        #expect(plans.contains("raise KeyError('raised by mutator #0, call 1')"))
        #expect(plans.contains("('mutator #0', '__call__'): [mutator0_call1],"))
    }

    @Test func theHeaderSaysWhatWasFoundAndHowToRunIt() {
        let c = Case(target: try! parse("refexamples:pop_and_print(list)"), arguments: [CallArgument(value: .list([.bigInt(1_000_000)]))])
        var finding = Finding(kind: .useAfterFree, message: "arg0[0] (big int 1000000) died and was then used")
        finding.maskedBy = [.smallIntCache]
        var script = ReproScript(case: c, finding: finding, python: "3.12.1", modulePaths: ["/build"])
        script.fileName = "bug.py"
        let text = script.text
        #expect(text.hasPrefix("#!/usr/bin/env python3\n# RefFuzz finding: use-after-free in refexamples:pop_and_print(list)\n"))
        #expect(text.contains("#   arg0[0] (big int 1000000) died and was then used"))
        #expect(text.contains("# The shrunk call: refexamples.pop_and_print([1000000])"))
        #expect(text.contains("small-int-cache"))
        #expect(text.contains("#     PYTHONMALLOC=debug python3.12 bug.py"))
        #expect(text.contains("Scripts/build-examples DIR"))
        #expect(text.contains("sys.path.insert(0, '/build')"))
        #expect(text.contains("        return refexamples.pop_and_print(arg0)") || text.contains("    return refexamples.pop_and_print(arg0)"))
        #expect(!text.contains("class Mutator"), "only the parts of the harness the case uses")
    }
}

extension Value {
    /// The case's name, by an exhaustive switch: a new kind of value must be added here, and to the case
    /// with everything.
    var kindName: String {
        switch self {
        case .smallInt: "smallInt"
        case .bigInt: "bigInt"
        case .hugeInt: "hugeInt"
        case .float: "float"
        case .internedString: "internedString"
        case .freshString: "freshString"
        case .bytes: "bytes"
        case .singleton: "singleton"
        case .canary: "canary"
        case .evil: "evil"
        case .mutator: "mutator"
        case .iterator: "iterator"
        case .file: "file"
        case .instance: "instance"
        case .alias: "alias"
        case .selfObject: "selfObject" // stateful targets: covered by the stateful repro tests
        case .list: "list"
        case .tuple: "tuple"
        case .set: "set"
        case .frozenset: "frozenset"
        case .dict: "dict"
        case .orderedDict: "orderedDict"
        case .deque: "deque"
        case .bytearray: "bytearray"
        case .array: "array"
        }
    }

    static let kindNames = ["smallInt", "bigInt", "hugeInt", "float", "internedString", "freshString", "bytes", "singleton",
                            "canary", "evil", "mutator", "iterator", "file", "instance", "alias", "list", "tuple", "set",
                            "frozenset", "dict", "orderedDict", "deque", "bytearray", "array"]
}

/// A python3 to compile and run the scripts: the one `Scripts/setup --python` chose (`.reffuzz-python`),
/// else the system's /usr/bin/python3 (never the first on PATH, which may be another build).
enum Python {
    static let executable: String = {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.reffuzz-python")
        let text = (try? String(contentsOf: config, encoding: .utf8)) ?? ""
        let chosen = text.split(separator: "\n").first { $0.hasPrefix("PYTHON=") }.map { String($0.dropFirst(7)) }
        return chosen ?? "/usr/bin/python3"
    }()

    static func run(_ arguments: [String], debugAllocator: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if debugAllocator { process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONMALLOC": "debug"]) { $1 } }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
