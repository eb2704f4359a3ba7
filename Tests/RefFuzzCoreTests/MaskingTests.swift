import Testing
@testable import RefFuzzCore

@Suite("Masking")
struct MaskingTests {
    /// `m:f(list,str,any,mutator)` with every kind of plain value, an evil object, an aliased canary,
    /// and plain values stored by a mutator and by the evil object's `__eq__`.
    static func richCase() throws -> Case {
        Case(target: try parse("m:f(list,str,any,mutator)"),
             arguments: [
                CallArgument(value: .list([.bigInt(1_000_001), .freshString("ab"), .canary(0), .evil(0),
                                           .tuple([.canary(0), .singleton(.none)])])),
                CallArgument(value: .freshString("xy")),
                CallArgument(value: .canary(1)),
                CallArgument(value: .mutator(0)),
             ],
             mutators: [MutatorProgram(calls: [[.append(argument: 0, value: .canary(2)),
                                                .insert(argument: 0, at: 0, value: .freshString("cd")),
                                                .setItem(argument: 0, at: 1, value: .bigInt(1_000_002))]])],
             evils: [EvilSpec(constantHash: true, programs: [.eq: [[.append(argument: 0, value: .bigInt(1_000_003))]]])])
    }

    @Test func smallIntCacheReplacesPlainValuesEverywhere() throws {
        let c = try Self.richCase()
        let m = try #require(c.substituting(.smallIntCache))
        guard case .list(let items) = m.arguments[0].value, items.count == 5, case .tuple(let inner) = items[4] else {
            Issue.record("the shape changed: \(m.arguments[0].value)")
            return
        }
        for i in [0, 1, 2] { #expect(items[i].dataClass == .smallInt, "arg0[\(i)] is \(items[i])") }
        #expect(inner.allSatisfy { $0.dataClass == .smallInt })
        #expect(items[3] == .evil(0))
        #expect(inner[0] == items[2], "both occurrences of canary #0 get the same value")
        #expect(m.arguments[1].value == .freshString("xy"), "an argument of kind str stays a string")
        #expect(m.arguments[2].value.dataClass == .smallInt)
        #expect(m.arguments[3].value == .mutator(0))
        let stepValues = m.allSteps.flatMap(\.values)
        #expect(stepValues.count == 4)
        #expect(stepValues.allSatisfy { $0.dataClass == .smallInt })
        // Programs, evil specs and provenance are kept; only the values changed.
        #expect(m.allSteps.map(\.name) == c.allSteps.map(\.name))
        #expect(m.evils.map(\.constantHash) == [true])
        #expect(m.target == c.target && m.seed == c.seed && m.index == c.index && !m.extraReference)
        #expect(m.validationProblem == nil)
        // Distinct values stay distinct: nine plain objects besides the str argument, nine small ints.
        let ints = Set((m.argumentValues + stepValues).filter { $0.dataClass == .smallInt })
        #expect(ints.count == 9)
    }

    @Test func immortalMasksLikeTheSmallIntCacheWhenOnlyCachedIntsAreImmortal() throws {
        let c = try Self.richCase()
        #expect(c.substituting(.immortal, immortal: [.smallInts]) == c.substituting(.smallIntCache))
    }

    @Test func immortalUsesTheImmortalObjectsOfEachFamily() throws {
        let c = try Self.richCase()
        let m = try #require(c.substituting(.immortal, immortal: .all))
        guard case .list(let items) = m.arguments[0].value, items.count == 5, case .tuple(let inner) = items[4] else {
            Issue.record("the shape changed: \(m.arguments[0].value)")
            return
        }
        #expect(items[0].dataClass == .smallInt, "a big int becomes a cached int")
        #expect(items[1].dataClass == .internedString, "a fresh string becomes an interned one")
        #expect(items[2].dataClass == .smallInt, "a canary becomes a cached int")
        #expect(items[3] == .evil(0))
        #expect(inner == [items[2], .singleton(.none)], "None is immortal already")
        #expect(m.arguments[1].value.dataClass == .internedString, "an argument of kind str gets an interned string")
        #expect(m.validationProblem == nil)
        // Without immortal ints, an int argument keeps its value; without any immortal object, nothing changes.
        let ints = Case(target: try parse("m:f(int,str)"), arguments: [CallArgument(value: .bigInt(1_000_001)), CallArgument(value: .freshString("ab"))])
        let strings = try #require(ints.substituting(.immortal, immortal: [.internedStrings]))
        #expect(strings.arguments.map(\.value.dataClass) == [.bigInt, .internedString])
        #expect(ints.substituting(.immortal, immortal: []) == nil)
        #expect(ints.substituting(.immortal) == nil, "no immortal objects unless the runtime says so")
    }

    @Test func internedStringKeepsIntArguments() throws {
        let c = Case(target: try parse("m:f(int,str,list)"),
                     arguments: [CallArgument(value: .bigInt(1_000_001)), CallArgument(value: .freshString("ab")),
                                 CallArgument(value: .list([.smallInt(3), .canary(0), .evil(0)]))],
                     evils: [EvilSpec()])
        let m = try #require(c.substituting(.internedString))
        #expect(m.arguments[0].value == .bigInt(1_000_001))
        #expect(m.arguments[1].value.dataClass == .internedString)
        guard case .list(let items) = m.arguments[2].value else { Issue.record("not a list"); return }
        #expect(items.map(\.dataClass) == [.internedString, .internedString, .evil])
        #expect(m.validationProblem == nil)
    }

    @Test func singletonKeepsIntAndStrArguments() throws {
        let c = Case(target: try parse("m:f(int,str,any)"),
                     arguments: [CallArgument(value: .smallInt(3)), CallArgument(value: .freshString("ab")),
                                 CallArgument(value: .tuple([.bigInt(1_000_001), .canary(0)]))])
        let m = try #require(c.substituting(.singleton))
        #expect(m.arguments[0].value == .smallInt(3))
        #expect(m.arguments[1].value == .freshString("ab"))
        #expect(m.arguments[2].value.children.allSatisfy { $0.dataClass == .singleton })
    }

    @Test func extraReferenceFlipsTheFlagOnce() throws {
        let c = try Self.richCase()
        let m = try #require(c.substituting(.extraReference))
        #expect(m.extraReference)
        var unflagged = m
        unflagged.extraReference = false
        #expect(unflagged == c, "nothing else changes")
        #expect(m.substituting(.extraReference) == nil)
    }

    @Test func nothingToChangeGivesNil() throws {
        let empty = Case(target: try parse("m:f(list,mutator)"),
                         arguments: [CallArgument(value: .list([.evil(0), .list([])])), CallArgument(value: .mutator(0))],
                         mutators: [MutatorProgram(calls: [[.clear(argument: 0)]])], evils: [EvilSpec()])
        for masking in [MaskingClass.smallIntCache, .immortal, .internedString, .singleton] {
            #expect(empty.substituting(masking) == nil, "\(masking)")
        }
        let string = Case(target: try parse("m:f(str)"), arguments: [CallArgument(value: .freshString("ab"))])
        #expect(string.substituting(.smallIntCache) == nil)
        let alreadySmall = Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([.smallInt(0), .smallInt(1)]))])
        #expect(alreadySmall.substituting(.smallIntCache) == nil)
    }

    @Test("masked generated cases stay valid", arguments: generatorSpecs)
    func maskedCasesStayValid(text: String) throws {
        let generator = Generator(spec: try parse(text))
        for index in 0..<100 {
            let c = generator.generate(seed: 31, index: index)
            for masking in MaskingClass.allCases {
                guard let m = c.substituting(masking, immortal: .all) else { continue }
                #expect(m.validationProblem == nil, "\(masking), index \(index): \(m.validationProblem ?? "")")
                #expect(m.arguments.map(\.value.nesting) == c.arguments.map(\.value.nesting))
                #expect(m.allSteps.map(\.name) == c.allSteps.map(\.name))
            }
        }
    }

    /// "Distinct values stay distinct where the class allows": the small-int cache holds far more than
    /// ten ints, so six distinct big-int keys must stay six distinct keys.
    @Test func distinctDictKeysStayDistinct() throws {
        let entries = (0..<6).map { DictEntry(key: .bigInt(1_000_001 + $0), value: .bigInt(1_000_100 + $0)) }
        let c = Case(target: try parse("m:f(dict)"), arguments: [CallArgument(value: .dict(entries))])
        let m = try #require(c.substituting(.smallIntCache))
        guard case .dict(let masked) = m.arguments[0].value else { Issue.record("not a dict"); return }
        #expect(Set(masked.map(\.key)).count == 6, "\(masked.map(\.key.text))")
    }

    @Test func everyClassSaysWhyItMasks() {
        for masking in MaskingClass.allCases { #expect(!masking.why.isEmpty) }
        #expect(MaskingClass.allCases.map(\.rawValue) == ["small-int-cache", "interned-string", "singleton", "extra-reference", "immortal"])
    }
}
