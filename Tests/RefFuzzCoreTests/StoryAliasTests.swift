import Testing
@testable import RefFuzzCore

@Suite("Story: aliased arguments")
struct StoryAliasTests {
    func story(_ spec: String, _ values: [Value]) throws -> Story {
        let target = try parse(spec)
        let c = Case(target: target, arguments: zip(target.arguments, values).map { CallArgument(name: $0.name, value: $1) })
        return Story(case: c, layout: CaseLayout(c), observation: Observation())
    }

    @Test func theSentenceNamesTheArgumentsThatAreOneObject() throws {
        #expect(try story("m:f(list,list)", [.list([.bigInt(1_000_001)]), .alias(0)]).aliases == "arg0 and arg1 are the same list")
        #expect(try story("m:f(dict,any,other=dict)", [.dict([]), .smallInt(1), .alias(0)]).aliases == "arg0 and other are the same dict")
        #expect(try story("m:f(list,list)", [.list([.alias(0)]), .list([.alias(0), .smallInt(2)])]).aliases
                == "arg0 holds itself; arg1 holds arg0")
        #expect(try story("m:f(bytearray,any)", [.bytearray([1]), .alias(0)]).aliases == "arg0 and arg1 are the same bytearray")
        #expect(try story("m:f(list,list)", [.list([]), .list([])]).aliases == nil)
    }

    @Test func aFindingOfACaseWithAnAliasSaysSo() throws {
        let c = Case(target: try parse("m:f(list,list)"),
                     arguments: [CallArgument(value: .list([.bigInt(1_000_001)])), CallArgument(value: .alias(0))])
        var o = Observation()
        o.outcome = .nullWithoutException
        let verdict = Judge().verdict(case: c, layout: CaseLayout(c), observation: o)
        let message = try #require(verdict.finding?.message)
        #expect(message.hasSuffix(" (arg0 and arg1 are the same list)"), "\(message)")
        var plain = c
        plain.arguments[1].value = .list([])
        let unaliased = Judge().verdict(case: plain, layout: CaseLayout(plain), observation: o)
        #expect(unaliased.finding?.message.contains("same") == false)
    }
}
