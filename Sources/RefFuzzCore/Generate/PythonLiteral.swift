/// A Python literal: one line of a `fuzz --values FILE` dictionary, or a string constant of a module.
///
///     try PythonLiteral(parsing: #"b"\x93\x01""#)        // .bytes([0x93, 0x01])
///     try PythonLiteral(parsing: "0x_ff_ff")            // .int("65535")
///     try PythonLiteral(parsing: "(1.5, 'caf\\xe9', None)").text   // "(1.5, 'café', None)"
///
/// The parser is Python's grammar for these literals: str and bytes (prefixes b, r, u and their
/// combinations, both quotes, triple quotes, escapes, adjacent literals joined), ints (`_`, hex, octal,
/// binary, any size), floats (also `float('nan')` and `float('-inf')`), True, False, None, and tuples
/// and lists of those; a sign before a number. Dicts, sets, complex numbers and f-strings are refused.
public indirect enum PythonLiteral: Hashable, Sendable {
    /// Canonical decimal digits with a `-` for negatives (`"-12"`, `"0"`): ints of any size.
    case int(String)
    case float(Double)
    case str(String)
    case bytes([UInt8])
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
}

/// Why a line is not a literal.
public struct PythonLiteralError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A bad line of a values file: `FILE:LINE: why`, the one line the CLI prints (exit status 2).
public struct ValuesFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

extension PythonLiteral {
    public init(parsing text: String) throws(PythonLiteralError) {
        var parser = LiteralParser(text)
        self = try parser.line()
    }

    /// The literals of a values file, one a line; blank lines and lines starting with `#` are skipped.
    public static func lines(of text: String, file: String) throws(ValuesFileError) -> [PythonLiteral] {
        var literals: [PythonLiteral] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (n, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.allSatisfy({ $0.isWhitespace }) { continue }
            do throws(PythonLiteralError) {
                literals.append(try PythonLiteral(parsing: String(line)))
            } catch {
                throw ValuesFileError(file: file, line: n + 1, reason: error.reason)
            }
        }
        return literals
    }

    /// Python source for the literal (what `repr` prints; `float('nan')` for the non-finite floats).
    public var text: String {
        switch self {
        case .int(let digits): return digits
        case .float(let x):
            if x.isNaN { return "float('nan')" }
            if x.isInfinite { return x < 0 ? "float('-inf')" : "float('inf')" }
            return "\(x)"
        case .str(let s): return "'" + s.unicodeScalars.map { Self.escape($0, bytes: false) }.joined() + "'"
        case .bytes(let b): return "b'" + b.map { Self.escape(Unicode.Scalar($0), bytes: true) }.joined() + "'"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let items): return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }

    private static func escape(_ c: Unicode.Scalar, bytes: Bool) -> String {
        switch c {
        case "\\": return "\\\\"
        case "'": return "\\'"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            if c.value < 0x20 || (c.value >= 0x7F && (bytes || c.value < 0xA0)) {
                let hex = String(c.value, radix: 16)
                return "\\x" + (hex.count < 2 ? "0" : "") + hex
            }
            return String(c)
        }
    }
}

/// Two literals are equal when their Python text is: nan is nan, -0.0 is not 0.0, strings are equal
/// scalar by scalar.
extension PythonLiteral {
    public static func == (a: PythonLiteral, b: PythonLiteral) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }
}

/// A literal is stored (in `FuzzOptions`, sent to a spawned server) as its Python text.
extension PythonLiteral: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try PythonLiteral(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(text): \(error.reason)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// A recursive-descent parser over one line's Unicode scalars.
struct LiteralParser {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    private var current: Unicode.Scalar? { i < s.count ? s[i] : nil }
    private func peek(_ k: Int) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private func fail(_ reason: String) -> PythonLiteralError { PythonLiteralError(reason) }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { i += 1 }
        if current == "#" { i = s.count }
    }

    /// A whole line: one literal, or several separated by commas (a tuple, as `1, 2` is in Python).
    mutating func line() throws(PythonLiteralError) -> PythonLiteral {
        skipSpace()
        guard current != nil else { throw fail("expected a Python literal, found nothing") }
        let (items, tuple) = try sequence(until: nil)
        guard current == nil else { throw fail("unexpected '\(String(current!))' after the literal (one literal a line)") }
        return tuple ? .tuple(items) : items[0]
    }

    /// Comma-separated literals up to `close` (or the end of the line); `tuple` is true when a comma
    /// made it one.
    private mutating func sequence(until close: Unicode.Scalar?) throws(PythonLiteralError) -> ([PythonLiteral], tuple: Bool) {
        var items: [PythonLiteral] = []
        var comma = false
        while true {
            skipSpace()
            if current == close { break }
            items.append(try literal())
            skipSpace()
            if current == "," {
                comma = true
                i += 1
                continue
            }
            break
        }
        return (items, comma || items.isEmpty)
    }

    private mutating func literal() throws(PythonLiteralError) -> PythonLiteral {
        skipSpace()
        guard let c = current else { throw fail("expected a literal at the end of the line") }
        switch c {
        case "(":
            i += 1
            let (items, tuple) = try sequence(until: ")")
            guard current == ")" else { throw fail(current == nil ? "'(' was never closed" : "expected ',' or ')'") }
            i += 1
            return tuple ? .tuple(items) : items[0]
        case "[":
            i += 1
            let (items, _) = try sequence(until: "]")
            guard current == "]" else { throw fail(current == nil ? "'[' was never closed" : "expected ',' or ']'") }
            i += 1
            return .list(items)
        case "{": throw fail("dicts and sets are not supported (only str, bytes, int, float, True, False, None, tuples and lists)")
        case "-", "+":
            i += 1
            skipSpace()
            let operand = try literal()
            switch operand {
            case .int(let digits): return c == "+" ? operand : .int(digits == "0" ? "0" : digits.hasPrefix("-") ? String(digits.dropFirst()) : "-" + digits)
            case .float(let x): return .float(c == "+" ? x : -x)
            default: throw fail("a sign goes before a number only")
            }
        case "'", "\"": return try strings()
        default:
            if Self.isDigit(c) || (c == "." && peek(1).map(Self.isDigit) == true) { return try number() }
            if Self.isIdentifierStart(c) {
                var j = i
                while j < s.count, Self.isIdentifierPart(s[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(s[i..<j]))
                if j < s.count, s[j] == "'" || s[j] == "\"", Self.isStringPrefix(word) { return try strings() }
                i = j
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                case "float": return try floatCall()
                default: throw fail("'\(word)' is not a literal (names, calls and expressions are not values)")
                }
            }
            throw fail("unexpected '\(String(c))': expected a str, bytes, int, float, True, False, None, tuple or list")
        }
    }

    /// `float('nan')`, `float("-inf")`, `float('1.5')`.
    private mutating func floatCall() throws(PythonLiteralError) -> PythonLiteral {
        skipSpace()
        guard current == "(" else { throw fail("'float' is not a literal (float('nan') and float('inf') are)") }
        i += 1
        skipSpace()
        guard case .str(let text) = try strings() else { throw fail("float(...) takes a str here") }
        skipSpace()
        guard current == ")" else { throw fail("expected ')' after float('...')") }
        i += 1
        let t = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()).lowercased()
        switch t {
        case "nan", "+nan", "-nan": return .float(.nan)
        case "inf", "+inf", "infinity", "+infinity": return .float(.infinity)
        case "-inf", "-infinity": return .float(-.infinity)
        default:
            guard let x = Double(t.filter { $0 != "_" }), !t.contains("x") else { throw fail("could not convert string to float: '\(text)'") }
            return .float(x)
        }
    }

    // MARK: Numbers

    private mutating func number() throws(PythonLiteralError) -> PythonLiteral {
        let start = i
        if current == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            let radix = p == "x" || p == "X" ? 16 : p == "o" || p == "O" ? 8 : 2
            i += 2
            let digits = try digitRun(radix: radix, allowLeadingUnderscore: true)
            guard !digits.isEmpty else { throw fail("invalid \(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") literal") }
            try endOfNumber()
            return .int(Self.decimal(digits, radix: radix))
        }
        let whole = try digitRun(radix: 10, allowLeadingUnderscore: false)
        var isFloat = false
        var fraction: [Unicode.Scalar] = []
        var exponent = ""
        if current == "." {
            isFloat = true
            i += 1
            if let c = current, Self.isDigit(c) { fraction = try digitRun(radix: 10, allowLeadingUnderscore: false) }
        }
        if current == "e" || current == "E" {
            let mark = i
            i += 1
            var sign = ""
            if current == "+" || current == "-" { sign = String(current!); i += 1 }
            guard let c = current, Self.isDigit(c) else { i = mark; throw fail("invalid float literal (an exponent needs digits)") }
            isFloat = true
            exponent = "e" + sign + String(String.UnicodeScalarView(try digitRun(radix: 10, allowLeadingUnderscore: false)))
        }
        if current == "j" || current == "J" { throw fail("complex numbers are not supported") }
        try endOfNumber()
        if isFloat {
            func digits(_ d: [Unicode.Scalar]) -> String { d.isEmpty ? "0" : String(String.UnicodeScalarView(d)) }
            guard let x = Double(digits(whole) + "." + digits(fraction) + exponent) else { throw fail("invalid float literal '\(String(String.UnicodeScalarView(s[start..<i])))'") }
            return .float(x)
        }
        if whole.count > 1, whole.first == "0", whole.contains(where: { $0 != "0" }) {
            throw fail("leading zeros in a decimal int are not allowed (use an 0o prefix for octal)")
        }
        return .int(Self.decimal(whole, radix: 10))
    }

    /// Digits of `radix`, with single underscores between them (dropped).
    private mutating func digitRun(radix: Int, allowLeadingUnderscore: Bool) throws(PythonLiteralError) -> [Unicode.Scalar] {
        var digits: [Unicode.Scalar] = []
        var underscore = false
        if allowLeadingUnderscore, current == "_" { i += 1; underscore = true }
        while let c = current {
            if c == "_" {
                if underscore || (digits.isEmpty && !allowLeadingUnderscore) { throw fail("invalid '_' in a number (one between digits)") }
                underscore = true
                i += 1
                continue
            }
            guard let v = Self.digitValue(c), v < radix else { break }
            digits.append(c)
            underscore = false
            i += 1
        }
        if underscore { throw fail("invalid '_' at the end of a number") }
        return digits
    }

    private func endOfNumber() throws(PythonLiteralError) {
        if let c = current, Self.isIdentifierPart(c) { throw fail("invalid number literal: '\(String(c))' right after the digits") }
    }

    /// Canonical decimal digits of a digit string in `radix` (any length).
    static func decimal(_ digits: [Unicode.Scalar], radix: Int) -> String {
        // Little-endian limbs of 10^9.
        var limbs: [UInt64] = [0]
        for d in digits {
            var carry = UInt64(digitValue(d)!)
            for k in limbs.indices {
                let v = limbs[k] * UInt64(radix) + carry
                limbs[k] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
        }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    // MARK: Strings

    /// One string literal or several adjacent ones, joined (all str or all bytes).
    private mutating func strings() throws(PythonLiteralError) -> PythonLiteral {
        var joined: PythonLiteral?
        while true {
            skipSpace()
            let mark = i
            var prefix = ""
            while let c = current, c.isASCII, c.properties.isAlphabetic { prefix.append(Character(c)); i += 1 }
            guard current == "'" || current == "\"", Self.isStringPrefix(prefix) else { i = mark; break }
            let lower = prefix.lowercased()
            if lower.contains("f") { throw fail("f-strings are not literals") }
            let next = try string(raw: lower.contains("r"), bytes: lower.contains("b"))
            switch (joined, next) {
            case (nil, _): joined = next
            case (.str(let a)?, .str(let b)): joined = .str(a + b)
            case (.bytes(let a)?, .bytes(let b)): joined = .bytes(a + b)
            default: throw fail("cannot mix bytes and str literals")
            }
        }
        guard let joined else { throw fail("expected a string literal") }
        return joined
    }

    private mutating func string(raw: Bool, bytes: Bool) throws(PythonLiteralError) -> PythonLiteral {
        let quote = current!
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        var scalars: [Unicode.Scalar] = []
        var bytesOut: [UInt8] = []
        func emit(_ c: Unicode.Scalar) throws(PythonLiteralError) {
            if bytes {
                guard c.value < 0x80 else { throw fail("bytes can only contain ASCII literal characters (use \\x escapes)") }
                bytesOut.append(UInt8(c.value))
            } else {
                scalars.append(c)
            }
        }
        while true {
            guard let c = current else { throw fail("unterminated string literal") }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                i += triple ? 3 : 1
                break
            }
            if c == "\n" && !triple { throw fail("unterminated string literal") }
            if c != "\\" {
                try emit(c)
                i += 1
                continue
            }
            guard let e = peek(1) else { throw fail("unterminated string literal (a backslash ends the line)") }
            if raw {
                try emit("\\")
                try emit(e)
                i += 2
                continue
            }
            i += 2
            switch e {
            case "\n": break
            case "\\", "'", "\"": try emit(e)
            case "a": try emit("\u{07}")
            case "b": try emit("\u{08}")
            case "f": try emit("\u{0C}")
            case "n": try emit("\n")
            case "r": try emit("\r")
            case "t": try emit("\t")
            case "v": try emit("\u{0B}")
            case "0"..."7":
                var v = Int(e.value - 48)
                for _ in 0..<2 {
                    guard let d = current, ("0"..."7").contains(d) else { break }
                    v = v * 8 + Int(d.value - 48)
                    i += 1
                }
                if bytes {
                    guard v <= 0xFF else { throw fail("octal escape out of range for bytes (\\\(String(v, radix: 8)))") }
                    bytesOut.append(UInt8(v))
                } else {
                    scalars.append(Unicode.Scalar(UInt32(v))!)
                }
            case "x":
                let v = try hexEscape(2, "\\xXX")
                if bytes { bytesOut.append(UInt8(v)) } else { scalars.append(Unicode.Scalar(v)!) }
            case "u" where !bytes, "U" where !bytes:
                let v = try hexEscape(e == "u" ? 4 : 8, e == "u" ? "\\uXXXX" : "\\UXXXXXXXX")
                guard let scalar = Unicode.Scalar(v) else {
                    throw fail(v > 0x10FFFF ? "illegal Unicode character \\U\(String(v, radix: 16))" : "lone surrogates (\\u\(String(v, radix: 16))) are not supported")
                }
                scalars.append(scalar)
            case "N" where !bytes: throw fail("\\N{...} escapes are not supported (write the character or a \\u escape)")
            default:
                // Python keeps an unknown escape as it is.
                try emit("\\")
                try emit(e)
            }
        }
        return bytes ? .bytes(bytesOut) : .str(String(String.UnicodeScalarView(scalars)))
    }

    private mutating func hexEscape(_ count: Int, _ form: String) throws(PythonLiteralError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard let c = current, let d = Self.digitValue(c), d < 16 else { throw fail("truncated \(form) escape") }
            v = v * 16 + UInt32(d)
            i += 1
        }
        return v
    }

    // MARK: Characters

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    static func digitValue(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "0"..."9": Int(c.value - 48)
        case "a"..."f": Int(c.value - 87)
        case "A"..."F": Int(c.value - 55)
        default: nil
        }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isXIDStart }
    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isXIDContinue }

    static func isStringPrefix(_ p: String) -> Bool {
        ["", "r", "u", "b", "br", "rb", "f", "fr", "rf"].contains(p.lowercased())
    }
}
