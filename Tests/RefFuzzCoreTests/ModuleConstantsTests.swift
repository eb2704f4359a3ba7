import Testing
@testable import RefFuzzCore

@Suite("Module constants (autodict)")
struct ModuleConstantsTests {
    @Test func aPythonModuleGivesItsStringLiterals() {
        let source = #"""
        """The module's docstring is a literal too, when short."""
        import json
        KEYS = ["id", 'name', b'\x00\x01', rb"\d"]  # a "comment" is not
        msg = f"{x} is not"  # nor an f-string
        TEMPLATE = '''<a href="%s">'''
        def f(s):
            return s.startswith("--") or s == 'id'
        LONG = "\#(String(repeating: "x", count: 300))"
        """#
        let constants = ModuleConstants.of(file: "mod.py", contents: Array(source.utf8))
        #expect(constants == [.str("The module's docstring is a literal too, when short."), .str("id"), .str("name"),
                              .bytes([0, 1]), .bytes(Array(#"\d"#.utf8)), .str(#"<a href="%s">"#), .str("--")])
    }

    @Test func aCompiledModuleGivesThePrintableRunsOfItsReadOnlyData() {
        let rodata = Array("expected a list\0%s: bad value\0abc\0PyLong_FromLong\0JSONDecodeError\0expected a list\0".utf8)
        let text = Array("AWAVAUATUSH\0not a constant\0".utf8)
        let elf = Self.elf(sections: [(".text", text), (".rodata", rodata)])
        #expect(ModuleConstants.of(file: "m.cpython-311-x86_64-linux-gnu.so", contents: elf)
                == [.str("expected a list"), .str("%s: bad value"), .str("JSONDecodeError")])
        // Not ELF: the whole file, symbol-like runs left out.
        let raw = Array("\u{1}\u{2}hello world\u{0}_Py_Dealloc\u{0}GLIBC_2.2.5\u{0}zzzzzz\u{0}module.c\u{0}PyInit_mod\u{0}ok\u{0}".utf8)
        #expect(ModuleConstants.fromBinary(raw) == [.str("hello world")])
    }

    @Test func theCountIsCapped() {
        let many = (0..<1_000).map { "constant number \($0)\0" }.joined()
        #expect(ModuleConstants.fromBinary(Array(many.utf8)).count == ModuleConstants.maxCount)
    }

    /// A minimal little-endian ELF64 file with the given sections (and a section-name table).
    static func elf(sections: [(String, [UInt8])]) -> [UInt8] {
        var names: [UInt8] = [0]
        var nameOffsets: [Int] = []
        for (name, _) in sections + [(".shstrtab", [])] {
            nameOffsets.append(names.count)
            names += Array(name.utf8) + [0]
        }
        var body: [UInt8] = []
        var offsets: [Int] = []
        for (_, bytes) in sections {
            offsets.append(64 + body.count)
            body += bytes
        }
        offsets.append(64 + body.count)
        body += names
        let shoff = 64 + body.count
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        var header = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        header += le(3, 2) + le(0x3E, 2) + le(1, 4) + le(0, 8) + le(0, 8) + le(shoff, 8) + le(0, 4)
        header += le(64, 2) + le(0, 2) + le(0, 2) + le(64, 2) + le(sections.count + 2, 2) + le(sections.count + 1, 2)
        var table = [UInt8](repeating: 0, count: 64) // the null section
        let sizes = sections.map(\.1.count) + [names.count]
        for k in 0..<sizes.count {
            table += le(nameOffsets[k], 4) + le(1, 4) + le(0, 8) + le(0, 8) + le(offsets[k], 8) + le(sizes[k], 8)
            table += le(0, 4) + le(0, 4) + le(1, 8) + le(0, 8)
        }
        return header + body + table
    }
}
