import Foundation
import Testing
@testable import RefFuzzCore

@Suite("Case validation")
struct CaseValidationTests {
    /// `m:f(list,mutator)` with `arg0 = items` and mutator #0 running `calls`.
    func listCase(_ items: [Value], calls: [[MutationStep]] = [[.clear(argument: 0)]], evils: [EvilSpec] = []) throws -> Case {
        Case(target: try parse("m:f(list,mutator)"),
             arguments: [CallArgument(value: .list(items)), CallArgument(value: .mutator(0))],
             mutators: [MutatorProgram(calls: calls)], evils: evils)
    }

    @Test("generated cases are valid", arguments: generatorSpecs)
    func generatedCasesAreValid(text: String) throws {
        let generator = Generator(spec: try parse(text))
        for index in 0..<300 {
            let c = generator.generate(seed: 11, index: index)
            #expect(c.validationProblem == nil, "index \(index): \(c.validationProblem ?? "")")
        }
    }

    @Test func aHandWrittenValidCaseHasNoProblem() throws {
        let c = try listCase([.bigInt(1_000_001), .canary(0), .evil(0), .set([.tuple([.smallInt(1)])])],
                             calls: [[.append(argument: 0, value: .canary(1))], []],
                             evils: [EvilSpec(programs: [.eq: [[.pop(argument: 0, at: -1)]]])])
        #expect(c.validationProblem == nil)
    }

    @Test func mutatorWithoutProgram() throws {
        var c = try listCase([.bigInt(1_000_001)])
        c.mutators = []
        #expect(c.validationProblem == "mutator #0 has no program")
    }

    @Test func evilWithoutSpec() throws {
        let c = try listCase([.evil(0), .list([.evil(2)])], evils: [EvilSpec()])
        #expect(c.validationProblem == "evil object #2 has no spec")
    }

    @Test func stepArgumentOutOfRange() throws {
        #expect(try listCase([], calls: [[.clear(argument: 0)], [.pop(argument: 2, at: 0)]]).validationProblem
                == "mutator #0 call 2 mutates argument 2, which does not exist")
        #expect(try listCase([], calls: [[.clear(argument: -1)]]).validationProblem
                == "mutator #0 call 1 mutates argument -1, which does not exist")
        let evil = try listCase([.evil(0)], evils: [EvilSpec(programs: [.hash: [[], [.reverse(argument: 5)]]])])
        #expect(evil.validationProblem == "evil #0 __hash__ call 2 mutates argument 5, which does not exist")
    }

    @Test("a step may not store a container, an evil object or a mutator", arguments: [
        (Value.list([]), "container"), (.tuple([.smallInt(1)]), "container"), (.dict([]), "container"),
        (.set([]), "container"), (.evil(0), "evil"), (.mutator(0), "mutator"),
    ])
    func stepStoringNonPlainValue(value: Value, dataClass: String) throws {
        let c = try listCase([.evil(0)], calls: [[.append(argument: 0, value: value)]], evils: [EvilSpec()])
        #expect(c.validationProblem == "mutator #0 call 1 stores a \(dataClass); steps store plain values only")
    }

    @Test func dictSetKeysAreCheckedToo() throws {
        let c = Case(target: try parse("m:f(dict,mutator)"),
                     arguments: [CallArgument(value: .dict([])), CallArgument(value: .mutator(0))],
                     mutators: [MutatorProgram(calls: [[.dictSet(argument: 0, key: .smallInt(1), value: .list([]))]])])
        #expect(c.validationProblem?.contains("stores a container") == true)
    }

    @Test func stepCanaryUsedElsewhere() throws {
        let inArguments = try listCase([.canary(0)], calls: [[.append(argument: 0, value: .canary(0))]])
        #expect(inArguments.validationProblem == "mutator #0 call 1 stores canary #0, which is already used elsewhere in the case")
        let twice = try listCase([], calls: [[.append(argument: 0, value: .canary(3))], [.insert(argument: 0, at: 0, value: .canary(3))]])
        #expect(twice.validationProblem?.contains("stores canary #3, which is already used elsewhere") == true)
        let once = try listCase([.canary(0)], calls: [[.append(argument: 0, value: .canary(1))]])
        #expect(once.validationProblem == nil)
    }

    @Test func argumentCountMustMatchTheTarget() throws {
        let c = Case(target: try parse("m:f(list,int)"), arguments: [CallArgument(value: .list([]))])
        #expect(c.validationProblem == "the target m:f(list,int) takes 2 argument(s), the case has 1")
    }

    @Test func argumentNamesMustMatchTheTarget() throws {
        let spec = try parse("m:f(list,default=mutator)")
        let positional = Case(target: spec, arguments: [CallArgument(value: .list([])), CallArgument(value: .mutator(0))],
                              mutators: [MutatorProgram()])
        #expect(positional.validationProblem == "argument 1 should be keyword 'default'")
        let named = Case(target: spec, arguments: [CallArgument(name: "x", value: .list([])), CallArgument(name: "default", value: .mutator(0))],
                         mutators: [MutatorProgram()])
        #expect(named.validationProblem == "argument 0 should be positional")
    }

    @Test("argument values must be of the target's kind", arguments: [
        ("m:f(int)", Value.freshString("ab"), "argument 0 is a fresh-str, the target spec says int"),
        ("m:f(str)", .smallInt(1), "argument 0 is a small-int, the target spec says str"),
        ("m:f(list)", .tuple([]), "argument 0 is a container, the target spec says list"),
        ("m:f(any)", .mutator(0), "argument 0 is a mutator, the target spec says any"),
        ("m:f(mutator)", .canary(0), "argument 0 is a canary, the target spec says mutator"),
    ])
    func argumentKindMismatch(spec: String, value: Value, problem: String) throws {
        let c = Case(target: try parse(spec), arguments: [CallArgument(value: value)], mutators: [MutatorProgram()])
        #expect(c.validationProblem == problem)
    }

    @Test func freshStringsNeedTwoCharacters() throws {
        #expect(try listCase([.freshString("a")]).validationProblem == "a fresh string needs two characters or more, or one past Latin-1 ('a')")
        #expect(try listCase([.freshString("\u{20AC}")]).validationProblem == nil)   // one BMP character is never cached
        #expect(try listCase([.freshString("ab")]).validationProblem == nil)
    }

    @Test func setMembersAndDictKeysMustBeHashable() throws {
        let set = Case(target: try parse("m:f(set)"), arguments: [CallArgument(value: .set([.tuple([.list([])])]))])
        #expect(set.validationProblem == "a set member is not hashable")
        let dict = Case(target: try parse("m:f(dict)"), arguments: [CallArgument(value: .dict([DictEntry(key: .dict([]), value: .smallInt(1))]))])
        #expect(dict.validationProblem == "a dict key is not hashable")
        let fine = Case(target: try parse("m:f(dict)"),
                        arguments: [CallArgument(value: .dict([DictEntry(key: .tuple([.canary(0)]), value: .list([]))]))])
        #expect(fine.validationProblem == nil)
    }

    @Test func hashability() {
        #expect(Value.tuple([.smallInt(1), .tuple([.freshString("ab")])]).isHashable)
        #expect(!Value.tuple([.smallInt(1), .set([])]).isHashable)
        #expect(!Value.list([]).isHashable)
        #expect(Value.evil(0).isHashable && Value.canary(0).isHashable && Value.singleton(.none).isHashable)
    }
}

@Suite("Case validation: stateful targets")
struct StatefulCaseValidationTests {
    static func queueCase(calls: [String], arguments: [Value]) throws -> Case {
        Case(target: try TargetSpec(parsing: "m:Queue(int){put(any),get(),update(self)}"),
             arguments: arguments.map { CallArgument(value: $0) }, calls: calls.map(MethodCall.init))
    }

    @Test func argumentsFollowTheConstructorAndEachCall() throws {
        let c = try Self.queueCase(calls: ["put", "get", "update"], arguments: [.smallInt(3), .canary(0), .selfObject])
        #expect(c.validationProblem == nil)
        #expect(c.argumentRange(ofCall: 0) == 1..<2 && c.argumentRange(ofCall: 1) == 2..<2 && c.argumentRange(ofCall: 2) == 2..<3)
        #expect(c.call(ofArgument: 2) == 2 && c.call(ofArgument: 0) == nil)
        #expect(c.callText == "obj = m.Queue(3); obj.put(<canary #0>); obj.get(); obj.update(obj)")
        let layout = CaseLayout(c)
        #expect(layout.objectTag == 1)                  // after the constructor's argument
        #expect(layout.argumentTags == [0, 2, 1])       // `self` is the object
    }

    @Test func badStatefulCasesSayWhy() throws {
        #expect(try Self.queueCase(calls: ["pop"], arguments: [.smallInt(3)]).validationProblem?.contains("method 'pop'") == true)
        #expect(try Self.queueCase(calls: ["put"], arguments: [.smallInt(3)]).validationProblem?.contains("takes 2 argument(s) with these calls") == true)
        #expect(try Self.queueCase(calls: [], arguments: [.selfObject]).validationProblem?.contains("the constructor") == true)
        #expect(try Self.queueCase(calls: ["update"], arguments: [.smallInt(1), .canary(0)]).validationProblem?.contains("spec says self") == true)
        var c = try Self.queueCase(calls: [], arguments: [.smallInt(1)])
        c.target = try TargetSpec(parsing: "m:f(int)")
        c.calls = [MethodCall(method: "put")]
        #expect(c.validationProblem?.contains("is a function") == true)
    }

    @Test func aStatefulCaseSurvivesARoundTrip() throws {
        var c = try Self.queueCase(calls: ["put", "update"], arguments: [.smallInt(3), .list([.selfObject]), .selfObject])
        c.mutators = []
        let back = try JSONDecoder().decode(CaseFile.self, from: try CaseFile(case: c, finding: nil).encoded()).theCase
        #expect(back == c)
    }
}

@Suite("Stateful cases: removing a call")
struct RemovingCallTests {
    @Test func aCallGoesWithItsArgumentsAndTheStepsOnThem() throws {
        let c = Case(target: try TargetSpec(parsing: "m:Q(){put(list),visit(mutator),put(list)}"),
                     arguments: [CallArgument(value: .list([.canary(0)])), CallArgument(value: .mutator(0)), CallArgument(value: .list([.alias(1)]))],
                     mutators: [MutatorProgram(calls: [[.clear(argument: 0), .clear(argument: 2), .callMethod(name: "put", values: [.alias(2)])]])],
                     calls: [MethodCall(method: "put"), MethodCall(method: "visit"), MethodCall(method: "put")])
        let without = try #require(c.removingCall(0))
        #expect(without.calls.map(\.method) == ["visit", "put"])
        #expect(without.arguments.map(\.value) == [.mutator(0), .list([.alias(0)])])
        #expect(without.mutators[0].calls == [[.clear(argument: 1), .callMethod(name: "put", values: [.alias(1)])]])
        #expect(without.validationProblem == nil)
        #expect(c.removingCall(1) == nil)   // argument 2 holds argument 1 (the mutator): not removable alone
    }
}
