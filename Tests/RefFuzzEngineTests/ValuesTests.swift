import Foundation
import RefFuzzCore
import Testing

/// Dictionaries: `fuzz --values FILE` and, by default, the string constants of the target's module.
@Suite("Values files and module constants") struct ValuesTests {
    /// A pure-Python module that keeps (leaks) its argument only when it is the secret (a str itself: a
    /// generated str subclass whose `__eq__` answers true would pass `s == secret` too).
    static func module(_ name: String, secret: String, in scratch: Scratch) throws -> String {
        let folder = scratch.path("modules")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = "KEEP = []\n\ndef check(s):\n    if type(s) is str and s == \(secret):\n        KEEP.append(s)\n"
        try source.write(toFile: "\(folder)/\(name).py", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aBadLineOfAValuesFileIsOneLineAndExitTwo() throws {
        let scratch = try Scratch()
        let path = scratch.path("values.txt")
        try "b'\\x93\\x01'\n# a comment\n'unterminated\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["fuzz", "refexamples:pop_and_print(list)", "--values", path, "--runs", "10"])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["reffuzz: \(path):3: unterminated string literal"], "\(result.stderr)")
        let missing = try CLI.run(["fuzz", "--values", scratch.path("no-such-file.txt"), "--runs", "10"])
        #expect(missing.status == 2 && missing.stderrLines.count == 1, "\(missing.stderr)")
    }

    @Test func aSecretOnlyTheModuleFileKnowsIsFoundThroughItsConstants() throws {
        let scratch = try Scratch()
        let modules = try Self.module("secretmod", secret: "'open-sesame-42'", in: scratch)
        let (result, report) = try CLI.fuzz(["secretmod:check(str)", "--module-path", modules, "--runs", "400", "--jobs", "1", "--seed", "3"],
                                            scratch: scratch)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(report.kinds["secretmod:check(str)"] == [.leak], "\(report.targets.map(\.findings))")
    }

    @Test func aSecretOnlyAValuesFileKnowsIsFoundWithItAndTheSameSeedFindsItAtTheSameCase() throws {
        let scratch = try Scratch()
        // The secret is no literal of the module: chr(0x71) * 3 + '!' is 'qqq!'.
        let modules = try Self.module("hiddenmod", secret: "chr(0x71) * 3 + '!'", in: scratch)
        let values = scratch.path("values.txt")
        try "'qqq!'\n".write(toFile: values, atomically: true, encoding: .utf8)
        let arguments = ["hiddenmod:check(str)", "--module-path", modules, "--runs", "400", "--jobs", "1", "--seed", "5"]
        let (without, plain) = try CLI.fuzz(arguments, scratch: try Scratch())
        #expect(without.status == 0, "\(plain.targets.map(\.findings))")
        var firsts: [Int?] = []
        for _ in 0..<2 {
            let (result, report) = try CLI.fuzz(arguments + ["--values", values], scratch: try Scratch())
            #expect(result.status == 1, "\(result.stderr)")
            let finding = report.finding("hiddenmod:check(str)", .leak)
            #expect(finding?.call?.contains("qqq!") == true, "\(String(describing: finding))")
            firsts.append(finding?.firstCase)
        }
        #expect(firsts[0] != nil && firsts[0] == firsts[1])
    }
}
