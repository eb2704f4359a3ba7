import Foundation
import Testing
@testable import RefFuzzCore

@Suite("Python literals of values files")
struct PythonLiteralTests {
    @Test("good lines", arguments: [
        (#"b"\x93\x01""#, PythonLiteral.bytes([0x93, 0x01])),
        (#"'{"a": 123456789012345678901234567890}'"#, .str(#"{"a": 123456789012345678901234567890}"#)),
        ("\"caf\\xe9 \\u20ac \\U0001F600 \\q\"", .str("caf\u{e9} \u{20ac} \u{1f600} \\q")),
        (#"r'\d+\n'"#, .str(#"\d+\n"#)),
        (#"Rb'\x00'"#, .bytes(Array(#"\x00"#.utf8))),
        (#"b'\0\177\\\''"#, .bytes([0, 0x7F, 0x5C, 0x27])),
        (#"'''it's'''"#, .str("it's")),
        (#"'a' "b"  # joined"#, .str("ab")),
        ("u'\\t\\a\\v'", .str("\t\u{07}\u{0B}")),
        ("42", .int("42")),
        ("-1_000_000", .int("-1000000")),
        ("0x_FF", .int("255")),
        ("0o777", .int("511")),
        ("0b1010", .int("10")),
        ("0xffffffffffffffffffffffff", .int("79228162514264337593543950335")),
        ("000", .int("0")),
        ("- 0", .int("0")),
        ("1.5", .float(1.5)),
        (".5e-3", .float(0.0005)),
        ("5.", .float(5)),
        ("1_0.2_5", .float(10.25)),
        ("1e999", .float(.infinity)),
        ("-1E5", .float(-100_000)),
        ("float('-inf')", .float(-.infinity)),
        ("True", .bool(true)),
        ("None", .none),
        ("()", .tuple([])),
        ("(1,)", .tuple([.int("1")])),
        ("(1)", .int("1")),
        ("1, 'a'", .tuple([.int("1"), .str("a")])),
        ("[1, [b'x', None], (2.5, False),]", .list([.int("1"), .list([.bytes([0x78]), .none]), .tuple([.float(2.5), .bool(false)])])),
    ])
    func goodLine(line: String, expected: PythonLiteral) throws {
        #expect(try PythonLiteral(parsing: line) == expected)
    }

    @Test func nanIsAFloat() throws {
        guard case .float(let x) = try PythonLiteral(parsing: "float('nan')") else { Issue.record("not a float"); return }
        #expect(x.isNaN)
    }

    @Test("bad lines", arguments: [
        ("'abc", "unterminated string literal"),
        ("b'caf\u{e9}'", "bytes can only contain ASCII literal characters (use \\x escapes)"),
        (#"'\x4'"#, "truncated \\xXX escape"),
        (#"'\ud800'"#, "lone surrogates (\\ud800) are not supported"),
        (#"'\N'"#, "\\N{...} escapes are not supported (write the character or a \\u escape)"),
        (#"'\N{BULLET}'"#, "\\N{...} escapes are not supported (write the character or a \\u escape)"),
        ("f'{x}'", "f-strings are not literals"),
        ("b'a' 'b'", "cannot mix bytes and str literals"),
        ("0123", "leading zeros in a decimal int are not allowed (use an 0o prefix for octal)"),
        ("1__0", "invalid '_' in a number (one between digits)"),
        ("1_", "invalid '_' at the end of a number"),
        ("0x", "invalid hexadecimal literal"),
        ("0b12", "invalid number literal: '2' right after the digits"),
        ("1j", "complex numbers are not supported"),
        ("{'a': 1}", "dicts and sets are not supported (only str, bytes, int, float, True, False, None, tuples and lists)"),
        ("foo", "'foo' is not a literal (names, calls and expressions are not values)"),
        ("-'a'", "a sign goes before a number only"),
        ("[1, 2", "'[' was never closed"),
        ("1 2", "unexpected '2' after the literal (one literal a line)"),
        ("float('x')", "could not convert string to float: 'x'"),
        ("   # only a comment", "expected a Python literal, found nothing"),
    ])
    func badLine(line: String, reason: String) {
        #expect(throws: PythonLiteralError(reason)) { try PythonLiteral(parsing: line) }
    }

    @Test func aValuesFileSkipsBlankAndCommentLinesAndNamesTheBadLine() throws {
        let text = "# a dictionary\nb\"\\x93\\x01\"\n\n   \n42\r\n'ok'\n"
        #expect(try PythonLiteral.lines(of: text, file: "v.txt") == [.bytes([0x93, 0x01]), .int("42"), .str("ok")])
        let bad = "1\n2\n'three\n"
        #expect(throws: ValuesFileError(file: "dir/v.txt", line: 3, reason: "unterminated string literal")) {
            try PythonLiteral.lines(of: bad, file: "dir/v.txt")
        }
        #expect(ValuesFileError(file: "dir/v.txt", line: 3, reason: "unterminated string literal").description
                == "dir/v.txt:3: unterminated string literal")
    }

    @Test func theTextOfALiteralParsesBackToIt() throws {
        let literals: [PythonLiteral] = [
            .str("it's \\ \"q\" \n\t\u{0}\u{7f}\u{e9}\u{1f600}"), .bytes(Array(0...255)), .int("-79228162514264337593543950335"),
            .float(1e16), .float(-0.0), .float(5e-324), .float(.infinity), .float(-.infinity), .bool(false), .none,
            .tuple([.int("1")]), .tuple([]), .list([.tuple([.str("")]), .list([])]),
        ]
        for literal in literals {
            #expect(try PythonLiteral(parsing: literal.text) == literal, "\(literal.text)")
        }
        // Stored (Codable) as that text.
        let data = try JSONEncoder().encode(literals + [.float(.nan)])
        let decoded = try JSONDecoder().decode([PythonLiteral].self, from: data)
        #expect(Array(decoded.prefix(literals.count)) == literals)
        guard case .float(let x) = decoded.last else { Issue.record("nan lost"); return }
        #expect(x.isNaN)
    }
}
