import Testing
@testable import RefFuzzCore

/// The evidence spec inference reads without calling anything, and the words of CPython's TypeErrors.
@Suite("Spec inference: evidence and messages")
struct InferenceEvidenceTests {
    // MARK: arity messages, as CPython 3.11 to 3.13 word them

    @Test("arity messages", arguments: [
        ("cPyRefs.make_tuple() takes no arguments (9 given)", 9, ArityFact(min: 0, max: 0)),
        ("Counter() takes no arguments", 9, ArityFact(min: 0, max: 0)),
        ("sort() takes no positional arguments", 9, ArityFact(min: 0, max: 0)),
        ("object.__init__() takes exactly one argument (the instance to initialize)", 9, ArityFact(min: 0, max: 0)),
        ("cPyRefs.ref_count() takes exactly one argument (9 given)", 9, ArityFact(min: 1, max: 1)),
        ("cPyRefs.ref_count() takes exactly one argument (0 given)", 0, ArityFact(min: 1, max: 1)),
        ("function takes exactly 2 arguments (9 given)", 9, ArityFact(min: 2, max: 2)),
        ("f() takes exactly 1 argument (0 given)", 0, ArityFact(min: 1, max: 1)),
        ("function takes at most 3 arguments (9 given)", 9, ArityFact(min: nil, max: 3)),
        ("function takes at least 2 arguments (0 given)", 0, ArityFact(min: 2, max: nil)),
        ("int() takes at most 2 arguments (9 given)", 9, ArityFact(min: nil, max: 2)),
        ("f() takes at most 2 positional arguments (9 given)", 9, ArityFact(min: nil, max: 2)),
        ("function missing required argument 'value' (pos 1)", 0, ArityFact(min: 1, max: nil, minIsExact: false)),
        ("divmod expected 2 arguments, got 9", 9, ArityFact(min: 2, max: 2)),
        ("getattr expected at least 2 arguments, got 0", 0, ArityFact(min: 2, max: nil)),
        ("update expected at most 1 argument, got 9", 9, ArityFact(min: nil, max: 1)),
        ("expected 2 arguments, got 9", 9, ArityFact(min: 2, max: 2)),
        ("f() takes 2 positional arguments but 9 were given", 9, ArityFact(min: 2, max: 2)),
        ("f() takes from 1 to 3 positional arguments but 9 were given", 9, ArityFact(min: 1, max: 3)),
        ("f() missing 2 required positional arguments: 'a' and 'b'", 0, ArityFact(min: 2, max: nil)),
    ])
    func arityMessage(message: String, given: Int, fact: ArityFact) {
        #expect(ArityMessage.fact(in: message, given: given) == fact)
    }

    @Test("messages that are not about the number of arguments", arguments: [
        "'NoneType' object cannot be interpreted as an integer",
        "argument 1 must be list, not int",
        "head() argument must be list, not dict",
        "unhashable type: 'list'",
        "each() argument 'callback' must be callable",
        "cannot create 'infermod.Sealed' instances",
    ])
    func notArity(message: String) {
        #expect(ArityMessage.fact(in: message, given: 1) == nil)
        #expect(!ArityMessage.isAboutArguments(message))
    }

    @Test func missingParameterNamesAreRead() {
        #expect(ArityMessage.missingName(in: "function missing required argument 'count' (pos 2)") == "count")
        #expect(ArityMessage.isAboutArguments("f() got an unexpected keyword argument 'x'"))
    }

    // MARK: which argument a TypeError is about

    static let none: Set<String> = ["NoneType", "None"]

    @Test func blameFollowsNumbersNamesAndTypes() {
        let types: [Set<String>] = [["list"], ["int"], Self.none]
        #expect(ArgumentBlame.positions(in: "argument 2 must be str, not int", types: types, names: [nil, nil, nil]) == [1])
        #expect(ArgumentBlame.positions(in: "function missing required argument 'count' (pos 3)", types: types, names: [nil, nil, nil]) == [2])
        #expect(ArgumentBlame.positions(in: "second argument must be callable", types: types, names: [nil, nil, nil]) == [1])
        #expect(ArgumentBlame.positions(in: "f() argument 'items' must be list", types: types, names: ["a", "items", nil]) == [1])
        // A name no parameter has is the one parameter whose name is not known.
        #expect(ArgumentBlame.positions(in: "each() argument 'callback' must be callable", types: types, names: ["a", "b", nil]) == [2])
        #expect(ArgumentBlame.positions(in: "'int' object is not iterable", types: types, names: [nil, nil, nil]) == [1])
        #expect(ArgumentBlame.positions(in: "'NoneType' object cannot be interpreted as an integer", types: types, names: [nil, nil, nil]) == [2])
        #expect(ArgumentBlame.positions(in: "head() argument must be list, not None", types: types, names: [nil, nil, nil]) == [2])
        #expect(ArgumentBlame.positions(in: "unhashable type: 'list'", types: types, names: [nil, nil, nil]) == [0])
        #expect(ArgumentBlame.positions(in: "an integer is required (got type list)", types: types, names: [nil, nil, nil]) == [0])
        #expect(ArgumentBlame.positions(in: "'<' not supported between instances of 'int' and 'list'", types: types, names: [nil, nil, nil]) == [0, 1])
        #expect(ArgumentBlame.positions(in: "must be infermod.Counter, not collections.deque", types: [["collections.deque", "deque"]], names: [nil]) == [0])
        #expect(ArgumentBlame.positions(in: "expected a dict", types: types, names: [nil, nil, nil]) == nil)
    }

    // MARK: annotations

    @Test("annotations", arguments: [
        ("list[int]", ArgumentKind.list), ("typing.List[str]", .list), ("Sequence[int]", .list), ("Iterable[int]", .list),
        ("dict", .dict), ("Mapping[str, int]", .dict), ("typing.MutableMapping[str, Any]", .dict),
        ("set[int]", .set), ("AbstractSet[int]", .set), ("frozenset[str]", .frozenset), ("tuple[int, ...]", .tuple),
        ("str", .str), ("bytes", .bytes), ("int", .int), ("bool", .int), ("float", .float),
        ("bytearray", .bytearray), ("collections.deque[int]", .deque), ("OrderedDict[str, int]", .ordereddict),
        ("array.array[int]", .array), ("array", .array),
        ("Callable[[int], None]", .mutator), ("typing.Callable[[], NoneType]", .mutator), ("Callable[..., int]", .callable),
        ("Callable", .callable), ("Iterator[int]", .iterator), ("Generator[int, None, None]", .iterator),
        ("IO[str]", .file), ("typing.TextIO", .file), ("BinaryIO", .file), ("SupportsWrite[str]", .file),
        ("Optional[list[int]]", .list), ("list[int] | None", .list), ("None | str", .str), ("Union[str, None]", .str),
        ("Union[str, bytes]", .any), ("int | str", .any), ("'list[int]'", .list),
        ("Any", .any), ("object", .any), ("Widget", .any), ("typing.Any", .any),
    ])
    func annotation(text: String, kind: ArgumentKind) {
        #expect(AnnotationKind.kind(of: text) == kind)
    }

    @Test func theClassItselfIsSelf() {
        #expect(AnnotationKind.kind(of: "Table", selfType: "Table") == .self)
        #expect(AnnotationKind.kind(of: "'Table'", selfType: "Table") == .self)
        #expect(AnnotationKind.kind(of: "Optional[Table]", selfType: "Table") == .self)
        #expect(AnnotationKind.kind(of: "Self", selfType: "Table") == .self)
        #expect(AnnotationKind.kind(of: "Table") == .any)
    }

    // MARK: docstrings' first lines

    @Test func docstringSignatures() throws {
        let pair = try #require(DocstringSignature(line: "pair(dict, obj) -> tuple", name: "pair"))
        #expect(pair.parameters.map(\.name) == ["dict", "obj"])
        #expect(pair.parameters.map { $0.annotation.map { AnnotationKind.kind(of: $0) } } == [.dict, .any])

        let classic = try #require(DocstringSignature(line: "get(key[, default]) -> value", name: "get"))
        #expect(classic.parameters.map(\.name) == ["key"])
        #expect(classic.parameters[0].annotation == nil)

        let annotated = try #require(DocstringSignature(line: "f(items: list[int], n: int = 0, /, *, key=None)", name: "f"))
        #expect(annotated.parameters.map(\.name) == ["items"])
        #expect(annotated.parameters[0].annotation == "list")

        let method = try #require(DocstringSignature(line: "Table.put(key, value)", name: "put"))
        #expect(method.parameters.count == 2)
        #expect(DocstringSignature(line: "f()", name: "f")?.parameters == [])
        #expect(DocstringSignature(line: "f(a, *args, **kw)", name: "f")?.parameters.map(\.name) == ["a"])
    }

    @Test("lines that are no signature", arguments: [
        "Return the reference count a PyObject.",
        "g(a, b)",
        "f(a, b) returns their sum",
        "f(a b)",
    ])
    func notASignature(line: String) {
        #expect(DocstringSignature(line: line, name: "f") == nil)
    }

    // MARK: choosing a kind

    @Test func theMostSpecificAcceptedKindIsChosen() {
        let all = KindChoice.candidates
        #expect(KindChoice.choose(accepted: Set(all), tried: all) == .any)
        #expect(KindChoice.choose(accepted: [.list], tried: all) == .list)
        #expect(KindChoice.choose(accepted: [.dict, .ordereddict], tried: all) == .dict)
        #expect(KindChoice.choose(accepted: [.int, .float], tried: all) == .float)
        #expect(KindChoice.choose(accepted: [.mutator], tried: all) == .mutator)
        #expect(KindChoice.choose(accepted: [.self, .dict], tried: [.self] + all) == .self)
        // Kinds of two families: a list and an int, or text and containers.
        #expect(KindChoice.choose(accepted: [.tuple, .int, .str], tried: all) == .any)
        #expect(KindChoice.choose(accepted: [.str, .bytes, .bytearray], tried: all) == .str)
        #expect(KindChoice.choose(accepted: [], tried: all) == nil)
    }

    // MARK: what a target's line says

    @Test func linesAreReadyToPaste() throws {
        let chosen = InferredTarget(name: "m:f", spec: try TargetSpec(parsing: "m:f(list)"), note: "probed")
        #expect(chosen.line == "m:f(list)  probed")
        #expect(InferredTarget.skipped("m:g", "it crashed").line == "# m:g skipped: it crashed")
    }
}
