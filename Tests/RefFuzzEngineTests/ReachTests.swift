import Foundation
import RefFuzzCore
import Testing

/// The executor side of Reach I, through the command line: every step on every kind it applies to does
/// what the ownership model predicts (`operator.call(mutator, container)` runs one program and keeps
/// nothing), the new values and harness objects run on correct CPython functions without a finding, and
/// a bug shows on every new kind.
@Suite("Reach I: the new kinds, values and steps, executed") struct ReachTests {
    /// The containers a step can act on, as `operator:call(mutator, KIND)` takes them.
    enum Kind: String, CaseIterable {
        case list, deque, boundedDeque = "bounded-deque", set, dict, orderedDict = "ordereddict", bytearray
        case intArray = "int-array", realArray = "real-array", iterator

        var spec: String {
            switch self {
            case .boundedDeque: "deque"
            case .intArray, .realArray: "array"
            default: rawValue
            }
        }
    }

    /// Makes the values of one case: each canary is new.
    struct Values {
        var canaries = 0
        mutating func canary() -> Value {
            defer { canaries += 1 }
            return .canary(canaries)
        }

        /// The n-th of every class of element: held only by its container, cached, shared.
        mutating func element(_ n: Int, hashable: Bool) -> Value {
            let all: [Value] = [.bigInt(1_000_001 + n), .freshString("ab\(n)"), canary(), .float(Double(n) + 0.5),
                                .hugeInt("12345678901234567890123456789\(n)"), .bytes([0x61, UInt8(n % 256)]),
                                .freshString("\u{e9}t\u{e9}\(n)"), .freshString("\u{4e2d}"), .smallInt(n % 7),
                                .singleton(.none), .freshString("\u{1F600}\(n)"), .internedString("keys")]
            let value = all[n % all.count]
            return hashable || n % 5 != 4 ? value : .list([value])
        }

        mutating func elements(_ count: Int, hashable: Bool = false) -> [Value] {
            (0..<count).map { element($0, hashable: hashable) }
        }

        mutating func container(_ kind: Kind, size: Int) -> (Value, [IteratorSpec]) {
            switch kind {
            case .list: return (.list(elements(size)), [])
            case .deque: return (.deque(elements(size), maxlen: nil), [])
            case .boundedDeque: return (.deque(elements(size), maxlen: max(size, 1)), [])
            case .set: return (.set(elements(size, hashable: true)), [])
            case .dict, .orderedDict:
                let items = elements(2 * size, hashable: true)
                let entries = (0..<size).map { DictEntry(key: items[2 * $0], value: items[2 * $0 + 1]) }
                return (kind == .dict ? .dict(entries) : .orderedDict(entries), [])
            case .bytearray: return (.bytearray((0..<size).map { UInt8($0 % 256) }), [])
            case .intArray: return (.array(ArrayValue(typecode: .i, integers: Array(0..<size))), [])
            case .realArray: return (.array(ArrayValue(typecode: .d, reals: (0..<size).map { Double($0) / 4 })), [])
            case .iterator: return (.iterator(0), [IteratorSpec(items: elements(size))])
            }
        }

        /// Every step the kind takes, on argument 1, with new values.
        mutating func steps(_ kind: Kind) -> [MutationStep] {
            let a = 1
            switch kind {
            case .list, .deque, .boundedDeque:
                var steps: [MutationStep] = [
                    .append(argument: a, value: canary()), .append(argument: a, value: .float(1.25)),
                    .insert(argument: a, at: 1, value: canary()), .insert(argument: a, at: -1, value: .hugeInt("-99999999999999999999")),
                    .setItem(argument: a, at: -1, value: canary()), .setItem(argument: a, at: 7, value: .freshString("\u{4e2d}")),
                    .pop(argument: a, at: -1), .pop(argument: a, at: 0), .deleteItem(argument: a, at: 1), .reverse(argument: a),
                ]
                if kind == .list {
                    steps += [.deleteSlice(argument: a, from: 0, to: 2), .deleteSlice(argument: a, from: -2, to: 9), .sort(argument: a)]
                } else {
                    steps += [.appendLeft(argument: a, value: canary()), .popLeft(argument: a), .rotate(argument: a, by: 1),
                              .rotate(argument: a, by: -3)]
                }
                return steps + [.clear(argument: a)]
            case .set:
                return [.setAdd(argument: a, value: .bigInt(1_000_001)), .setAdd(argument: a, value: canary()),
                        .setAdd(argument: a, value: .float(0.5)), .setDiscard(argument: a, member: 0), .setDiscard(argument: a, member: -1),
                        .setPop(argument: a)]
                    + SetOperator.allCases.flatMap { op in
                        [.setUpdate(argument: a, op: op, values: [.bigInt(1_000_003), .freshString("ab1")]),
                         .setUpdate(argument: a, op: op, values: [.freshString("zz"), .freshString("zz"), .float(3.5), canary(),
                                                                  .bigInt(1_000_001), .hugeInt("1234567890123456789012345678910")]),
                         .setUpdate(argument: a, op: op, values: [])]
                    }
                    + [.clear(argument: a)]
            case .dict, .orderedDict:
                var steps: [MutationStep] = [
                    .dictSet(argument: a, key: .bigInt(1_000_001), value: canary()), .dictSet(argument: a, key: .freshString("new"), value: canary()),
                    .dictSet(argument: a, key: .float(3.5), value: .singleton(.none)), .dictDelete(argument: a, entry: 0),
                    .dictDelete(argument: a, entry: -1), .dictPopItem(argument: a),
                ]
                if kind == .orderedDict {
                    steps += [.moveToEnd(argument: a, entry: 0, last: true), .moveToEnd(argument: a, entry: -1, last: false),
                              .popItemFirst(argument: a)]
                }
                return steps + [.clear(argument: a)]
            case .bytearray, .intArray, .realArray:
                return [.append(argument: a, value: .smallInt(7)), .append(argument: a, value: .bigInt(1_000_001)),
                        .append(argument: a, value: .freshString("xy")), .insert(argument: a, at: 0, value: .smallInt(9)),
                        .setItem(argument: a, at: -1, value: .smallInt(5)), .setItem(argument: a, at: 0, value: .float(2.5)),
                        .pop(argument: a, at: -1), .deleteItem(argument: a, at: 0), .deleteSlice(argument: a, from: 0, to: 1),
                        .reverse(argument: a), .extendBuffer(argument: a, bytes: [1, 2, 0xff]), .resize(argument: a, length: 1),
                        .resize(argument: a, length: 9), .clear(argument: a)]
            case .iterator:
                return [.next(argument: a), .next(argument: a)]
            }
        }
    }

    /// `operator.call(mutator, container)`: the mutator's one call runs `steps`.
    static func call(_ kind: Kind, size: Int, steps: (inout Values) -> [MutationStep]) throws -> Case {
        var values = Values()
        let (container, iterators) = values.container(kind, size: size)
        let program = steps(&values)
        return Case(target: try TargetSpec(parsing: "operator:call(mutator,\(kind.spec))"),
                    arguments: [CallArgument(value: .mutator(0)), CallArgument(value: container)],
                    mutators: [MutatorProgram(calls: [program])], iterators: iterators)
    }

    static func write(_ cases: [(String, Case)], to scratch: Scratch) throws -> String {
        let folder = scratch.path("cases")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, theCase) in cases {
            #expect(theCase.validationProblem == nil, "\(name): \(theCase.validationProblem ?? "")")
            try CaseFile(case: theCase, finding: nil).encoded().write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
        }
        return folder
    }

    /// Replays the cases: each must pass, with the model right about every step and every count.
    static func expectEveryCasePassesAsPredicted(_ folder: String, scratch: Scratch) throws {
        let result = try CLI.run(["replay", folder, "--report", scratch.path("replay.json")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.contains(": passes") && !line.contains("model") && !line.contains("did not predict"), "\(line)")
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: scratch.path("replay.json"))))
        for target in report.targets { #expect(target.modelMismatches == 0, "\(target.target)") }
    }

    @Test func everyStepOnEveryKindDoesWhatTheModelPredicts() throws {
        var cases: [(String, Case)] = []
        for kind in Kind.allCases {
            var probe = Values()
            let count = probe.steps(kind).count
            for size in [0, 1, 3, 70] {
                for i in 0..<count {
                    // The step twice: the second one sees what the first one did.
                    cases.append(("\(kind.rawValue)-\(size)-\(i)", try Self.call(kind, size: size) { values in
                        let first = values.steps(kind)[i], second = values.steps(kind)[i]
                        return [first, second]
                    }))
                }
            }
        }
        let scratch = try Scratch()
        try Self.expectEveryCasePassesAsPredicted(try Self.write(cases, to: scratch), scratch: scratch)
    }

    @Test(arguments: Kind.allCases) func everyStepRunsOnItsKind(kind: Kind) throws {
        // All the kind's steps in one call, on a container long enough that none finds it empty.
        let theCase = try Self.call(kind, size: 12) { $0.steps(kind) }
        let scratch = try Scratch()
        let path = scratch.path("case.json")
        try CaseFile(case: theCase, finding: nil).encoded().write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["explain", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("skipped"), "\(result.stdout)")
        #expect(!result.stdout.contains("model disagreed"), "\(result.stdout)")
        #expect(!result.stdout.contains("than predicted"), "\(result.stdout)")
        #expect(result.stdout.contains("Verdict: no finding"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "mutator #0 call 1 runs").count - 1 == theCase.mutators[0].calls[0].count)
    }

    @Test func aStepOnAKindItDoesNotApplyToIsSkipped() throws {
        let theCase = try Self.call(.deque, size: 3) { _ in [.sort(argument: 1), .dictPopItem(argument: 1), .popLeft(argument: 1)] }
        let scratch = try Scratch()
        let path = scratch.path("case.json")
        try CaseFile(case: theCase, finding: nil).encoded().write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["explain", path])
        #expect(result.stdout.components(separatedBy: ": skipped").count - 1 == 2, "\(result.stdout)")
        #expect(result.stdout.contains("Verdict: no finding"), "\(result.stdout)")
    }

    @Test func aStepOnAnOrderedDictMidInsertIsTheOrderedDictsOwn() throws {
        // OrderedDict.update looks a new key up again once the dict holds it and before the list does: an
        // __eq__ then sees an OrderedDict snapshot as a dict, but `del arg0[k]` and `arg0[k] = v` are still
        // the OrderedDict's (dict's own would leave a node behind, or add a key without one: counts the
        // model could not predict), and `arg0.clear()` is OrderedDict.clear (dict.clear left the node
        // table that CPython's stale index then read; the real bug, a crash, is left out: see below).
        for name in ["odict-mid-insert-dict-del", "odict-mid-insert-dict-set", "odict-mid-insert-popitem"] {
            let result = try CLI.run(["replay", Self.fixtures("reach") + "/\(name).json"])
            #expect(result.status == 0 && result.stdout.hasSuffix("\(name).json: passes\n"), "\(result.stdout)\(result.stderr)")
        }
        // The same case with `arg0.clear()` crashes CPython 3.11 to 3.13 itself: _odict_get_index_raw
        // returns the entry count of the keys table the clear freed, an index into the cleared (NULL)
        // node table.
    }

    @Test func dictUpdateOnAnOrderedDictLeavesItsListsReferencesCounted() throws {
        // dict.update(od, od2) adds keys to od's dict only, so od is seen as a dict after the call; each node
        // of its list still holds its key (evil #0 ends with 2 references, not the dict's 1). In the fuzzed
        // case a __del__ also ran `arg1.popitem(last=False)` on arg1 mid-clear, which leaks the node's key in
        // CPython 3.11 to 3.13.0 itself (OrderedDict_popitem_impl returns without DECREF(key) when the pop
        // fails; fixed upstream by GH-145884): that step is left out.
        let name = "odict-dict-update-list-kept"
        let result = try CLI.run(["replay", Self.fixtures("reach") + "/\(name).json"])
        #expect(result.status == 0 && result.stdout.hasSuffix("\(name).json: passes\n"), "\(result.stdout)\(result.stderr)")
    }

    @Test func aStepOnAContainerBeingFreedIsSkipped() throws {
        // Queue_safe.clear() releases a deque whose dealloc releases an evil object whose __del__ runs
        // `arg0.append(None)` on that deque, count 0: no Python code can reach it, and the append stored
        // a None its dealloc never released (a leak of None on 3.11, the harness's own).
        let name = "del-appends-to-dying-deque"
        let result = try CLI.run(["replay", Self.fixtures("reach") + "/\(name).json"])
        #expect(result.status == 0 && result.stdout.hasSuffix("\(name).json: passes\n"), "\(result.stdout)\(result.stderr)")
    }

    /// The folder of hand-written cases (stored with `reffuzz store`).
    static func fixtures(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    @Test func theNewHarnessObjectsRunCorrectFunctionsWithoutAFinding() throws {
        // Iterators, callables, evil dunders and their lies, files, instances, aliases, every new value.
        let scratch = try Scratch()
        let result = try CLI.run(["replay", Self.fixtures("reach"), "--report", scratch.path("replay.json")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for line in result.stdout.split(separator: "\n") {
            #expect(line.contains(": passes") && !line.contains("model disagreed"), "\(line)")
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: scratch.path("replay.json"))))
        #expect(report.executions >= 40)
        for target in report.targets { #expect(target.modelMismatches == 0, "\(target.target)") }
    }

    @Test func aBugShowsOnEveryNewKind() throws {
        // pop_and_call, describe and first_incref of the examples, on every new value and instance: each
        // file stores the finding it must show.
        let folder = Self.fixtures("reach-bugs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 40)
        let result = try CLI.run(["replay", folder])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        for file in files {
            let stored = try #require(try CaseFile.load("\(folder)/\(file)").finding?.kind)
            let line = lines.first { $0.hasPrefix("\(folder)/\(file):") }
            #expect(line?.dropFirst(folder.count + file.count + 3).hasPrefix(stored.rawValue) == true, "\(file): \(line ?? "no line")")
        }
    }
}
