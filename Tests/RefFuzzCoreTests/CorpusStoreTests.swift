import Foundation
import Testing
@testable import RefFuzzCore

@Suite("Corpus store")
struct CorpusStoreTests {
    static func file(_ spec: String = "jsonlib:dumps(list, default=mutator)", index: Int = 3, kind: FindingKind? = .useAfterFree,
                     message: String = "arg0[0] died") throws -> CaseFile {
        CaseFile(case: Generator(spec: try parse(spec)).generate(seed: 77, index: index),
                 finding: kind.map { Finding(kind: $0, message: message, maskedBy: [.smallIntCache]) })
    }

    static func isHashName(_ name: String) -> Bool {
        name.hasSuffix(".json") && name.count == 21 && name.dropLast(5).allSatisfy { "0123456789abcdef".contains($0) }
    }

    @Test func storesUnderTheModuleWithAHashName() throws {
        try withTemporaryDirectory { dir in
            let file = try Self.file()
            let path = try CorpusStore(directory: dir).store(file)
            let name = (path as NSString).lastPathComponent
            #expect((path as NSString).deletingLastPathComponent == dir + "/jsonlib")
            #expect(Self.isHashName(name), "\(name)")
            #expect(name == (try CorpusStore.name(for: file)))
            #expect(try CaseFile.load(path) == file)
            #expect(everything(under: dir) == ["jsonlib", "jsonlib/\(name)"], "no temporary file remains")
        }
    }

    @Test func theSameCaseIsStoredOnce() throws {
        try withTemporaryDirectory { dir in
            let store = CorpusStore(directory: dir)
            let file = try Self.file()
            let first = try store.store(file)
            let again = try store.store(file)
            // Another message, masking and provenance: still the same (target, kind, case).
            var sameProgram = try Self.file(message: "told differently")
            sameProgram.finding?.maskedBy = []
            sameProgram.theCase.seed = 1
            sameProgram.theCase.index = 99
            let third = try store.store(sameProgram)
            #expect(first == again && again == third)
            #expect(everything(under: dir + "/jsonlib").count == 1)
            #expect(try CaseFile.load(first) == file, "the stored file is not overwritten")
        }
    }

    @Test func anotherKindOrCaseIsAnotherFile() throws {
        try withTemporaryDirectory { dir in
            let store = CorpusStore(directory: dir)
            let paths = [
                try store.store(try Self.file(kind: .useAfterFree)),
                try store.store(try Self.file(kind: .overDecref)),
                try store.store(try Self.file(kind: nil)),
                try store.store(try Self.file(index: 4)),
            ]
            #expect(Set(paths).count == 4)
            #expect(everything(under: dir + "/jsonlib").count == 4)
            for path in paths { #expect(Self.isHashName((path as NSString).lastPathComponent)) }
            let other = try store.store(try Self.file("other.mod:f(list,mutator)"))
            #expect((other as NSString).deletingLastPathComponent == dir + "/other.mod")
        }
    }

    @Test func namesAreStable() throws {
        let file = try Self.file()
        #expect(try CorpusStore.name(for: file) == CorpusStore.name(for: Self.file()))
        #expect(try CorpusStore.name(for: file) != CorpusStore.name(for: Self.file(kind: .leak)))
    }

    @Test func writeAtomicallyReplacesTheFileAndLeavesNoTemporary() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/x.json"
            try CorpusStore.writeAtomically(Data("one".utf8), to: path)
            try CorpusStore.writeAtomically(Data("two".utf8), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data("two".utf8))
            #expect(everything(under: dir) == ["x.json"])
            #expect(throws: (any Error).self) { try CorpusStore.writeAtomically(Data("x".utf8), to: dir + "/absent/x.json") }
            #expect(everything(under: dir) == ["x.json"])
        }
    }

    @Test func caseFilesListsJSONFilesRecursivelySkippingDotFiles() throws {
        try withTemporaryDirectory { dir in
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir + "/b/c", withIntermediateDirectories: true)
            for name in ["b/z.json", "b/c/a.json", "a.json", ".hidden.json", "b/.a.json.123.tmp", "b/.x.json", "b/notes.txt"] {
                #expect(fm.createFile(atPath: dir + "/" + name, contents: Data("{}".utf8)))
            }
            #expect(CorpusStore.caseFiles(at: dir) == [dir + "/a.json", dir + "/b/c/a.json", dir + "/b/z.json"])
            #expect(CorpusStore.caseFiles(at: dir + "/b/z.json") == [dir + "/b/z.json"])
            #expect(CorpusStore.caseFiles(at: dir + "/absent").isEmpty)
        }
    }

    @Test func storedFilesAreFoundAgain() throws {
        try withTemporaryDirectory { dir in
            let store = CorpusStore(directory: dir)
            let stored = try (0..<5).map { try store.store(try Self.file(index: $0)) }
            #expect(CorpusStore.caseFiles(at: dir) == stored.sorted())
            for path in CorpusStore.caseFiles(at: dir) { #expect(throws: Never.self) { try CaseFile.load(path) } }
        }
    }
}
