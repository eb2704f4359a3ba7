import Testing
@testable import RefFuzzCore

@Suite("Case layout")
struct CaseLayoutTests {
    @Test func numbersContainersBeforeTheirElements() throws {
        let c = Case(target: try parse("m:f(list,dict,cb=mutator)"),
                     arguments: [CallArgument(value: .list([.bigInt(1_000_001), .tuple([.canary(0)]), .canary(0)])),
                                 CallArgument(value: .dict([DictEntry(key: .freshString("ab"), value: .evil(0))])),
                                 CallArgument(name: "cb", value: .mutator(0))],
                     mutators: [MutatorProgram()], evils: [EvilSpec()])
        let layout = CaseLayout(c)
        #expect(layout.nodes.map(\.tag) == Array(0..<layout.nodes.count))
        #expect(layout.paths == ["arg0", "arg0[0]", "arg0[1]", "arg0[1][0]", "arg1", "key 'ab' of arg1", "arg1['ab']", "cb"])
        #expect(layout.argumentTags == [0, 4, 7])
        #expect(layout.nodes[0].children == [1, 2, 3])   // the aliased canary is the tuple's element, tag 3
        #expect(layout.nodes[2].children == [3])
        #expect(layout.nodes[4].children == [5, 6])
        #expect(layout.canaryTags == [0: 3])
        #expect(layout.evilTags == [0: 6])
        #expect(layout.mutatorTags == [0: 7])
        #expect(layout.nodes.map(\.depth) == [0, 1, 1, 2, 0, 1, 1, 0])
        #expect(layout.nodes.map(\.argument) == [0, 0, 0, 0, 1, 1, 1, 2])
    }

    @Test func theLastListElementIsNamedFromTheEnd() throws {
        let two = CaseLayout(Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([.smallInt(1), .smallInt(2)]))]))
        #expect(two.paths == ["arg0", "arg0[0]", "arg0[-1]"])
        let one = CaseLayout(Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([.smallInt(1)]))]))
        #expect(one.paths == ["arg0", "arg0[0]"])
        let set = CaseLayout(Case(target: try parse("m:f(set)"), arguments: [CallArgument(value: .set([.bigInt(1_000_001)]))]))
        #expect(set.paths == ["arg0", "arg0{1000001}"])
    }

    @Test func callTextAndSize() throws {
        let c = Case(target: try parse("m:f(list,dict,cb=mutator)"),
                     arguments: [CallArgument(value: .list([.bigInt(1_000_001), .tuple([.canary(0)])])),
                                 CallArgument(value: .dict([DictEntry(key: .freshString("ab"), value: .singleton(.none))])),
                                 CallArgument(name: "cb", value: .mutator(0))],
                     mutators: [MutatorProgram(calls: [[.clear(argument: 0), .pop(argument: 0, at: -1)], [.reverse(argument: 0)]])],
                     evils: [EvilSpec(programs: [.eq: [], .hash: [[.sort(argument: 0)]]])])
        #expect(c.callText == "m.f([1000001, (<canary #0>,)], {'ab': None}, cb=<mutator #0>)")
        // 3 elements in arg0, 2 in arg1; 4 steps; 2 evil dunders with a program.
        #expect(c.size == 5 + 4 + 2)
        #expect(c.programs.map(\.owner.description) == ["mutator #0 call 1", "mutator #0 call 2", "evil #0 __hash__ call 1"])
    }
}

extension CaseLayout {
    /// Every node's path, in tag order.
    var paths: [String] { nodes.map { path(of: $0.tag) } }
}
