/// The printable string constants of a module's file, the dictionary a run uses by default (as AFL++'s
/// autodict): for a compiled module the runs of printable characters of its read-only data (`.rodata`
/// of an ELF file; the whole file otherwise), for a `.py` module its string and bytes literals.
///
///     let constants = ModuleConstants.of(file: "mymod.cpython-311-x86_64-linux-gnu.so", contents: bytes)
public enum ModuleConstants {
    /// The most constants kept (the first ones, in file order).
    public static let maxCount = 256
    /// The shortest printable run of a binary taken, and the longest constant kept.
    public static let minRun = 4
    public static let maxLength = 256
    /// The most of a file read (a larger extension module is read this far).
    public static let maxFileSize = 64 << 20

    public static func of(file name: String, contents: [UInt8]) -> [PythonLiteral] {
        if name.hasSuffix(".py") || name.hasSuffix(".pyw") {
            return fromSource(String(decoding: contents, as: UTF8.self))
        }
        return fromBinary(contents)
    }

    /// Runs of at least `minRun` printable ASCII characters, deduplicated, without symbol names.
    public static func fromBinary(_ bytes: [UInt8]) -> [PythonLiteral] {
        let data = ELFFile(bytes)?.section(".rodata").map { bytes[$0] } ?? bytes[...]
        var out: [PythonLiteral] = []
        var seen = Set<String>()
        var run: [UInt8] = []
        func flush() {
            defer { run.removeAll(keepingCapacity: true) }
            guard run.count >= minRun, run.count <= maxLength, out.count < maxCount else { return }
            let text = String(decoding: run, as: UTF8.self)
            guard !isSymbolName(text), seen.insert(text).inserted else { return }
            out.append(.str(text))
        }
        for byte in data {
            if (0x20...0x7E).contains(byte) || byte == 0x09 {
                run.append(byte)
            } else {
                flush()
                if out.count >= maxCount { break }
            }
        }
        flush()
        return out
    }

    /// What a printable run of a binary is when it is no constant of the module: a symbol or a section
    /// name, a toolchain or library tag, a file name of the build, a row of one character.
    static func isSymbolName(_ text: String) -> Bool {
        if text.hasPrefix("_") || text.hasPrefix(".") || text.hasPrefix("GCC:") || text.hasPrefix("GLIBC") { return true }
        if text.contains("@@") || text.contains(".so") { return true }
        for suffix in [".c", ".h", ".o", ".cpp", ".S"] where text.hasSuffix(suffix) { return true }
        let scalars = Array(text.unicodeScalars)
        if Set(scalars).count == 1 { return true }
        // C API names: Py and an upper-case letter or an underscore (PyLong_FromLong, PyInit_mod).
        if scalars.count > 2, scalars[0] == "P", scalars[1] == "y", scalars[2] == "_" || ("A"..."Z").contains(scalars[2]) {
            return scalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
        return false
    }

    /// The string and bytes literals of Python source (comments skipped), deduplicated, each short
    /// enough (docstrings are not constants a parser compares with).
    public static func fromSource(_ text: String) -> [PythonLiteral] {
        let s = Array(text.unicodeScalars)
        var out: [PythonLiteral] = []
        var seen = Set<PythonLiteral>()
        var i = 0
        while i < s.count, out.count < maxCount {
            let c = s[i]
            if c == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            // A literal starts at a quote, after a prefix that is not the end of a longer name.
            var start = i
            if LiteralParser.isIdentifierStart(c) {
                var j = i
                while j < s.count, LiteralParser.isIdentifierPart(s[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(s[i..<j]))
                guard j < s.count, s[j] == "'" || s[j] == "\"", LiteralParser.isStringPrefix(word) else {
                    i = j
                    continue
                }
                if word.lowercased().contains("f") { // an f-string is no constant
                    i = literalEnd(s, quoteAt: j)
                    continue
                }
                start = i
                i = j
            }
            guard s[i] == "'" || s[i] == "\"" else {
                i += 1
                continue
            }
            let end = literalEnd(s, quoteAt: i)
            defer { i = end }
            var parser = LiteralParser(String(String.UnicodeScalarView(s[start..<end])))
            guard let literal = try? parser.line() else { continue }
            let length: Int
            switch literal {
            case .str(let t): length = t.unicodeScalars.count
            case .bytes(let b): length = b.count
            default: continue
            }
            if length >= 1, length <= maxLength, seen.insert(literal).inserted { out.append(literal) }
        }
        return out
    }

    /// The index just past the string literal whose opening quote is at `q` (or the end of the text).
    static func literalEnd(_ s: [Unicode.Scalar], quoteAt q: Int) -> Int {
        let quote = s[q]
        let triple = q + 2 < s.count && s[q + 1] == quote && s[q + 2] == quote
        var i = q + (triple ? 3 : 1)
        while i < s.count {
            if s[i] == "\\" { i += 2; continue }
            if !triple && s[i] == "\n" { return i }
            if s[i] == quote && (!triple || (i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote)) {
                return i + (triple ? 3 : 1)
            }
            i += 1
        }
        return s.count
    }
}

/// Just enough of ELF (64- and 32-bit, little-endian) to find a section by name.
struct ELFFile {
    let bytes: [UInt8]
    let is64: Bool

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 52, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46, bytes[5] == 1 else { return nil }
        self.bytes = bytes
        is64 = bytes[4] == 2
    }

    private func read(_ offset: Int, _ size: Int) -> Int? {
        guard offset >= 0, offset + size <= bytes.count else { return nil }
        var v = 0
        for k in (0..<size).reversed() { v = v << 8 | Int(bytes[offset + k]) }
        return v
    }

    /// The byte range of the section called `name`.
    func section(_ name: String) -> Range<Int>? {
        let (shoff, shentsize, shnum, shstrndx) = is64
            ? (read(0x28, 8), read(0x3A, 2), read(0x3C, 2), read(0x3E, 2))
            : (read(0x20, 4), read(0x2E, 2), read(0x30, 2), read(0x32, 2))
        guard let shoff, let shentsize, let shnum, let shstrndx, shstrndx < shnum, shentsize > 0 else { return nil }
        func header(_ k: Int) -> (name: Int, offset: Int, size: Int)? {
            let base = shoff + k * shentsize
            let fields = is64 ? (read(base, 4), read(base + 0x18, 8), read(base + 0x20, 8))
                : (read(base, 4), read(base + 0x10, 4), read(base + 0x14, 4))
            guard let n = fields.0, let o = fields.1, let s = fields.2 else { return nil }
            return (n, o, s)
        }
        guard let names = header(shstrndx) else { return nil }
        let wanted = Array(name.utf8)
        for k in 0..<shnum {
            guard let h = header(k), h.offset >= 0, h.offset + h.size <= bytes.count else { continue }
            let start = names.offset + h.name
            guard start >= 0, start + wanted.count < bytes.count, Array(bytes[start..<start + wanted.count]) == wanted,
                  bytes[start + wanted.count] == 0 else { continue }
            return h.offset..<h.offset + h.size
        }
        return nil
    }
}
