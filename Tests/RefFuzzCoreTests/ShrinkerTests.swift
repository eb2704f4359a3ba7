import Testing
@testable import RefFuzzCore

@Suite("Shrinker")
struct ShrinkerTests {
    /// The synthetic bug: it shows iff the first argument is a list holding a big int (at its top level)
    /// and some mutator call contains a `clear` step.
    static func fails(_ c: Case) -> Bool {
        guard case .list(let items)? = c.arguments.first?.value else { return false }
        let bigInt = items.contains { if case .bigInt = $0 { true } else { false } }
        let clears = c.mutators.flatMap(\.calls).joined().contains { if case .clear = $0 { true } else { false } }
        return bigInt && clears
    }

    /// A big generated case that fails.
    static func bigFailingCase() throws -> Case {
        let generator = Generator(spec: try parse("m:f(list,mutator)"))
        let found = (0..<2_000).lazy.map { generator.generate(seed: 17, index: $0) }.first { fails($0) && $0.size >= 12 && !$0.evils.isEmpty }
        return try #require(found)
    }

    /// Shrinks with `fails` as the oracle, recording every question and answer.
    static func shrinkRecordingTheOracle(_ start: Case) -> (Shrinker.Result, [(candidate: Case, answer: Bool)]) {
        var asked: [(candidate: Case, answer: Bool)] = []
        let result = Shrinker().shrink(start) { candidate in
            let answer = fails(candidate)
            asked.append((candidate, answer))
            return answer
        }
        return (result, asked)
    }

    @Test func shrinksToTheMinimalFailingCase() throws {
        let start = try Self.bigFailingCase()
        let (result, asked) = Self.shrinkRecordingTheOracle(start)
        let shrunk = result.shrunk
        #expect(Self.fails(shrunk))
        // Exactly one element (the big int) and one step (the clear); nothing else.
        guard case .list(let items) = shrunk.arguments[0].value, items.count == 1, case .bigInt = items[0] else {
            Issue.record("the list is not shrunk to one big int: \(shrunk.arguments[0].value)")
            return
        }
        #expect(shrunk.arguments[1].value == .mutator(0))
        #expect(shrunk.mutators == [MutatorProgram(calls: [[.clear(argument: 0)]])])
        #expect(shrunk.evils.isEmpty)
        #expect(shrunk.size == 2)
        #expect(shrunk.target == start.target)
        #expect(shrunk.validationProblem == nil)
        // No candidate of the result is both failing and smaller.
        let smaller = Shrinker().candidates(for: shrunk).filter { Self.fails($0) && $0.shrinkKey.lexicographicallyPrecedes(shrunk.shrinkKey) }
        #expect(smaller.isEmpty)
        // The bookkeeping matches what the oracle was asked.
        #expect(result.attempts == asked.count)
        #expect(result.accepted == asked.filter(\.answer).count)
        #expect(result.accepted > 0 && result.attempts <= Shrinker().budget)
    }

    @Test func acceptsOnlyWhatTheOracleAccepts() throws {
        let start = try Self.bigFailingCase()
        let (result, asked) = Self.shrinkRecordingTheOracle(start)
        let accepted = asked.filter(\.answer).map(\.candidate)
        #expect(result.shrunk == accepted.last)
        // Each accepted candidate is smaller than the one before it.
        var previous = start
        for candidate in accepted {
            #expect(candidate.shrinkKey.lexicographicallyPrecedes(previous.shrinkKey))
            previous = candidate
        }
        // Never the same candidate twice, and never one that is not smaller than the start.
        #expect(Set(asked.map(\.candidate.identityOnly)).count == asked.count)
        #expect(asked.allSatisfy { $0.candidate.shrinkKey.lexicographicallyPrecedes(start.shrinkKey) })
    }

    @Test("the budget bounds the attempts", arguments: [0, 1, 5, 20])
    func budget(_ budget: Int) throws {
        let start = try Self.bigFailingCase()
        var calls = 0
        let result = Shrinker(budget: budget).shrink(start) { candidate in
            calls += 1
            return Self.fails(candidate)
        }
        #expect(calls == result.attempts)
        #expect(result.attempts <= budget)
        #expect(Self.fails(result.shrunk))
        if budget == 0 { #expect(result.shrunk == start) }
    }

    @Test func aCaseThatNeverReproducesStaysAsItIs() throws {
        let start = try Self.bigFailingCase()
        let result = Shrinker(budget: 50).shrink(start) { _ in false }
        #expect(result.shrunk == start)
        #expect(result.accepted == 0)
        #expect(result.attempts == 50)
    }

    @Test func theResultIsNormalized() throws {
        let start = try Self.bigFailingCase()
        let shrunk = Shrinker().shrink(start, reproduces: Self.fails).shrunk
        #expect(shrunk == shrunk.normalized())
    }

    @Test func canariesAreRenumberedFromZero() throws {
        // Fails while the list holds a canary; canaries #5 and #9 go, one of them stays as canary #0.
        let start = Case(target: try parse("m:f(list,mutator)"),
                         arguments: [CallArgument(value: .list([.canary(5), .bigInt(1_000_001), .canary(9), .smallInt(2)])),
                                     CallArgument(value: .mutator(0))],
                         mutators: [MutatorProgram(calls: [[.clear(argument: 0)], [.append(argument: 0, value: .canary(12))]])])
        let result = Shrinker().shrink(start) { c in
            guard case .list(let items) = c.arguments[0].value else { return false }
            return items.contains { if case .canary = $0 { true } else { false } }
        }
        #expect(result.shrunk.arguments[0].value == .list([.canary(0)]))
        #expect(result.shrunk.mutators == [MutatorProgram(calls: [])])
    }

    @Test("every candidate of a valid case is valid, and shrinking ends", arguments: generatorSpecs)
    func candidatesAreValid(text: String) throws {
        let generator = Generator(spec: try parse(text))
        for index in 0..<12 {
            let c = generator.generate(seed: 23, index: index)
            for candidate in Shrinker().candidates(for: c) {
                #expect(candidate.validationProblem == nil, "\(candidate.validationProblem ?? "") in a candidate of index \(index)")
                #expect(candidate.target == c.target)
                #expect(candidate.seed == c.seed && candidate.index == c.index)
            }
            // Against "always fails", shrinking reaches a case no candidate improves, well within the budget.
            let result = Shrinker(budget: 5_000).shrink(c) { _ in true }
            #expect(result.attempts < 5_000)
            #expect(Shrinker().candidates(for: result.shrunk).allSatisfy { !$0.shrinkKey.lexicographicallyPrecedes(result.shrunk.shrinkKey) })
        }
    }

    @Test func everyCandidateIsNormalized() throws {
        var candidates = 0
        var notNormalized: [Case] = []
        for text in generatorSpecs {
            let generator = Generator(spec: try parse(text))
            for index in 0..<12 {
                for candidate in Shrinker().candidates(for: generator.generate(seed: 23, index: index)) {
                    candidates += 1
                    if candidate != candidate.normalized() { notNormalized.append(candidate) }
                }
            }
        }
        #expect(candidates > 1_000)
        #expect(notNormalized.isEmpty, "\(notNormalized.count) of \(candidates) candidates change when normalized again")
    }

    /// Evil #0 is referenced nowhere, so `normalized` drops it; the canary its program stored is gone
    /// with it, and the list's canary #1 is the case's only canary: it must become #0.
    @Test func normalizedNumbersOnlyTheCanariesThatRemain() throws {
        let c = Case(target: try parse("m:f(list)"), arguments: [CallArgument(value: .list([.canary(1)]))],
                     evils: [EvilSpec(programs: [.eq: [[.append(argument: 0, value: .canary(0))]]])])
        let n = c.normalized()
        #expect(n.evils.isEmpty)
        #expect(n.arguments[0].value == .list([.canary(0)]))
        #expect(n.normalized() == n)
    }

    @Test func normalizedRenumbersAndDropsUnusedPrograms() throws {
        let c = Case(target: try parse("m:f(list,mutator)"),
                     arguments: [CallArgument(value: .list([.canary(4), .evil(2), .canary(1), .canary(4)])), CallArgument(value: .mutator(1))],
                     mutators: [MutatorProgram(calls: [[.clear(argument: 0)]]), MutatorProgram(calls: [[.append(argument: 0, value: .canary(7))]])],
                     evils: [EvilSpec(constantHash: true), EvilSpec(), EvilSpec(programs: [.repr: [[.reverse(argument: 0)]]])])
        let n = c.normalized()
        // Canaries keep their relative order: 1 -> 0, 4 -> 1, 7 -> 2.
        #expect(n.arguments[0].value == .list([.canary(1), .evil(0), .canary(0), .canary(1)]))
        #expect(n.arguments[1].value == .mutator(0))
        #expect(n.mutators == [MutatorProgram(calls: [[.append(argument: 0, value: .canary(2))]])])
        #expect(n.evils == [EvilSpec(programs: [.repr: [[.reverse(argument: 0)]]])])
        #expect(n.validationProblem == nil)
        #expect(n.normalized() == n)
    }
}
