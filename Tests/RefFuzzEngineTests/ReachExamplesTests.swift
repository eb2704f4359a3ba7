import Foundation
import RefFuzzCore
import Testing

/// One of refexamples' examples for the data classes and kinds of Reach I (Sources/RefFuzzExamples/
/// reach_values.c and reach_kinds.c): a bug that only values of one class, or arguments of one kind,
/// reach. The default run fuzzes each (it is one of `builtinBugs`) unless its row still waits for
/// something (`waitsFor`); `shortest` says what the generator must be able to make for RefFuzz to find it.
struct ReachExample: Sendable, CustomTestStringConvertible {
    /// The buggy function's spec; its twin's is `twin(of: spec)`.
    var spec: String
    /// The kind of finding RefFuzz should report.
    var kind: FindingKind
    /// The data class or kind that only it reaches.
    var needs: String
    /// The shortest case that should show the bug: values and steps.
    var shortest: String
    /// What its script in Fixtures/reach shows for the bug (its twin shows none of it).
    var shows: Evidence
    /// What its row waits for before the default run fuzzes it (the fourth item of its row), or nil.
    var waitsFor: String? = nil

    /// For a bug past a list's fast path, the items of the shortest list that shows it (its shrunk case
    /// has that many operations).
    var leastItems: Int? = nil

    enum Evidence: Sendable {
        /// Dies of a signal (SIGSEGV, or SIGABRT for an overrun PYTHONMALLOC=debug finds) after printing this.
        case crash(after: String)
        /// The count of the case's object changes by this much on each of three calls.
        case refcount(Int)
        /// Each call leaves one more block allocated (a leaked intermediate object).
        case blocks
        /// The call raises SystemError (a broken exception contract).
        case systemError
    }

    var function: String { String(spec[spec.index(after: spec.firstIndex(of: ":")!)..<spec.firstIndex(of: "(")!]) }
    var testDescription: String { spec }
}

let reachExamples: [ReachExample] = [
    // ints
    .init(spec: "refexamples:hex_join(list)", kind: .useAfterFree, needs: "cached small ints (byte values 0..255)",
          shortest: "hex_join([65, 65]): the list releases the table's text twice (a write to freed memory); a second call joins freed text",
          shows: .crash(after: "first: 41 41")),
    .init(spec: "refexamples:encode_varints(list)", kind: .leak, needs: "negative ints",
          shortest: "encode_varints([-1000000]): ValueError; the item keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:percent(int,int)", kind: .leak, needs: "0",
          shortest: "percent(1000001, 0): ZeroDivisionError; the first argument keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:checked_add(int,int)", kind: .badException, needs: "-1",
          shortest: "checked_add(-1, 0): NULL without an exception",
          shows: .systemError),
    .init(spec: "refexamples:power(int,int)", kind: .overDecref, needs: "1",
          shortest: "power(1000003, 1): the base loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:pack_i32(list)", kind: .leak, needs: "ints at 2**31 and past (to 2**63 - 1)",
          shortest: "pack_i32([2**31]): OverflowError; a 4-byte bytes object lost per call",
          shows: .blocks),
    .init(spec: "refexamples:xor_words(list)", kind: .leak, needs: "ints from 2**63 to 2**64 - 1",
          shortest: "xor_words([2**63]): the item keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:uuid_bytes(int)", kind: .leak, needs: "ints at 2**64 and past",
          shortest: "uuid_bytes(2**64): an int (2**64 - 1) lost per call",
          shows: .blocks),
    .init(spec: "refexamples:short_repr(int)", kind: .leak, needs: "huge ints (more than 40 digits)",
          shortest: "short_repr(10**40): its 41-character text lost per call",
          shows: .blocks),
    // floats
    .init(spec: "refexamples:normalize(list)", kind: .leak, needs: "0.0 or -0.0 (items that sum to 0)",
          shortest: "normalize([0.0]): ZeroDivisionError; the item keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:canonical_zeros(list)", kind: .leak, needs: "-0.0",
          shortest: "canonical_zeros([-0.0]): the -0.0 keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:float_max(list)", kind: .overDecref, needs: "nan",
          shortest: "float_max([nan]): the nan loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:to_millis(list)", kind: .leak, needs: "inf or -inf",
          shortest: "to_millis([inf]): OverflowError; the item keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:fixed_point(float)", kind: .badException, needs: "subnormal floats",
          shortest: "fixed_point(5e-324): a result with ValueError set",
          shows: .systemError),
    // str
    .init(spec: "refexamples:first_line(str,str)", kind: .overDecref, needs: "the empty str",
          shortest: "first_line('', 'fallback') with a fresh fallback: it loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:fold_case(str)", kind: .overDecref, needs: "ASCII strs (fresh, with no capital)",
          shortest: "fold_case('abc') with a fresh 'abc': it loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:tag_encode(str)", kind: .leak, needs: "Latin-1 strs past ASCII",
          shortest: "tag_encode('\u{e9}\u{e9}'): its 2-byte Latin-1 bytes lost per call",
          shows: .blocks),
    .init(spec: "refexamples:ucs2_bytes(str)", kind: .leak, needs: "BMP strs past Latin-1",
          shortest: "ucs2_bytes('\u{4e2d}\u{6587}'): its UTF-16 bytes lost per call",
          shows: .blocks),
    .init(spec: "refexamples:utf16le(str)", kind: .crash, needs: "astral strs (past U+FFFF)",
          shortest: "utf16le('a\\U0001F600'): writes 2 bytes past its output (PYTHONMALLOC=debug aborts when it is freed; more astral characters overrun further)",
          shows: .crash(after: "utf16le('a'): b'a\\x00'")),
    .init(spec: "refexamples:wrap_lines(str)", kind: .leak, needs: "long strs (past 64 characters)",
          shortest: "wrap_lines('a' * 65): its 64-character line lost per call",
          shows: .blocks),
    .init(spec: "refexamples:pop_name(dict)", kind: .useAfterFree, needs: "fresh (not interned) strs, as dict keys",
          shortest: "pop_name({fresh 'name': Job}): the key's repr after the dict dropped it ({'append': ...} is masked: interned)",
          shows: .crash(after: "interned: removed 'append'")),
    // bytes
    .init(spec: "refexamples:unescape(bytes)", kind: .leak, needs: "empty bytes",
          shortest: "unescape(b''): a bytearray lost per call",
          shows: .blocks),
    .init(spec: "refexamples:key_of(bytes)", kind: .overDecref, needs: "short bytes (8 or fewer, fresh: 2 or more)",
          shortest: "key_of(b'ab') with a fresh b'ab': it loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:chunks8(bytes)", kind: .leak, needs: "bytes past 8",
          shortest: "chunks8(b'0123456789'): the bytes keep one more reference per call (a memoryview's)",
          shows: .refcount(1)),
    .init(spec: "refexamples:crc32(bytes)", kind: .leak, needs: "long bytes (64 and more)",
          shortest: "crc32(b'a' * 64): the bytes keep one more reference per call (a buffer view's)",
          shows: .refcount(1)),
    .init(spec: "refexamples:label(bytes)", kind: .leak, needs: "bytes with NULs",
          shortest: "label(b'ab\\0c'): its 4-character str lost per call",
          shows: .blocks),
    // container lengths, a container inside itself
    .init(spec: "refexamples:fingerprint(list)", kind: .leak, needs: "lists past 8 items (hashable)",
          shortest: "fingerprint([Job(0), ..., Job(8)]): each item keeps one more reference per call",
          shows: .refcount(1), leastItems: 9),
    .init(spec: "refexamples:unique(list)", kind: .overDecref, needs: "lists past 16 items (hashable)",
          shortest: "unique([Job(0), ..., Job(16)]): each item loses a reference per call",
          shows: .refcount(-1), leastItems: 17),
    .init(spec: "refexamples:window(list)", kind: .leak, needs: "lists past 64 items",
          shortest: "window([Job(0), ..., Job(64)]): each of the last 64 keeps one more reference per call",
          shows: .refcount(1), leastItems: 65),
    .init(spec: "refexamples:flatten(list)", kind: .crash, needs: "a list inside itself",
          shortest: "a = [1]; a.append(a); flatten(a): the C stack overflows",
          shows: .crash(after: "flatten([1, [2, [3]]]): [1, 2, 3]")),
    // kinds
    .init(spec: "refexamples:half(float)", kind: .overDecref, needs: "the float kind",
          shortest: "half(1.5): the float loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:as_text(bytes)", kind: .overDecref, needs: "the bytes kind (2 bytes or more)",
          shortest: "as_text(b'caf\\xc3\\xa9'): the bytes lose a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:scramble(bytearray,mutator)", kind: .useAfterFree, needs: "the bytearray kind, a mutator that resizes it",
          shortest: "scramble(bytearray(b'x'), mutator: clear the bytearray at its first call): a write into the freed storage (plain Python needs a megabyte to crash)",
          shows: .crash(after: "scrambled: 3b8fd9")),
    .init(spec: "refexamples:byteswap(array,mutator)", kind: .useAfterFree, needs: "the array kind, a mutator that resizes it",
          shortest: "byteswap(array('H', [1]), mutator: del a[:] at its first call): a write into the freed storage (plain Python needs a megabyte to crash)",
          shows: .crash(after: "swapped: [256, 512]")),
    .init(spec: "refexamples:freeze(frozenset)", kind: .overDecref, needs: "the frozenset kind",
          shortest: "freeze(frozenset({Job})): the frozenset loses a reference per call",
          shows: .refcount(-1)),
    .init(spec: "refexamples:encode_deque(deque,mutator)", kind: .useAfterFree, needs: "the deque kind, a mutator that pops",
          shortest: "encode_deque(deque([Job]), mutator: popleft): the item's repr after the pop freed it",
          shows: .crash(after: "encode_deque(deque([1, 2])): ['1', '2']")),
    .init(spec: "refexamples:render_items(ordereddict,mutator)", kind: .useAfterFree, needs: "the ordereddict kind, a mutator that replaces or deletes a value",
          shortest: "render_items(OrderedDict(k=Job), mutator: od['k'] = another): the old value's repr after it died",
          shows: .crash(after: "render_items({'k': 1}): ['k=1']")),
    .init(spec: "refexamples:map_ints(list,callable)", kind: .leak, needs: "the callable kind, returning something other than an int",
          shortest: "map_ints([1], callable returning a Job): TypeError; the Job keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:collect(iterator)", kind: .crash, needs: "the iterator kind, with a __length_hint__ that says fewer than it yields",
          shortest: "collect(an iterator of 3 items whose __length_hint__ says 1): writes 2 slots past the list's storage",
          shows: .crash(after: "collect(iter('ab')): ['a', 'b']")),
    .init(spec: "refexamples:write_all(list,file)", kind: .leak, needs: "the file kind, a write that raises OSError",
          shortest: "write_all([1], file whose write raises OSError): the file keeps one more reference per call",
          shows: .refcount(1)),
    // any: subclasses of built-in types whose methods are Python code, lying lengths
    .init(spec: "refexamples:lookup_ci(dict,str)", kind: .useAfterFree, needs: "a str subclass key whose lower() empties the dict",
          shortest: "lookup_ci({Key('Host'): Job}, 'host'), Key.lower clears the dict: returns the freed value",
          shows: .crash(after: "lookup_ci({'Host': 1}, 'HOST'): 1")),
    .init(spec: "refexamples:first_index(list)", kind: .useAfterFree, needs: "a str or int subclass item whose __hash__ empties the list",
          shortest: "first_index([Key('ab')]), Key.__hash__ clears the list: the dict holds the freed key",
          shows: .crash(after: "first_index(['a', 'b', 'a']): {'a': 0, 'b': 1}")),
    .init(spec: "refexamples:find_equal(list,any)", kind: .useAfterFree, needs: "an int subclass whose __eq__ empties the list",
          shortest: "find_equal([1000001], Equal(5)), Equal.__eq__ clears the list and says True: returns the freed item",
          shows: .crash(after: "find_equal([1, 2], 2): 2")),
    .init(spec: "refexamples:nth_item(list,any)", kind: .crash, needs: "an object whose __index__ empties the list",
          shortest: "nth_item([Job], Index()), Index.__index__ clears the list and says 0: reads the emptied list's storage",
          shows: .crash(after: "nth_item(['a', 'b'], -1): 'b'")),
    .init(spec: "refexamples:snapshot(any)", kind: .leak, needs: "a list subclass whose __len__ says more than it holds",
          shortest: "snapshot(Liar([Job, Job])), Liar.__len__ says 3: RuntimeError; each item keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:concat(list,any)", kind: .leak, needs: "a list subclass whose __iter__ raises",
          shortest: "concat([Job], Unreadable()), Unreadable.__iter__ raises: each of the list's items keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:merge(dict,any)", kind: .leak, needs: "a dict subclass whose keys() raises",
          shortest: "merge({'k': Job}, Locked()), Locked.keys raises: each key and value keeps one more reference per call",
          shows: .refcount(1)),
    .init(spec: "refexamples:items_of(any)", kind: .useAfterFree, needs: "a dict subclass whose __getitem__ empties it",
          shortest: "items_of(Computed({fresh key: 2})), Computed.__getitem__ clears it: the pair holds the freed key",
          shows: .crash(after: "items_of({'a': 1}): [('a', 1)]")),
    // aliasing
    .init(spec: "refexamples:assign(list,list)", kind: .useAfterFree, needs: "one list at both argument positions",
          shortest: "a = [Job('a')]; assign(a, a): appends items freed by emptying a",
          shows: .crash(after: "assign([1], [2, 3]): [2, 3]")),
]

/// Each Reach I example's bug is shown in plain Python, without RefFuzz: the script in Fixtures/reach
/// named after the function runs its shortest case on the function and on its twin, with the embedded
/// version's python3 under PYTHONMALLOC=debug, against the examples built as an extension module
/// (`Scripts/build-examples`).
@Suite("Reach I examples in plain Python") struct ReachExamplesTests {
    /// `Fixtures/reach/SCRIPT MODULES FUNCTION` under the debug allocator.
    func run(_ example: ReachExample, _ function: String) throws -> ReproTests.ScriptRun {
        let folder = try StatefulExamplesTests.modules.get().1
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reach/\(example.function).py").path
        return try ReproTests.process(EmbeddedPython.interpreter, [path, folder, function],
                                      environment: ["PYTHONMALLOC": "debug"])
    }

    @Test(arguments: reachExamples)
    func bugShowsAndItsTwinDoesNot(example: ReachExample) throws {
        let bug = try run(example, example.function)
        let twin = try run(example, example.function + "_safe")
        #expect(!twin.crashed && twin.status == 0 && twin.output.hasSuffix("ok\n"), "twin: \(twin)")
        switch example.shows {
        case .crash(let line):
            #expect(bug.crashed && bug.output.contains(line) && !bug.output.contains("\nok\n"), "\(bug)")
            #expect(twin.output.contains(line), "twin: \(twin)")
        case .refcount(let change):
            #expect(bug.output.contains("refcount change per call: \([change, change, change])"), "\(bug)")
            #expect(twin.output.contains("refcount change per call: [0, 0, 0]"), "twin: \(twin)")
        case .blocks:
            #expect(bug.output.contains("blocks per call: [1, 1, 1]"), "\(bug)")
            #expect(twin.output.contains("blocks per call: [0, 0, 0]"), "twin: \(twin)")
        case .systemError:
            #expect(bug.output.contains(": SystemError\n"), "\(bug)")
            #expect(!twin.output.contains("SystemError"), "twin: \(twin)")
        }
    }

    @Test func everyExampleHasItsScriptAndNoScriptIsLeftOver() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reach")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".py") && $0 != "reach.py" }
        #expect(Set(scripts) == Set(reachExamples.map { "\($0.function).py" }))
        #expect(Set(reachExamples.map(\.function)).count == reachExamples.count)
    }

    @Test func specsParseAndAreListedWithTheirTwins() throws {
        let listing = try CLI.run(["targets", "refexamples"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.stdout.split(separator: "\n")
        for example in reachExamples {
            for text in [example.spec, twin(of: example.spec)] {
                let parsed = try TargetSpec(parsing: text)
                #expect(!parsed.isStateful && parsed.description == text)
            }
            let waits = example.waitsFor.map { "not in the default run: waits for \($0)" }
            let bug = lines.first { $0.hasPrefix(example.spec + " ") }
            #expect(bug?.contains("bug: \(example.kind.rawValue)") == true, "\(bug ?? "")")
            let twinLine = lines.first { $0.hasPrefix(twin(of: example.spec) + " ") }
            #expect(twinLine?.contains("correct") == true, "\(twinLine ?? "")")
            for line in [bug, twinLine] {
                #expect(waits.map { line?.hasSuffix($0) == true } ?? (line?.contains("waits for") == false), "\(line ?? "")")
            }
        }
        // Every waiting row of the listing is one of these examples or a twin, waiting as it says.
        let waiting = lines.filter { $0.contains("not in the default run: waits for") }.map { String($0.prefix { $0 != " " }) }
        #expect(Set(waiting) == Set(reachExamples.filter { $0.waitsFor != nil }.flatMap { [$0.spec, twin(of: $0.spec)] }))
    }
}

/// The Reach I examples fuzzed: the default run (`BuiltinRun`, whose findings BuiltinTargetsTests checks
/// through `builtinBugs`) has every row that no longer waits, and those its share of cases does not
/// reach are found with more. Scripts/campaigns/examples sweeps them all with the default budget.
@Suite("Reach I examples, fuzzed") struct ReachExamplesFuzzTests {
    @Test func theDefaultFuzzRunHasEveryRowThatNoLongerWaits() throws {
        let run = try BuiltinRun.shared.get()
        let fuzzed = Set(run.report.targets.map(\.target))
        for example in reachExamples {
            let expected = example.waitsFor == nil
            #expect(fuzzed.contains(example.spec) == expected && fuzzed.contains(twin(of: example.spec)) == expected, "\(example.spec)")
        }
    }

    /// Some of the bugs past the test run's share, found with 1,000 cases each (seed 7 finds each by its
    /// 700th): a float list holding nan, a list past 16 items, an `__index__` and an `__iter__` that mutate
    /// or raise.
    static let foundWithMoreCases = ["refexamples:float_max(list)", "refexamples:unique(list)",
                                     "refexamples:nth_item(list,any)", "refexamples:concat(list,any)"]

    @Test func someBugsPastTheTestRunAreFoundWithMoreCases() throws {
        let specs = Self.foundWithMoreCases
        let (_, report) = try CLI.fuzz(specs.flatMap { [$0, twin(of: $0)] } + ["--runs", "\(2 * 1_000 * specs.count)", "--seed", "7", "--jobs", "2"],
                                       scratch: try Scratch())
        for spec in specs {
            #expect(bugsPastTheTestRun.contains(spec))
            let kind = try #require(builtinBugs.first { $0.0 == spec }?.1)
            #expect(report.kinds[spec]?.contains(kind) == true, "\(spec): \(report.targets.first { $0.target == spec }?.findings.map(\.message) ?? [])")
            #expect(report.targets.first { $0.target == twin(of: spec) }?.findings.isEmpty == true, "\(twin(of: spec))")
        }
    }
}
