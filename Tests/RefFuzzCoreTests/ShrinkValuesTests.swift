import Testing
@testable import RefFuzzCore

/// Shrinking toward the simplest value that still fails, on synthetic predicates (the oracle a real run
/// asks the executor and the judge).
@Suite("Shrinker: values, behaviours and aliases")
struct ShrinkValuesTests {
    func shrink(_ c: Case, budget: Int = 2_000, _ fails: (Case) -> Bool) throws -> Case {
        #expect(c.validationProblem == nil, "\(c.validationProblem ?? "")")
        #expect(fails(c), "the start must fail")
        let shrunk = Shrinker(budget: budget).shrink(c, reproduces: fails).shrunk
        #expect(fails(shrunk))
        #expect(shrunk.validationProblem == nil, "\(shrunk.validationProblem ?? "")")
        return shrunk
    }

    func one(_ spec: String, _ value: Value) throws -> Case {
        Case(target: try parse(spec), arguments: [CallArgument(value: value)])
    }

    static func intValue(_ v: Value) -> Double? {
        switch v {
        case .smallInt(let n), .bigInt(let n): Double(n)
        case .hugeInt(let d): Double(d)
        default: nil
        }
    }

    @Test("an int that fails when negative shrinks to -1", arguments: [Value.bigInt(-1_000_123), .bigInt(Int.min), .hugeInt("-123456789012345678901234567890"), .smallInt(-4)])
    func negativeInt(start: Value) throws {
        let shrunk = try shrink(try one("m:f(int)", start)) { c in (Self.intValue(c.arguments[0].value) ?? 0) < 0 }
        #expect(shrunk.arguments[0].value == .smallInt(-1))
    }

    @Test func anIntThatFailsPastTheInt32RangeShrinksTo2Pow31() throws {
        let shrunk = try shrink(try one("m:f(int)", .hugeInt("1" + String(repeating: "0", count: 40)))) { c in
            (Self.intValue(c.arguments[0].value) ?? 0) >= 2_147_483_648
        }
        #expect(shrunk.arguments[0].value == .bigInt(2_147_483_648))
    }

    @Test func anIntThatFailsPast64BitsShrinksTo2Pow63() throws {
        let digits = String(repeating: "7", count: 300)
        let shrunk = try shrink(try one("m:f(int)", .hugeInt(digits))) { c in
            if case .hugeInt = c.arguments[0].value { true } else { false }
        }
        #expect(shrunk.arguments[0].value == .hugeInt("9223372036854775808"))
    }

    @Test func aBigIntInsideAListShrinksToTheSimplestBigInt() throws {
        let start = try one("m:f(list)", .list([.smallInt(3), .bigInt(1_234_567_891), .freshString("xyz")]))
        let shrunk = try shrink(start) { c in c.arguments[0].value.children.contains { $0.dataClass == .bigInt } }
        #expect(shrunk.arguments[0].value == .list([.bigInt(1_000_000)]))
    }

    @Test("floats shrink toward 0.0 (-0.0 when the sign is needed)", arguments: [1234.5678, -1e300, Double.nan, -Double.infinity, 5e-324])
    func floats(x: Double) throws {
        let any = try shrink(try one("m:f(float)", .float(x))) { c in if case .float = c.arguments[0].value { true } else { false } }
        #expect(any.arguments[0].value == .float(0.0))
        guard x.sign == .minus else { return }
        let signed = try shrink(try one("m:f(float)", .float(x))) { c in
            if case .float(let y) = c.arguments[0].value { y.sign == .minus } else { false }
        }
        guard case .float(let y) = signed.arguments[0].value else { return }
        #expect(y == 0 && y.sign == .minus)
    }

    @Test("a str that fails when non-ASCII shrinks to one non-ASCII character", arguments: [
        "hello w\u{f6}rld \u{1f600} \u{436}", "\u{1f600}\u{1f40d}\u{10ffff}", String(repeating: "\u{4e2d}", count: 300) + "abc",
    ])
    func nonASCIIString(text: String) throws {
        let shrunk = try shrink(try one("m:f(str)", .freshString(text))) { c in
            switch c.arguments[0].value {
            case .internedString(let s), .freshString(let s): s.unicodeScalars.contains { !$0.isASCII }
            default: false
            }
        }
        #expect(shrunk.arguments[0].value == .internedString("\u{e9}"), "one Latin-1 character, the simplest non-ASCII one")
    }

    @Test func aStrThatFailsWhenBMPStaysBMPButShort() throws {
        let shrunk = try shrink(try one("m:f(str)", .freshString("ab\u{1f600}\u{4e2d}\u{4e2d}cd"))) { c in
            if case .freshString(let s) = c.arguments[0].value { s.unicodeScalars.contains { $0.value > 0xFF } } else { false }
        }
        #expect(shrunk.arguments[0].value == .freshString("\u{100}"))
    }

    @Test func aLongStrShrinksToTheShortestThatStillFails() throws {
        let shrunk = try shrink(try one("m:f(str)", .freshString(String(repeating: "ab", count: 2_500)))) { c in
            if case .freshString(let s) = c.arguments[0].value { s.count > 100 } else { false }
        }
        guard case .freshString(let s) = shrunk.arguments[0].value else { Issue.record("not a str"); return }
        #expect(s.count == 101)
    }

    @Test func bytesThatFailWithANULShrinkToOneNUL() throws {
        let shrunk = try shrink(try one("m:f(bytes)", .bytes(Array("abc\0def".utf8) + [0x93, 0xFF] + Array(repeating: 7, count: 100)))) { c in
            if case .bytes(let b) = c.arguments[0].value { b.contains(0) } else { false }
        }
        #expect(shrunk.arguments[0].value == .bytes([0]))
    }

    @Test func bytesThatFailPastEightShrinkToNinePrintableBytes() throws {
        var rng = SplitMix64(seed: 9)
        let start = (0..<4_096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let shrunk = try shrink(try one("m:f(bytes)", .bytes(start))) { c in
            if case .bytes(let b) = c.arguments[0].value { b.count > 8 } else { false }
        }
        guard case .bytes(let b) = shrunk.arguments[0].value else { Issue.record("not bytes"); return }
        #expect(b.count == 9 && b.allSatisfy { (0x20...0x7E).contains($0) }, "\(b)")
    }

    @Test func aLongListShrinksToTheFastPathEdgeItNeeds() throws {
        let items = (0..<300).map { Value.bigInt(1_000_000 + $0) }
        let shrunk = try shrink(try one("m:f(list)", .list(items))) { c in c.arguments[0].value.children.count >= 9 }
        #expect(shrunk.arguments[0].value == .list(Array(repeating: .singleton(.none), count: 9)))
    }

    @Test func aBoundedDequeBecomesUnboundedAndABufferShorter() throws {
        let start = Case(target: try parse("m:f(deque,bytearray)"),
                         arguments: [CallArgument(value: .deque([.bigInt(1_000_001), .canary(0)], maxlen: 2)),
                                     CallArgument(value: .bytearray(Array(0..<40)))])
        let shrunk = try shrink(start) { c in
            guard case .deque(let items, _) = c.arguments[0].value, case .bytearray(let b) = c.arguments[1].value else { return false }
            return !items.isEmpty && b.count >= 2
        }
        #expect(shrunk.arguments[0].value == .deque([.singleton(.none)], maxlen: nil))
        guard case .bytearray(let b) = shrunk.arguments[1].value else { return }
        #expect(b.count == 2)
    }

    @Test func anIteratorKeepsOnlyTheItemsAndAnswersItNeeds() throws {
        let start = Case(target: try parse("m:f(iterator,list)"),
                         arguments: [CallArgument(value: .iterator(0)), CallArgument(value: .list([.canary(0)]))],
                         evils: [EvilSpec(constantHash: true)],
                         iterators: [IteratorSpec(items: [.canary(1), .bigInt(1_000_005), .freshString("abc"), .evil(0), .smallInt(3)],
                                                  calls: [[.clear(argument: 1)], [.next(argument: 0)]],
                                                  results: [.usual, .usual, .raise(.valueError)], lengthHint: 99)])
        let shrunk = try shrink(start) { c in
            c.iterators.first.map { $0.items.count >= 2 && $0.results.contains(.raise(.valueError)) } ?? false
        }
        let it = try #require(shrunk.iterators.first)
        #expect(it.items == [.singleton(.none), .singleton(.none)])
        #expect(it.results == [.raise(.valueError)], "the raise moves to the first call")
        #expect(it.calls.isEmpty && it.lengthHint == nil)
        #expect(shrunk.evils.isEmpty)
        #expect(shrunk.arguments[1].value == .list([]))
    }

    @Test func aCallableKeepsOnlyTheRaiseItNeeds() throws {
        let start = Case(target: try parse("m:f(list,callable)"),
                         arguments: [CallArgument(value: .list([.bigInt(1_000_001)])), CallArgument(value: .mutator(0))],
                         mutators: [MutatorProgram(calls: [[.clear(argument: 0)], [.append(argument: 0, value: .canary(0))]],
                                                   results: [.value(.freshString(String(repeating: "x", count: 10_000))),
                                                             .value(.canary(1)), .raise(.keyError)])])
        let raisesAfterClearing = { (c: Case) in
            c.mutators.first.map { m in m.results.contains(.raise(.keyError)) && m.calls.joined().contains(.clear(argument: 0)) } ?? false
        }
        let shrunk = try shrink(start, raisesAfterClearing)
        #expect(shrunk.mutators == [MutatorProgram(calls: [[.clear(argument: 0)]], results: [.raise(.keyError)])])
        // A returned value shrinks like any other.
        let returns = try shrink(start) { c in
            c.mutators.first?.results.contains { if case .value(.freshString(let s)) = $0 { s.count >= 3 } else { false } } ?? false
        }
        #expect(returns.mutators == [MutatorProgram(calls: [], results: [.value(.freshString("xxx"))])])
    }

    @Test func aFileKeepsOnlyTheMethodThatFails() throws {
        let start = Case(target: try parse("m:f(list,file)"),
                         arguments: [CallArgument(value: .list([.canary(0)])), CallArgument(value: .file(0))],
                         files: [FileSpec(programs: [.write: [[.pop(argument: 0, at: -1)]], .flush: [[.clear(argument: 0)]]],
                                          results: [.write: [.usual, .raise(.osError)], .read: [.value(.bytes([1, 2]))]])])
        let shrunk = try shrink(start) { c in c.files.first?.results[.write]?.contains(.raise(.osError)) ?? false }
        #expect(shrunk.files == [FileSpec(results: [.write: [.raise(.osError)]])])
        #expect(shrunk.arguments[0].value == .list([]))
    }

    @Test func anInstanceBecomesItsBaseValueWhenItsMethodsAreNotNeeded() throws {
        let start = Case(target: try parse("m:f(any,list)"),
                         arguments: [CallArgument(value: .instance(0)), CallArgument(value: .list([.instance(1)]))],
                         instances: [InstanceSpec(base: .str, value: .freshString("hello"), programs: ["lower": [[.clear(argument: 1)]]]),
                                     InstanceSpec(base: .int, value: .bigInt(1_000_042), results: ["__index__": [.raise(.typeError)]])])
        // Fails when the first argument is a str holding an "l", subclass instance or not.
        let shrunk = try shrink(start) { c in
            var value = c.arguments[0].value
            if case .instance(let n) = value, c.instances[n].base == .str { value = c.instances[n].value }
            if case .freshString(let s) = value { return s.contains("l") } else { return false }
        }
        guard case .freshString(let s) = shrunk.arguments[0].value else { Issue.record("\(shrunk.arguments[0].value)"); return }
        #expect(s.count == 2 && s.contains("l"), "the str itself, as short as a fresh one with an 'l' can be")
        #expect(shrunk.instances.isEmpty)
        #expect(shrunk.arguments[1].value == .list([]))
        // One whose overridden method matters stays an instance, with just that method.
        let needed = try shrink(start) { c in c.instances.contains { $0.results["__index__"] == [.raise(.typeError)] } }
        #expect(needed.instances.count == 1 && needed.instances[0].programs.isEmpty && needed.instances[0].base == .int)
        #expect(needed.instances[0].value == .smallInt(0))
    }

    @Test func evilObjectsLoseTheirRaisesAndLiesWhenNotNeeded() throws {
        let start = Case(target: try parse("m:f(list)"),
                         arguments: [CallArgument(value: .list([.evil(0), .bigInt(1_000_003)]))],
                         evils: [EvilSpec(constantHash: true, programs: [.eq: [[], [.clear(argument: 0)]]],
                                          results: [.len: [.value(.smallInt(-1))], .hash: [.raise(.typeError)]])])
        let shrunk = try shrink(start) { c in c.evils.first?.programs[.eq]?.count == 2 && c.evils.first?.programs[.eq]?[1] == [.clear(argument: 0)] }
        #expect(shrunk.evils == [EvilSpec(programs: [.eq: [[], [.clear(argument: 0)]]])], "the second call still clears")
        #expect(shrunk.arguments[0].value == .list([.evil(0)]))
        // Acting on the first call is simpler when the failure allows it.
        let first = try shrink(start) { c in c.evils.first?.programs[.eq]?.joined().contains(.clear(argument: 0)) ?? false }
        #expect(first.evils.first?.programs[.eq] == [[.clear(argument: 0)]])
    }

    @Test func aliasesAreUndoneWhenTheFailureDoesNotNeedThem() throws {
        let start = Case(target: try parse("m:f(list,list)"),
                         arguments: [CallArgument(value: .list([.bigInt(1_000_001), .canary(0)])), CallArgument(value: .alias(0))])
        // Fails when the second argument holds a big int: a copy of the first does.
        let copied = try shrink(start) { c in
            let second = c.arguments[1].value
            let items = if case .alias(let i) = second { c.arguments[i].value.children } else { second.children }
            return items.contains { $0.dataClass == .bigInt }
        }
        #expect(copied.aliasCount == 0)
        #expect(copied.arguments[1].value == .list([.bigInt(1_000_000)]))
        #expect(copied.arguments[0].value == .list([]))
        // Fails only when both are one object: the alias stays, the rest goes.
        let kept = try shrink(start) { c in c.arguments[1].value == .alias(0) && c.arguments[0].value.children.count >= 1 }
        #expect(kept.arguments.map(\.value) == [.list([.singleton(.none)]), .alias(0)])
        #expect(CaseLayout(kept).aliasedArguments == [[0, 1]])
    }

    @Test func aContainerInsideItselfIsUndoneWhenNotNeeded() throws {
        let start = Case(target: try parse("m:f(list,list)"),
                         arguments: [CallArgument(value: .list([.alias(0), .bigInt(1_000_001)])), CallArgument(value: .list([.alias(0)]))])
        let shrunk = try shrink(start) { c in c.arguments[0].value.children.count >= 1 && !c.arguments[1].value.children.isEmpty }
        #expect(shrunk.aliasCount == 0, "\(shrunk.arguments)")
        #expect(shrunk.arguments.map(\.value) == [.list([.singleton(.none)]), .list([.singleton(.none)])])
        let needsItself = try shrink(start) { c in c.arguments[0].value.children.contains(.alias(0)) }
        #expect(needsItself.arguments.map(\.value) == [.list([.alias(0)]), .list([])])
    }
}
