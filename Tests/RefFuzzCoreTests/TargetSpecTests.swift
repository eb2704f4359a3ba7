import Testing
@testable import RefFuzzCore

@Suite("TargetSpec parsing")
struct TargetSpecTests {
    @Test func parsesPositionalAndKeywordArguments() throws {
        let spec = try TargetSpec(parsing: "jsonlib:dumps(list, default=mutator)")
        #expect(spec.module == "jsonlib")
        #expect(spec.function == "dumps")
        #expect(spec.arguments == [ArgumentSpec(kind: .list), ArgumentSpec(name: "default", kind: .mutator)])
        #expect(spec.positional == [ArgumentSpec(kind: .list)])
        #expect(spec.keywords == [ArgumentSpec(name: "default", kind: .mutator)])
        #expect(spec.description == "jsonlib:dumps(list,default=mutator)")
    }

    @Test func parsesDottedModuleAndFunction() throws {
        let spec = try TargetSpec(parsing: "pkg.sub:Class.staticfn(any)")
        #expect(spec.module == "pkg.sub")
        #expect(spec.function == "Class.staticfn")
        #expect(spec.arguments == [ArgumentSpec(kind: .any)])
    }

    @Test func parsesEmptyArgumentList() throws {
        let spec = try TargetSpec(parsing: "m:f()")
        #expect(spec.module == "m")
        #expect(spec.function == "f")
        #expect(spec.arguments.isEmpty)
        #expect(spec.description == "m:f()")
    }

    @Test func parsesEveryArgumentKind() throws {
        let kinds = ArgumentKind.allCases.filter { $0 != .self }   // `self` only in a stateful target
        let spec = try TargetSpec(parsing: "m:f(\(kinds.map(\.rawValue).joined(separator: ", ")))")
        #expect(spec.arguments.map(\.kind) == kinds)
        #expect(spec.arguments.allSatisfy { $0.name == nil })
    }

    @Test("canonical description", arguments: [
        ("m:f(list,int)", "m:f(list,int)"),
        ("  m:f( list ,\tint )  ", "m:f(list,int)"),
        ("m:f(  )", "m:f()"),
        ("m:f (list)", "m:f(list)"),
        ("m:f(dict, k = set, other=any)", "m:f(dict,k=set,other=any)"),
        ("mod:Class.staticfn( any )", "mod:Class.staticfn(any)"),
        ("_m1:_f2(tuple,str)", "_m1:_f2(tuple,str)"),
    ])
    func canonicalDescription(text: String, canonical: String) throws {
        let spec = try TargetSpec(parsing: text)
        #expect(spec.description == canonical)
        // The canonical spelling parses back to the same spec.
        #expect(try TargetSpec(parsing: spec.description) == spec)
    }

    @Test func keywordNamesMayBeUnicodeIdentifiers() throws {
        let spec = try TargetSpec(parsing: "m:f(größe=int)")
        #expect(spec.arguments == [ArgumentSpec(name: "größe", kind: .int)])
    }

    @Test func argumentKindsKnowWhichAreContainers() {
        #expect(ArgumentKind.allCases.filter(\.isContainer) == [.list, .dict, .tuple, .set, .frozenset, .deque, .ordereddict])
    }

    @Test("invalid specs throw a one-line error naming the problem", arguments: [
        ("mf(list)", "expected MODULE:FUNCTION(ARGS)"),
        ("m:f", "expected '('"),
        ("m:f(list", "expected ')' at the end"),
        ("m:f(list) x", "expected ')' at the end"),
        ("m:f(floaty)", "unknown argument kind 'floaty'"),
        ("m:f(self)", "'self' passes a stateful target's own object"),
        ("m:f(List)", "unknown argument kind 'List'"),
        ("m:f(a=list, int)", "positional argument 'int' follows a keyword argument"),
        ("m:f(a=list, a=int)", "keyword 'a' is given twice"),
        ("1m:f(list)", "'1m' is not a module name"),
        ("my-mod:f(list)", "'my-mod' is not a module name"),
        ("m..n:f()", "'m..n' is not a module name"),
        (":f()", "'' is not a module name"),
        ("m:2f(list)", "'2f' is not a function name"),
        ("m:(list)", "'' is not a function name"),
        ("m:f(list,)", "argument 2 is empty"),
        ("m:f(,list)", "argument 1 is empty"),
        ("m:f(list, ,int)", "argument 2 is empty"),
        ("m:f((list))", "unbalanced parentheses"),
        ("m:f(1x=list)", "'1x' is not an argument name"),
        ("m:f(=list)", "'' is not an argument name"),
        ("m:f(k=)", "unknown argument kind ''"),
    ])
    func invalidSpec(text: String, problem: String) throws {
        let error = try #require(throws: TargetSpecError.self) { try TargetSpec(parsing: text) }
        #expect(error.spec == text)
        #expect(error.problem.contains(problem), "problem was: \(error.problem)")
        #expect(error.description == "bad target spec '\(text)': \(error.problem)")
        #expect(!error.description.contains("\n"))
    }

    @Test func unknownKindErrorListsTheKnownKinds() throws {
        let error = try #require(throws: TargetSpecError.self) { try TargetSpec(parsing: "m:f(bytez)") }
        for kind in ArgumentKind.allCases {
            #expect(error.problem.contains(kind.rawValue))
        }
    }
}

@Suite("TargetSpec parsing: stateful objects")
struct StatefulTargetSpecTests {
    @Test func parsesASequenceOfMethodCalls() throws {
        let spec = try TargetSpec(parsing: "mymod:Queue(){ put(any), get(), visit(mutator) }")
        #expect(spec.function == "Queue" && spec.arguments.isEmpty)
        #expect(spec.methods.map(\.name) == ["put", "get", "visit"])
        #expect(spec.methods[0].arguments == [ArgumentSpec(kind: .any)])
        #expect(spec.description == "mymod:Queue(){put(any),get(),visit(mutator)}")
        #expect(try TargetSpec(parsing: spec.description) == spec)
        #expect(spec.isStateful)
    }

    @Test func parsesSelfAndDundersAndPackages() throws {
        let spec = try TargetSpec(parsing: "pkg.sub:Table(int){put(str,any), update(self), __setitem__(str,any)}")
        #expect(spec.module == "pkg.sub")
        #expect(spec.arguments == [ArgumentSpec(kind: .int)])
        #expect(spec.methods[1].arguments == [ArgumentSpec(kind: .self)])
        #expect(spec.methods[2].name == "__setitem__")
    }

    @Test func parsesAFreshObjectAndOneCall() throws {
        let spec = try TargetSpec(parsing: "mymod:Codec().encode(dict, iterator)")
        #expect(spec.object == .single(MethodSpec(name: "encode", arguments: [ArgumentSpec(kind: .dict), ArgumentSpec(kind: .iterator)])))
        #expect(spec.description == "mymod:Codec().encode(dict,iterator)")
    }

    @Test func emptyBracesMeanEveryPublicMethod() throws {
        let spec = try TargetSpec(parsing: "mymod:Queue(){}")
        #expect(spec.object == .calls([]))
        #expect(spec.description == "mymod:Queue(){}")
    }

    @Test("bad stateful specs are one clear line", arguments: [
        ("m:Q(){put(any) get()}", "expected ',' between the calls"),
        ("m:Q(){put(any),}", "a call is missing after the last ','"),
        ("m:Q(){put(any)", "expected '}' at the end"),
        ("m:Q(self){put(any)}", "'self' passes a stateful target's own object"),
        ("m:Q().a.b()", "expected one METHOD(ARGS) after '.'"),
        ("m:Q(){get}", "expected '(' and the argument kinds after the method name"),
        ("m:Q() extra", "after the arguments"),
    ])
    func badStatefulSpec(text: String, problem: String) throws {
        let error = try #require(throws: TargetSpecError.self) { try TargetSpec(parsing: text) }
        #expect(error.problem.contains(problem), "problem was: \(error.problem)")
        #expect(!error.description.contains("\n"))
    }

    @Test func requestsAreModulesOrSpecs() throws {
        #expect(try TargetRequest(parsing: "cPyRefs") == .module("cPyRefs"))
        #expect(try TargetRequest(parsing: " pkg.sub ") == .module("pkg.sub"))
        #expect(try TargetRequest(parsing: "m:f(list)") == .spec(try TargetSpec(parsing: "m:f(list)")))
        #expect(throws: TargetSpecError.self) { try TargetRequest(parsing: "f(list)") }
        #expect(throws: TargetSpecError.self) { try TargetRequest(parsing: "not-a-module") }
        #expect(throws: TargetSpecError.self) { try TargetRequest(parsing: "m:f(lst)") }
    }
}
