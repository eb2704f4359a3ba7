import Foundation
import Testing
@testable import RefFuzzCore

/// A valid case (JSON text) for the case-file tests.
private let validCaseJSON = #"{"target": "m:f(list,mutator)", "arguments": [{"value": {"list": [{"big-int": 1000001}]}}, {"value": {"mutator": 0}}], "mutators": [{"calls": [[{"op": "clear", "arg": 0}]]}]}"#

@Suite("Case JSON and case files")
struct CaseCodingTests {
    // MARK: Round trips

    @Test("generated cases round-trip through canonical JSON", arguments: generatorSpecs)
    func generatedCasesRoundTrip(text: String) throws {
        let generator = Generator(spec: try parse(text))
        for index in 0..<150 {
            let original = generator.generate(seed: 0xC0FFEE, index: index)
            let data = try CanonicalJSON.encode(original)
            let decoded = try JSONDecoder().decode(Case.self, from: data)
            #expect(decoded == original, "index \(index)")
            // Canonical: the same case always gives the same bytes.
            #expect(try CanonicalJSON.encode(decoded) == data, "index \(index)")
        }
    }

    @Test func everyValueKindRoundTrips() throws {
        let values: [Value] = [
            .smallInt(3), .bigInt(1_000_003), .internedString("append"), .freshString("ab"),
            .singleton(.none), .singleton(.true), .singleton(.false), .canary(2), .evil(0), .mutator(1),
            .list([.smallInt(1), .list([])]), .tuple([.freshString("xyz")]), .tuple([]), .set([.bigInt(1_000_001)]),
            .dict([DictEntry(key: .freshString("ab"), value: .singleton(.none)),
                   DictEntry(key: .tuple([.smallInt(1)]), value: .dict([]))]),
        ]
        for value in values {
            let data = try JSONEncoder().encode(value)
            #expect(try JSONDecoder().decode(Value.self, from: data) == value)
        }
    }

    @Test func everyMutationStepRoundTrips() throws {
        let steps: [MutationStep] = [
            .append(argument: 0, value: .bigInt(1_000_001)),
            .insert(argument: 1, at: -2, value: .canary(3)),
            .setItem(argument: 0, at: 2, value: .freshString("ab")),
            .deleteItem(argument: 0, at: -1),
            .pop(argument: 2, at: 0),
            .deleteSlice(argument: 0, from: -2, to: 1),
            .sort(argument: 0),
            .reverse(argument: 0),
            .clear(argument: 3),
            .dictSet(argument: 1, key: .smallInt(7), value: .singleton(.true)),
            .dictDelete(argument: 1, entry: 2),
            .dictPopItem(argument: 1),
            .setAdd(argument: 2, value: .internedString("keys")),
            .setDiscard(argument: 2, member: 1),
            .setPop(argument: 2),
        ]
        #expect(Set(steps.map(\.name)).count == steps.count, "one step of each operation")
        for step in steps {
            let data = try JSONEncoder().encode(step)
            #expect(try JSONDecoder().decode(MutationStep.self, from: data) == step)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["op"] as? String == step.name)
            #expect(object["arg"] as? Int == step.argument)
        }
    }

    // MARK: The documented JSON shapes

    @Test func decodesTheDocumentedValueShapes() throws {
        func value(_ json: String) throws -> Value { try JSONDecoder().decode(Value.self, from: Data(json.utf8)) }
        #expect(try value(#"{"big-int": 1000003}"#) == .bigInt(1_000_003))
        #expect(try value(#"{"canary": 0}"#) == .canary(0))
        #expect(try value(#"{"list": [{"small-int": 3}]}"#) == .list([.smallInt(3)]))
        #expect(try value(#"{"dict": [[{"fresh-str": "ab"}, {"singleton": "None"}]]}"#)
                == .dict([DictEntry(key: .freshString("ab"), value: .singleton(.none))]))
        #expect(try value(#"{"interned-str": "keys"}"#) == .internedString("keys"))
    }

    @Test func decodesTheDocumentedStepShapes() throws {
        func step(_ json: String) throws -> MutationStep { try JSONDecoder().decode(MutationStep.self, from: Data(json.utf8)) }
        #expect(try step(#"{"op": "pop", "arg": 0, "index": -1}"#) == .pop(argument: 0, at: -1))
        #expect(try step(#"{"op": "clear", "arg": 1}"#) == .clear(argument: 1))
        #expect(try step(#"{"op": "delslice", "arg": 0, "from": -2, "to": 0}"#) == .deleteSlice(argument: 0, from: -2, to: 0))
        #expect(try step(#"{"op": "dict-set", "arg": 0, "key": {"small-int": 1}, "value": {"canary": 0}}"#)
                == .dictSet(argument: 0, key: .smallInt(1), value: .canary(0)))
    }

    @Test func rejectsMalformedValues() {
        for json in [#"{}"#, #"{"complex": 1.5}"#, #"{"float": 1.5}"#, #"{"small-int": 1, "big-int": 1000001}"#, #"{"dict": [[{"small-int": 1}]]}"#] {
            #expect(throws: DecodingError.self, "\(json)") { try JSONDecoder().decode(Value.self, from: Data(json.utf8)) }
        }
    }

    @Test func caseDecodingDefaultsTheOptionalFields() throws {
        let json = #"{"target": "m:f(list)", "arguments": [{"value": {"list": []}}]}"#
        let decoded = try JSONDecoder().decode(Case.self, from: Data(json.utf8))
        #expect(decoded == Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([]))]))
    }

    @Test func caseEncodingUsesTheDocumentedKeys() throws {
        let original = Case(target: try parse("m:f(list, cb=mutator)"),
                            arguments: [CallArgument(value: .list([.evil(0)])), CallArgument(name: "cb", value: .mutator(0))],
                            mutators: [MutatorProgram(calls: [[.clear(argument: 0)]])],
                            evils: [EvilSpec(constantHash: true, programs: [.hash: [[.pop(argument: 0, at: -1)]]])],
                            extraReference: true, seed: 9, index: 4)
        let object = try #require(try JSONSerialization.jsonObject(with: CanonicalJSON.encode(original)) as? [String: Any])
        #expect(Set(object.keys) == ["target", "seed", "index", "extra_reference", "arguments", "mutators", "evils"])
        #expect(object["target"] as? String == "m:f(list,cb=mutator)")
        let arguments = try #require(object["arguments"] as? [[String: Any]])
        #expect(arguments[1]["name"] as? String == "cb")
        #expect(arguments[0]["name"] == nil)
        let evil = try #require((object["evils"] as? [[String: Any]])?.first)
        #expect(evil["constant_hash"] as? Bool == true)
        #expect((evil["programs"] as? [String: Any])?.keys.sorted() == ["hash"])
        #expect(try JSONDecoder().decode(Case.self, from: CanonicalJSON.encode(original)) == original)
    }

    @Test func rejectsAnUnknownDunder() {
        let json = #"{"target": "m:f(list)", "arguments": [{"value": {"list": [{"evil": 0}]}}], "evils": [{"programs": {"frobnicate": []}}]}"#
        let error = #expect(throws: DecodingError.self) { try JSONDecoder().decode(Case.self, from: Data(json.utf8)) }
        #expect("\(String(describing: error))".contains("unknown method 'frobnicate'"))
    }

    // MARK: Case files

    @Test func caseFileWrapsTheCaseWithVersionAndFinding() throws {
        let file = CaseFile(case: Generator(spec: try parse("m:f(list,mutator)")).generate(seed: 1, index: 2),
                            finding: Finding(kind: .useAfterFree, message: "arg0[0] died", maskedBy: [.smallIntCache]))
        #expect(file.version == CaseFile.formatVersion)
        let data = try file.encoded()
        #expect(data.last == UInt8(ascii: "\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["reffuzz_case", "case", "finding"])
        #expect(object["reffuzz_case"] as? Int == CaseFile.formatVersion)
        let finding = try #require(object["finding"] as? [String: Any])
        #expect(finding["kind"] as? String == "use-after-free")
        #expect(finding["masked_by"] as? [String] == ["small-int-cache"])
        #expect(try JSONDecoder().decode(CaseFile.self, from: data) == file)
    }

    @Test func loadsAValidCaseFile() throws {
        try withTemporaryDirectory { dir in
            let generator = Generator(spec: try parse("jsonlib:dumps(list, default=mutator)"))
            for (i, index) in [0, 5, 17].enumerated() {
                let file = CaseFile(case: generator.generate(seed: 3, index: index),
                                    finding: i == 0 ? nil : Finding(kind: .leak, message: "m"))
                let path = dir + "/case\(i).json"
                try file.encoded().write(to: URL(fileURLWithPath: path))
                #expect(try CaseFile.load(path) == file)
            }
        }
    }

    @Test func theValidFixtureIsValid() throws {
        let decoded = try JSONDecoder().decode(Case.self, from: Data(validCaseJSON.utf8))
        #expect(decoded.validationProblem == nil)
    }


    @Test("malformed case files throw a one-line error naming the file", arguments: [
        ("not-json", "this is {not json", "not valid JSON"),
        ("truncated", #"{"reffuzz_case": 1, "case": {"#, "not valid JSON"),
        ("not-an-object", "[1, 2, 3]", "expected"),
        ("no-case", #"{"reffuzz_case": 1}"#, "missing 'case'"),
        ("no-version", #"{"case": \#(validCaseJSON)}"#, "missing 'reffuzz_case'"),
        ("unknown-value-key", #"{"reffuzz_case": 1, "case": {"target": "m:f(list)", "arguments": [{"value": {"complex": 1.5}}]}}"#,
         "a value is an object with exactly one of the keys"),
        ("unknown-op", #"{"reffuzz_case": 1, "case": {"target": "m:f(list,mutator)", "arguments": [{"value": {"list": []}}, {"value": {"mutator": 0}}], "mutators": [{"calls": [[{"op": "explode", "arg": 0}]]}]}}"#,
         "unknown mutation 'explode'"),
        ("newer-version", #"{"reffuzz_case": \#(CaseFile.formatVersion + 1), "case": \#(validCaseJSON)}"#,
         "case format \(CaseFile.formatVersion + 1) is newer than this reffuzz (\(CaseFile.formatVersion))"),
        ("argument-count", #"{"reffuzz_case": 1, "case": {"target": "m:f(list,int)", "arguments": [{"value": {"list": []}}]}}"#,
         "the target m:f(list,int) takes 2 argument(s), the case has 1"),
        ("bad-target", #"{"reffuzz_case": 1, "case": {"target": "m:f(floaty)", "arguments": []}}"#,
         "unknown argument kind 'floaty'"),
        ("wrong-kind", #"{"reffuzz_case": 1, "case": {"target": "m:f(int)", "arguments": [{"value": {"list": []}}]}}"#,
         "argument 0 is a container, the target spec says int"),
        ("unknown-finding", #"{"reffuzz_case": 1, "case": \#(validCaseJSON), "finding": {"kind": "oops", "message": "", "masked_by": []}}"#,
         "finding"),
    ])
    func malformedCaseFile(name: String, contents: String, problem: String) throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/\(name).json"
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: CaseFileError.self) { try CaseFile.load(path) }
            #expect(error.path == path)
            #expect(error.problem.contains(problem), "problem was: \(error.problem)")
            #expect(error.description == "bad case file \(path): \(error.problem)")
            #expect(!error.description.contains("\n"), "\(error.description)")
        }
    }

    @Test func theValidFixtureLoads() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/ok.json"
            try Data(#"{"reffuzz_case": 1, "case": \#(validCaseJSON)}"#.utf8).write(to: URL(fileURLWithPath: path))
            let file = try CaseFile.load(path)
            #expect(file.finding == nil)
            #expect(file.theCase.arguments.map(\.value) == [.list([.bigInt(1_000_001)]), .mutator(0)])
            #expect(file.theCase.mutators == [MutatorProgram(calls: [[.clear(argument: 0)]])])
        }
    }

    @Test func aMissingFileCannotBeRead() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/absent.json"
            let error = try #require(throws: CaseFileError.self) { try CaseFile.load(path) }
            #expect(error.description == "bad case file \(path): cannot read the file")
        }
    }
}

@Suite("Case JSON: the values and behaviours of the second format")
struct SecondFormatCodingTests {
    static let everyValue: [Value] = [
        .hugeInt("-18446744073709551617"), .float(-0.0), .float(.infinity), .float(5e-324), .float(1.5),
        .freshString("caf\u{E9}\u{20AC}\u{1F600}"), .internedString(""), .bytes([0, 255, 0x41]), .bytes([]),
        .frozenset([.smallInt(1), .bigInt(-1_000_001)]), .orderedDict([DictEntry(key: .smallInt(2), value: .canary(0))]),
        .deque([.canary(1)], maxlen: 2), .deque([], maxlen: nil), .bytearray([1, 2]),
        .array(ArrayValue(typecode: .d, reals: [1.5, -2])), .array(ArrayValue(typecode: .B, integers: [0, 255])),
        .iterator(0), .file(0), .instance(0), .alias(0), .bigInt(Int(Int32.max) + 1),
    ]

    static func fullCase() throws -> Case {
        let steps: [MutationStep] = [
            .moveToEnd(argument: 0, entry: 1, last: false), .popItemFirst(argument: 0),
            .setUpdate(argument: 0, op: .symmetricDifference, values: [.bigInt(1_000_002), .freshString("ab")]),
            .appendLeft(argument: 0, value: .float(2.5)), .popLeft(argument: 0), .rotate(argument: 0, by: -2),
            .extendBuffer(argument: 0, bytes: [9, 0]), .resize(argument: 0, length: 3), .next(argument: 0),
        ]
        return Case(target: try parse("m:f(list,callable)"),
                    arguments: [CallArgument(value: .list(everyValue)), CallArgument(value: .mutator(0))],
                    mutators: [MutatorProgram(calls: [steps], results: [.value(.bytes([1])), .raise(.osError), .usual])],
                    evils: [EvilSpec(programs: [.len: [[.clear(argument: 0)]]], results: [.len: [.value(.bigInt(-5_000_000))]])],
                    iterators: [IteratorSpec(items: [.canary(2)], calls: [[], [.clear(argument: 0)]], results: [.usual, .raise(.runtimeError)], lengthHint: 100)],
                    files: [FileSpec(programs: [.write: [[.pop(argument: 0, at: -1)]]], results: [.write: [.raise(.osError)]])],
                    instances: [InstanceSpec(base: .str, value: .freshString("xy"), programs: ["lower": [[.clear(argument: 0)]]], results: ["__hash__": [.value(.smallInt(7))]])])
    }

    @Test func everyValueStepAndBehaviourSurvivesARoundTrip() throws {
        let c = try Self.fullCase()
        let data = try CaseFile(case: c, finding: nil).encoded()
        let back = try JSONDecoder().decode(CaseFile.self, from: data)
        #expect(back.theCase == c)
        #expect(back.version == 2)
        // Canonical text: the same bytes again.
        #expect(try back.encoded() == data)
    }

    @Test func aFirstFormatCaseReadsTheSame() throws {
        let json = #"{"reffuzz_case": 1, "case": {"target": "m:f(list,mutator)", "arguments": [{"value": {"list": [{"big-int": 1000001}]}}, {"value": {"mutator": 0}}], "mutators": [{"calls": [[{"op": "clear", "arg": 0}]]}], "evils": []}}"#
        let file = try JSONDecoder().decode(CaseFile.self, from: Data(json.utf8))
        #expect(file.version == 1)
        #expect(file.theCase.mutators == [MutatorProgram(calls: [[.clear(argument: 0)]])])
        #expect(file.theCase.iterators.isEmpty && file.theCase.files.isEmpty && file.theCase.instances.isEmpty)
    }

    @Test func valuesReadAsPythonInStories() {
        #expect(Value.float(-0.0).text == "-0.0")
        #expect(Value.float(.nan).text == "float('nan')")
        #expect(Value.freshString("caf\u{E9}\u{1F600}").text == "'caf\\xe9\\U0001f600'")
        #expect(Value.bytes([0, 0x41, 0x27]).text == "b'\\x00A\\''")
        #expect(Value.deque([.smallInt(1)], maxlen: 2).text == "deque([1], maxlen=2)")
        #expect(Value.freshString(String(repeating: "a", count: 300)).text == "'a' * 300")
    }
}
