import Testing
@testable import RefFuzzCore

@Suite("Dictionaries in generation")
struct DictionaryGenerationTests {
    static let literals: [PythonLiteral] = [
        .bytes([0x93, 0x01]), .str(#"{"a": 123456789012345678901234567890}"#), .int("123456789012345678901234567890"),
        .int("443"), .float(2.5), .tuple([.int("1"), .str("xy")]),
    ]

    func configuration(_ literals: [PythonLiteral] = literals) -> Generator.Configuration {
        Generator.Configuration(dictionary: ValueDictionary(literals))
    }

    @Test func literalsBecomeValuesOfTheirClasses() {
        #expect(PythonLiteral.int("7").value(reach: .reachI) == .smallInt(7))
        #expect(PythonLiteral.int("-5").value(reach: .reachI) == .smallInt(-5))
        #expect(PythonLiteral.int("443").value(reach: .reachI) == .bigInt(443_443_443), "kept out of every small-int cache")
        #expect(PythonLiteral.int("-1000000").value(reach: .reachI) == .bigInt(-1_000_000))
        #expect(PythonLiteral.int("2147483648").value(reach: .reachI) == .bigInt(2_147_483_648))
        #expect(PythonLiteral.int("18446744073709551616").value(reach: .reachI) == .hugeInt("18446744073709551616"))
        #expect(PythonLiteral.int("18446744073709551616").value(reach: .classic) == nil)
        #expect(PythonLiteral.str("").value(reach: .classic) == .internedString(""))
        #expect(PythonLiteral.str("\u{e9}").value(reach: .classic) == .internedString("\u{e9}"))
        #expect(PythonLiteral.str("ab").value(reach: .classic) == .freshString("ab"))
        #expect(PythonLiteral.tuple([.int("1"), .none]).value(reach: .classic) == .tuple([.smallInt(1), .singleton(.none)]))
        #expect(PythonLiteral.list([.float(1.5)]).value(reach: .classic) == nil)
        #expect(PythonLiteral.list([.float(1.5)]).value(reach: .reachI) == .list([.float(1.5)]))
    }

    @Test func entriesAreUsedAsTheyAreAndMutated() throws {
        let all = try cases("m:f(str,bytes,int,float,list)", seed: 50, count: 3_000, configuration: configuration())
        let strings = all.compactMap { c -> String? in if case .freshString(let s) = c.arguments[0].value { s } else { nil } }
        let bytes = all.compactMap { c -> [UInt8]? in if case .bytes(let b) = c.arguments[1].value { b } else { nil } }
        let json = #"{"a": 123456789012345678901234567890}"#
        #expect(strings.contains(json))
        #expect(strings.contains { $0 != json && $0.contains(#"{"a": "#) }, "mutated")
        #expect(strings.contains { $0.contains("\u{93}") == false && $0.contains("1234567890") && $0 != json })
        #expect(bytes.contains([0x93, 0x01]) && bytes.contains(Array(json.utf8)))
        #expect(bytes.contains { $0 != [0x93, 0x01] && $0.contains(0x93) }, "mutated")
        let ints = all.map(\.arguments[2].value)
        #expect(ints.contains(.hugeInt("123456789012345678901234567890")))
        #expect(ints.contains(.bigInt(443_443_443)))
        #expect(ints.contains { if case .hugeInt(let d) = $0 { d.hasPrefix("123456789012345678901234567890") && d.count > 30 } else { false } }, "digit runs")
        #expect(all.contains { $0.arguments[3].value == .float(2.5) })
        #expect(all.contains { c in c.arguments[4].value.children.contains(.tuple([.smallInt(1), .freshString("xy")])) })
        // Still mostly the generator's own values.
        #expect(share(strings) { $0.count <= 4 } > 0.4)
        for c in all { #expect(c.validationProblem == nil) }
    }

    @Test func sameSeedAndDictionarySameCasesAnotherDictionaryOtherCases() throws {
        let a = try cases("m:f(str,bytes,int,list)", seed: 51, count: 300, configuration: configuration())
        let b = try cases("m:f(str,bytes,int,list)", seed: 51, count: 300, configuration: configuration())
        #expect(a == b)
        let other = try cases("m:f(str,bytes,int,list)", seed: 51, count: 300, configuration: configuration([.str("zzzz")]))
        #expect(zip(a, other).filter { $0 != $1 }.count > 30)
        let none = try cases("m:f(str,bytes,int,list)", seed: 51, count: 300)
        #expect(!none.flatMap(\.everyValue).contains(.bytes([0x93, 0x01])))
    }

    @Test func theClassicReachUsesOnlyWhatItCanBuild() throws {
        var c = configuration()
        c.reach = .classic
        for theCase in try cases("m:f(int,any,list)", seed: 52, count: 2_000, configuration: c) {
            for value in theCase.everyValue {
                #expect(![.hugeInt, .float, .bytes].contains(value.dataClass), "\(value)")
            }
        }
    }

    @Test func dictionariesKeepTheFirstOfEachEntryInOrder() {
        let d = ValueDictionary([.str("b"), .str("a"), .str("b"), .int("3")])
        #expect(d.literals == [.str("b"), .str("a"), .int("3")])
        #expect(d.strings.map { String(String.UnicodeScalarView($0)) } == ["b", "a", "3"])
        #expect(ValueDictionary((0..<5_000).map { .int(String($0)) }).literals.count == ValueDictionary.maxEntries)
    }
}
