import Foundation
import RefFuzzCore
import Testing

/// The bug each stateful built-in example has (its `_safe` twin has none): refexamples' extension types
/// (Sources/RefFuzzExamples/types.c), part of `builtinBugs`. Table's bug crashes plain Python under
/// PYTHONMALLOC=debug; RefFuzz sees the pointer update(self) reads from the storage its puts freed.
let statefulBugs: [(String, FindingKind)] = [
    ("refexamples:Queue(){put(any),get(),visit(mutator),clear()}", .useAfterFree),
    ("refexamples:Table(){put(str,any),get(str),pop(str),update(self)}", .useAfterFree),
    ("refexamples:Bucket(){add(any),peek(),take()}", .overDecref),
    ("refexamples:Codec(int).encode(list)", .leak),
]

/// Each stateful example's bug shown in plain Python, without RefFuzz: the scripts in Fixtures/stateful run the bug's sequence of calls on the buggy type and on its twin, with
/// the embedded version's python3 under PYTHONMALLOC=debug, against the examples built as extension
/// modules (`Scripts/build-examples`).
@Suite("Stateful examples in plain Python") struct StatefulExamplesTests {
    /// The example modules, built once for the suite.
    static let modules: Swift.Result<(Scratch, String), any Error> = Swift.Result {
        let scratch = try Scratch()
        let folder = scratch.path("modules")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Scripts/build-examples").standardizedFileURL.path
        let build = try ReproTests.process(script, [folder])
        guard build.status == 0 else { throw BuildFailure(description: "Scripts/build-examples: \(build.output)") }
        return (scratch, folder)
    }

    struct BuildFailure: Error, CustomStringConvertible { var description: String }

    /// `Fixtures/stateful/SCRIPT MODULES TYPE [EXTRA...]` under the debug allocator.
    func run(_ script: String, _ type: String, _ extra: [String] = []) throws -> ReproTests.ScriptRun {
        let folder = try Self.modules.get().1
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/stateful/\(script)").path
        return try ReproTests.process(EmbeddedPython.interpreter, [path, folder, type] + extra,
                                      environment: ["PYTHONMALLOC": "debug"])
    }

    /// The twin ran the same sequence to the end.
    func expectFine(_ twin: ReproTests.ScriptRun, saying words: String) {
        #expect(!twin.crashed && twin.status == 0, "\(twin)")
        #expect(twin.output.contains(words) && twin.output.hasSuffix("ok\n"), "\(twin)")
    }

    @Test func queueVisitUsesTheItemItsCallbackTookWithGet() throws {
        let bug = try run("queue_visit.py", "Queue")
        #expect(bug.crashed && !bug.output.contains("visit:"), "\(bug)")
        expectFine(try run("queue_visit.py", "Queue_safe"), saying: "visit: ['Job(a)']\nleft: 1")
    }

    @Test func tableUpdatedWithItselfReadsTheStorageItsPutsFreed() throws {
        let bug = try run("table_update.py", "Table")
        #expect(bug.crashed && !bug.output.contains("items:"), "\(bug)")
        // Four entries: the re-puts just fill the storage, which is not replaced while update walks it.
        expectFine(try run("table_update.py", "Table", ["4"]), saying: "items: [('a', 'A'), ('b', 'B'), ('c', 'C'), ('d', 'D')]")
        expectFine(try run("table_update.py", "Table_safe"), saying: "('d', 'D'), ('e', 'E')]")
    }

    @Test func bucketPeekTakesAReferenceFromTheItemEachCall() throws {
        let bug = try run("bucket_peek.py", "Bucket")
        #expect(bug.output.contains("refcount drops across three peeks: [0, 1, 2, 3]"), "\(bug)")
        #expect(bug.crashed && !bug.output.contains("second peek:"), "the item only the bucket held died under it: \(bug)")
        expectFine(try run("bucket_peek.py", "Bucket_safe"), saying: "refcount drops across three peeks: [0, 0, 0, 0]\nsecond peek: Job(only)")
    }

    @Test func codecConstructorLeaksACodecPerRefusedCapacity() throws {
        let bug = try run("codec_new.py", "Codec")
        #expect(bug.output.contains("refused constructions: [100, 200, 300]"), "\(bug)")
        expectFine(try run("codec_new.py", "Codec_safe"), saying: "refused constructions: [0, 0, 0]")
        for run in [bug, try run("codec_new.py", "Codec_safe")] {
            #expect(run.output.contains("flushed: b'bytes\\nstr\\n12345\\n'\nlive codecs after a good one was dropped: 0"), "\(run)")
        }
    }

    @Test(arguments: zip(statefulBugs.map(\.0), statefulBugs.map(\.1)))
    func specParsesAndIsListedWithItsTwin(spec: String, kind: FindingKind) throws {
        for text in [spec, twin(of: spec)] {
            let parsed = try TargetSpec(parsing: text)
            #expect(parsed.isStateful && parsed.description == text)
        }
        let listing = try CLI.run(["targets", "refexamples"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix(spec + " ") && $0.contains("bug: \(kind.rawValue)") }, "\(listing.stdout)")
        #expect(lines.contains { $0.hasPrefix(twin(of: spec) + " ") && $0.contains("correct") }, "\(listing.stdout)")
    }
}
