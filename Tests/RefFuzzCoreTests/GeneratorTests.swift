import Testing
@testable import RefFuzzCore

@Suite("Generator")
struct GeneratorTests {
    @Test("same seed and index give the same case", arguments: generatorSpecs)
    func deterministic(text: String) throws {
        let spec = try parse(text)
        for index in [0, 1, 7, 1_000, Int.max] {
            let a = Generator(spec: spec).generate(seed: 42, index: index)
            let b = Generator(spec: spec).generate(seed: 42, index: index)
            #expect(a == b)
            #expect(a.seed == 42 && a.index == index && a.target == spec && !a.extraReference)
        }
    }

    @Test func theSpellingOfTheSpecDoesNotMatterOnlyItsCanonicalForm() throws {
        let spaced = Generator(spec: try parse("jsonlib:dumps( list ,  default = mutator )"))
        let canonical = Generator(spec: try parse("jsonlib:dumps(list,default=mutator)"))
        for index in 0..<20 {
            #expect(spaced.generate(seed: 5, index: index) == canonical.generate(seed: 5, index: index))
        }
    }

    @Test func differentIndicesSeedsAndTargetsGiveDifferentCases() throws {
        let generator = Generator(spec: try parse("m:f(list,mutator)"))
        let cases = (0..<200).map { generator.generate(seed: 1, index: $0).identityOnly }
        #expect(cases[0] != cases[1])
        #expect(Set(cases).count >= 190, "\(Set(cases).count) distinct of 200")
        let otherSeed = (0..<200).map { generator.generate(seed: 2, index: $0).identityOnly }
        #expect(zip(cases, otherSeed).filter { $0 == $1 }.count <= 10)
        let otherTarget = Generator(spec: try parse("m:g(list,mutator)"))
        let renamed = (0..<200).map { otherTarget.generate(seed: 1, index: $0) }
        #expect(zip(cases, renamed).filter { $0.arguments == $1.arguments && $0.mutators == $1.mutators }.count <= 10)
    }

    @Test("arguments follow the target spec", arguments: generatorSpecs)
    func argumentsFollowTheSpec(text: String) throws {
        let spec = try parse(text)
        let generator = Generator(spec: spec)
        for index in 0..<300 {
            let c = generator.generate(seed: 3, index: index)
            #expect(c.arguments.map(\.name) == spec.arguments.map(\.name))
            for (argument, kind) in zip(c.arguments, spec.arguments.map(\.kind)) {
                #expect(kind.accepts(argument.value), "index \(index): \(argument.value) for \(kind)")
            }
            #expect(c.mutators.count == spec.arguments.filter { $0.kind == .mutator || $0.kind == .callable }.count)
        }
    }

    @Test("container sizes, nesting, calls and steps stay within the limits", arguments: [
        (6, 2, 3, 3), (2, 1, 1, 1), (0, 1, 2, 2), (4, 3, 2, 3),
    ])
    func limitsAreRespected(maxElements: Int, maxDepth: Int, maxCalls: Int, maxSteps: Int) throws {
        var limits = Generator.Limits()
        limits.maxElements = maxElements
        limits.maxDepth = maxDepth
        limits.maxCalls = maxCalls
        limits.maxSteps = maxSteps
        var deepest = 0, largest = 0, mostCalls = 0, mostSteps = 0
        for text in ["m:f(any,list,mutator)", "m:f(dict,set,tuple,mutator)"] {
            let generator = Generator(spec: try parse(text), limits: limits)
            for index in 0..<600 {
                let c = generator.generate(seed: 8, index: index)
                for value in c.argumentValues {
                    #expect(value.elementCount <= maxElements)
                    largest = max(largest, value.elementCount)
                }
                for argument in c.arguments {
                    #expect(argument.value.nesting <= maxDepth, "\(argument.value)")
                    deepest = max(deepest, argument.value.nesting)
                }
                // A mutator has no calls only when no argument is a container it can mutate (an instance
                // of a list subclass or an alias stands where the list was).
                let mutable = c.arguments.contains { $0.value.containerKind?.isMutable == true }
                for program in c.mutators.map(\.calls) + c.evils.flatMap(\.programs.values) where mutable || !program.isEmpty {
                    #expect((1...maxCalls).contains(program.count))
                    mostCalls = max(mostCalls, program.count)
                    // Idle calls come only before the calls that act (an Nth-call program).
                    let idle = program.prefix { $0.isEmpty }.count
                    #expect(idle < program.count, "\(program)")
                    for steps in program.dropFirst(idle) {
                        #expect((1...maxSteps).contains(steps.count))
                        mostSteps = max(mostSteps, steps.count)
                    }
                }
            }
        }
        // The limits are reached, not merely respected.
        #expect(largest == maxElements)
        #expect(deepest == maxDepth)
        #expect(mostCalls == maxCalls)
        #expect(mostSteps == maxSteps)
    }

    @Test func everyDataClassButTheHarnessCallablesAppearsForAnyArguments() throws {
        var seen = Set<DataClass>()
        for c in try cases("m:f(any,any)", seed: 99, count: 3_000) { seen.formUnion(c.argumentValues.map(\.dataClass)) }
        // A function target has no object of its own: `self` is drawn only for a stateful target's methods.
        let expected = Set(DataClass.allCases).subtracting([.mutator, .iterator, .file, .selfObject])
        #expect(seen == expected, "\(expected.subtracting(seen))")
    }

    @Test func theClassicReachMakesOnlyWhatTheExecutorBuiltBefore() throws {
        var classic = Generator.Configuration()
        classic.reach = .classic
        let old: Set<DataClass> = [.smallInt, .bigInt, .negativeInt, .boundaryInt, .internedString, .freshString, .nonASCIIString,
                                   .singleton, .canary, .evil, .mutator, .container]
        for spec in ["m:f(any,any)", "m:f(list,dict,set,mutator)", "m:f(tuple,int,str,mutator)"] {
            for c in try cases(spec, seed: 5, count: 2_000, configuration: classic) {
                for value in c.everyValue {
                    #expect(old.contains(value.dataClass), "\(spec): \(value)")
                    if value.isContainer { #expect([.list, .tuple, .dict, .set].contains(value.containerKind), "\(value)") }
                }
                for step in c.allSteps { #expect(!["set-update", "next"].contains(step.name), "\(step)") }
                for evil in c.evils {
                    #expect(evil.results.isEmpty)
                    #expect(Set(evil.programs.keys).isSubset(of: [.eq, .lt, .hash, .index, .repr, .del]))
                }
                #expect(c.validationProblem == nil)
            }
        }
    }

    @Test func mutatorsAppearForMutatorArguments() throws {
        let c = Generator(spec: try parse("m:f(mutator,list,cb=mutator)")).generate(seed: 1, index: 0)
        #expect(c.arguments[0].value == .mutator(0))
        #expect(c.arguments[2].value == .mutator(1))
        #expect(c.mutators.count == 2)
    }

    @Test("every mutation operation is generated, on the kinds it applies to", arguments: [
        ("m:f(list,dict,set,mutator)", ["append", "insert", "setitem", "delitem", "pop", "delslice", "sort", "reverse", "clear",
                                        "dict-set", "dict-del", "dict-popitem", "set-add", "set-discard", "set-pop", "set-update"]),
        ("m:f(deque,ordereddict,mutator)", ["append", "appendleft", "pop", "popleft", "rotate", "insert", "setitem", "delitem", "clear",
                                            "dict-set", "dict-del", "dict-popitem", "move-to-end", "popitem-first"]),
        ("m:f(bytearray,array,mutator)", ["append", "insert", "setitem", "delitem", "pop", "delslice", "reverse", "clear",
                                          "extend-buffer", "resize"]),
        ("m:f(iterator,mutator)", ["next"]),
    ])
    func everyMutationOperationIsGenerated(spec: String, expected: [String]) throws {
        var names = Set<String>()
        for c in try cases(spec, seed: 4, count: 1_500) {
            names.formUnion(c.allSteps.map(\.name))
            for step in c.allSteps {
                let target = c.arguments[step.argument].value
                let kind: ArgumentKind = if case .iterator = target { .iterator } else { target.containerKind ?? .any }
                #expect(step.applies(to: kind), "\(step) on \(target)")
            }
        }
        #expect(names == Set(expected))
    }

    @Test func setOperatorsAndTheStoredNumbersOfBuffersStayInRange() throws {
        var operators = Set<SetOperator>()
        for c in try cases("m:f(set,bytearray,array,mutator)", seed: 12, count: 1_500) {
            guard case .array(let array) = c.arguments[2].value else { continue }
            for step in c.allSteps {
                if case .setUpdate(_, let op, let values) = step {
                    operators.insert(op)
                    #expect((1...3).contains(values.count) && values.allSatisfy { $0.isHashable })
                }
                guard step.argument != 0, let value = step.values.first else { continue }
                if step.argument == 1 { #expect(value.isByte, "\(step)") }
                if step.argument == 2 {
                    switch value {
                    case .smallInt(let n): #expect(!array.typecode.isReal && array.typecode.range.contains(n), "\(step) on \(array.typecode)")
                    case .float: #expect(array.typecode.isReal)
                    default: Issue.record("\(step) stores \(value) in an array")
                    }
                }
            }
        }
        #expect(operators == Set(SetOperator.allCases))
    }

    @Test("dict keys and set members are hashable; steps store plain values", arguments: generatorSpecs)
    func hashableKeysAndPlainStepValues(text: String) throws {
        let generator = Generator(spec: try parse(text))
        for index in 0..<500 {
            let c = generator.generate(seed: 21, index: index)
            for value in c.argumentValues {
                switch value {
                case .set(let members): #expect(members.allSatisfy { $0.isHashable }, "\(value)")
                case .dict(let entries): #expect(entries.allSatisfy { $0.key.isHashable }, "\(value)")
                default: break
                }
            }
            for step in c.allSteps {
                for value in step.values {
                    #expect(!value.isContainer && value.isPlainResult, "\(step)")
                    if case .freshString(let s) = value { #expect(Value.isFresh(s)) }
                }
                // Every step names a container (or iterator) argument of a kind it applies to.
                let target = c.arguments[step.argument].value
                if case .iterator = target { #expect(step.name == "next"); continue }
                let kind = try #require(target.containerKind, "\(step) on \(target)")
                #expect(kind.isMutable)
                #expect(step.applies(to: kind), "\(step) on \(target)")
            }
        }
    }

    @Test func generatedScalarsAreFromTheirClasses() throws {
        for c in try cases("m:f(any,any)", seed: 6, count: 1_500) {
            for value in c.everyValue {
                switch value {
                case .smallInt(let n): #expect((-5...256).contains(n), "no version's cache is assumed: \(n)")
                case .bigInt(let n): #expect(n.magnitude >= 1_000_000 || Value.machineBoundaries.contains(n), "\(n)")
                case .hugeInt(let digits): #expect(Int(digits) == nil && Value.isDecimal(digits), "\(digits)")
                case .internedString(let s): #expect(Generator.identifiers.contains(s) || !Value.isFresh(s), "\(s)")
                case .freshString(let s): #expect(Value.isFresh(s))
                default: break
                }
            }
        }
    }
}

extension Value {
    var isByte: Bool { if case .smallInt(let n) = self { (0...255).contains(n) } else { false } }
}

@Suite("SplitMix64 and FNV-1a")
struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func fnv1aMatchesTheStandardValues() {
        #expect(SplitMix64.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(SplitMix64.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(SplitMix64.fnv1a("foobar") == 0x8594_4171_f739_67e8)
        #expect(SplitMix64.fnv1a(Array("foobar".utf8)) == SplitMix64.fnv1a("foobar"))
    }

    @Test func caseSeedIsDeterministicAndDependsOnEveryInput() {
        let base = SplitMix64.caseSeed(run: 1, target: "m:f(list)", index: 0)
        #expect(SplitMix64.caseSeed(run: 1, target: "m:f(list)", index: 0) == base)
        #expect(SplitMix64.caseSeed(run: 2, target: "m:f(list)", index: 0) != base)
        #expect(SplitMix64.caseSeed(run: 1, target: "m:g(list)", index: 0) != base)
        #expect(SplitMix64.caseSeed(run: 1, target: "m:f(list)", index: 1) != base)
        let seeds = Set((0..<1_000).map { SplitMix64.caseSeed(run: 7, target: "m:f(list)", index: $0) })
        #expect(seeds.count == 1_000)
    }

    @Test func pickNeverChoosesAZeroWeight() {
        var g = SplitMix64(seed: 3)
        var counts = [0, 0, 0, 0]
        for _ in 0..<4_000 { counts[g.pick([10, 0, 30, 0])] += 1 }
        #expect(counts[1] == 0 && counts[3] == 0)
        #expect(counts[0] > 700 && counts[2] > 2_500)
        #expect(g.pick([0, 0, 5]) == 2)
    }

    @Test func intStaysInItsRangeAndCoversIt() {
        var g = SplitMix64(seed: 4)
        let drawn = (0..<2_000).map { _ in g.int(in: -2...3) }
        #expect(Set(drawn) == Set(-2...3))
        var always = 0, never = 0
        for _ in 0..<100 {
            if g.chance(100) { always += 1 }
            if g.chance(0) { never += 1 }
        }
        #expect(always == 100 && never == 0)
    }
}
