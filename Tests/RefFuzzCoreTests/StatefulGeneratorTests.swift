import Testing
@testable import RefFuzzCore

/// The generator and shrinker for stateful targets: sequences of the listed calls, each with its
/// method's arguments, the object re-entered from programs, and calls dropped by the shrinker.
@Suite("Generator and shrinker: stateful targets")
struct StatefulGeneratorTests {
    static let queue = "m:Queue(){put(any),get(),visit(mutator),clear()}"

    @Test func casesAreValidSequencesOfTheListedCallsUpToEight() throws {
        let all = try cases(Self.queue, seed: 5, count: 2_000)
        for c in all {
            #expect(c.validationProblem == nil, "\(c.callText): \(c.validationProblem ?? "")")
            #expect((1...8).contains(c.calls.count))
        }
        let counts = Set(all.map(\.calls.count))
        #expect(counts == Set(1...8), "\(counts)")
        let methods = Set(all.flatMap { $0.calls.map(\.method) })
        #expect(methods == ["put", "get", "visit", "clear"])
        // Repeats: runs of one method, so a table can fill up.
        #expect(share(all) { c in zip(c.calls, c.calls.dropFirst()).contains { $0.method == $1.method } } > 0.3)
    }

    @Test func programsCallTheObjectsMethodsAndArgumentsAreSometimesTheObject() throws {
        let all = try cases(Self.queue, seed: 6, count: 2_000)
        let steps = all.flatMap { c in c.programs.flatMap(\.steps) }
        let names = Set(steps.compactMap { step -> String? in if case .callMethod(let name, _) = step { name } else { nil } })
        #expect(names == ["put", "get", "visit", "clear"], "\(names)")
        #expect(all.contains { c in c.arguments.contains { $0.value == .selfObject } }, "an any argument is sometimes the object")
        // `self` kinds always are.
        for c in try cases("m:Table(){put(str,any),update(self)}", seed: 7, count: 300) {
            for k in c.calls.indices where c.calls[k].method == "update" {
                #expect(c.arguments[c.argumentRange(ofCall: k)].map(\.value) == [.selfObject])
            }
        }
    }

    @Test func aSingleCallTargetMakesOneCallPerCase() throws {
        for c in try cases("m:Codec(int).encode(list)", count: 300) {
            #expect(c.calls.map(\.method) == ["encode"] && c.arguments.count == 2 && c.validationProblem == nil)
        }
    }

    /// The Queue bug as a synthetic oracle: a put, then a visit whose mutator calls get.
    static func fails(_ c: Case) -> Bool {
        guard let put = c.calls.firstIndex(where: { $0.method == "put" }) else { return false }
        return c.calls.indices.contains { k in
            guard k > put, c.calls[k].method == "visit", case .mutator(let m) = c.arguments[c.argumentRange(ofCall: k)].first?.value,
                  m < c.mutators.count else { return false }
            return c.mutators[m].calls.joined().contains { if case .callMethod("get", _) = $0 { true } else { false } }
        }
    }

    @Test func theShrinkerDropsCallsAndStepsToTheSmallestFailingSequence() throws {
        let generator = Generator(spec: try parse(Self.queue))
        let big = try #require((0..<5_000).lazy.map { generator.generate(seed: 9, index: $0) }.first { Self.fails($0) && $0.calls.count >= 6 })
        let result = Shrinker().shrink(big) { Self.fails($0) }
        let small = result.shrunk
        #expect(small.calls.map(\.method) == ["put", "visit"], "\(small.callText)")
        #expect(small.programs.flatMap(\.steps) == [.callMethod(name: "get", values: [])], "\(small.programs.map(\.steps))")
        #expect(small.size == 3 && small.validationProblem == nil)
    }
}
