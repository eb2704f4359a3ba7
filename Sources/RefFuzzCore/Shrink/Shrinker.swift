/// Shrinks a failing case to a minimal one that still shows the same finding.
///
/// Works on the case IR, not on bytes: it drops mutation programs, steps, evil behaviours, container
/// elements and arguments' contents, and simplifies values toward the simplest data class that still
/// fails. Every candidate is re-executed by `reproduces` (in isolation, by the caller), and counts only
/// if it shows the same kind of finding on the same target, so shrinking never slips to another bug.
///
///     let small = Shrinker(budget: 300).shrink(failing) { candidate in
///         isolate.run(candidate).finding?.kind == .useAfterFree
///     }
public struct Shrinker: Sendable {
    /// The most candidates to try.
    public var budget: Int

    public init(budget: Int = 400) { self.budget = budget }

    public struct Result: Sendable {
        public var shrunk: Case
        public var attempts: Int
        public var accepted: Int
    }

    public func shrink(_ start: Case, reproduces: (Case) -> Bool) -> Result {
        var best = start
        var attempts = 0
        var accepted = 0
        var tried = Set<Case>()
        var improved = true
        while improved && attempts < budget {
            improved = false
            for candidate in candidates(for: best) {
                guard attempts < budget else { break }
                guard candidate.shrinkKey.lexicographicallyPrecedes(best.shrinkKey), tried.insert(candidate.identityOnly).inserted else { continue }
                attempts += 1
                if reproduces(candidate) {
                    best = candidate
                    accepted += 1
                    improved = true
                    break
                }
            }
        }
        return Result(shrunk: best, attempts: attempts, accepted: accepted)
    }

    /// Candidates in the order they are worth trying: big cuts first, then single removals, then
    /// simplifications.
    public func candidates(for c: Case) -> [Case] {
        var all: [Case] = []
        all += c.withoutPrograms()
        all += c.withoutSteps()
        all += c.withoutElements()
        all += c.withSimplerValues()
        all += c.withSimplerSteps()
        all += c.withSimplerEvils()
        if c.extraReference {
            var plain = c
            plain.extraReference = false
            all.append(plain)
        }
        return all.map { $0.normalized() }
    }
}

extension Case {
    /// What shrinking minimizes: the size first, then the complexity of the data classes used.
    var shrinkKey: [Int] { [size, complexity] }

    /// Sum over all values of their class's rank (None is the simplest, evil objects the least simple).
    var complexity: Int {
        func rank(_ v: Value) -> Int { v.rankForShrinking + v.children.reduce(0) { $0 + rank($1) } }
        var total = arguments.reduce(0) { $0 + rank($1.value) }
        for program in programs {
            for step in program.steps { total += 1 + step.values.reduce(0) { $0 + rank($1) } + (abs(step.position) > 1 ? 1 : 0) }
        }
        total += evils.reduce(0) { $0 + ($1.constantHash ? 1 : 0) }
        return total + (extraReference ? 1 : 0)
    }
}

extension MutationStep {
    /// The position a step names, for ranking (0 and -1 are the simplest).
    var position: Int {
        switch self {
        case .insert(_, let i, _), .setItem(_, let i, _), .deleteItem(_, let i), .pop(_, let i): i
        case .deleteSlice(_, let from, _): from
        case .dictDelete(_, let n): n
        case .setDiscard(_, let n): n
        default: 0
        }
    }
}
