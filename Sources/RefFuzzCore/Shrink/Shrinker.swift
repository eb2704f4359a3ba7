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
        var bestKey = start.shrinkKey
        var attempts = 0
        var accepted = 0
        var tried = Set<Case>()
        var improved = true
        while improved && attempts < budget {
            improved = false
            // A group of candidates is made only when the ones before it did not shrink the case.
            groups: for group in Self.groups {
                for candidate in group(best) {
                    guard attempts < budget else { break groups }
                    let key = candidate.shrinkKey
                    guard key.lexicographicallyPrecedes(bestKey), tried.insert(candidate.identityOnly).inserted else { continue }
                    attempts += 1
                    if reproduces(candidate) {
                        best = candidate
                        bestKey = key
                        accepted += 1
                        improved = true
                        break groups
                    }
                }
            }
        }
        return Result(shrunk: best, attempts: attempts, accepted: accepted)
    }

    /// Candidates in the order they are worth trying: big cuts first, then single removals, then
    /// un-aliasing, then simplifications.
    public func candidates(for c: Case) -> [Case] { Self.groups.flatMap { $0(c) } }

    static let groups: [@Sendable (Case) -> [Case]] = {
        let raw: [@Sendable (Case) -> [Case]] = [
            { $0.withoutPrograms() }, { $0.withoutSteps() }, { $0.withoutElements() }, { $0.withoutAliases() },
            { $0.withUsualResults() }, { $0.withSimplerValues() }, { $0.withSimplerSteps() }, { $0.withSimplerObjects() },
            { c in
                guard c.extraReference else { return [] }
                var plain = c
                plain.extraReference = false
                return [plain]
            },
        ]
        return raw.map { group in { c in group(c).map { $0.normalized() } } }
    }()
}

extension Case {
    /// What shrinking minimizes, in order: the aliases (a finding keeps one only when it needs it),
    /// the size, the complexity of the data classes used, then how far each value is from the
    /// simplest of its class (0, 0.0, short ASCII text, short bytes).
    var shrinkKey: [Int] { [aliasCount, size, complexity, detail] }

    /// Sum over all values of their class's rank (None is the simplest, evil objects the least
    /// simple), and of what the harness's objects do besides mutating.
    var complexity: Int {
        var total = arguments.reduce(0) { $0 + $1.value.totalRank }
        total += iterators.reduce(0) { $0 + $1.items.reduce(0) { $0 + $1.totalRank } + ($1.lengthHint == nil ? 0 : 1) }
        total += instances.reduce(0) { $0 + $1.value.totalRank }
        total += behaviourValues.reduce(0) { $0 + $1.totalRank }
        for program in programs {
            for step in program.steps { total += 1 + step.values.reduce(0) { $0 + $1.totalRank } + (abs(step.position) > 1 ? 1 : 0) }
        }
        total += evils.reduce(0) { $0 + ($1.constantHash ? 1 : 0) }
        return total + (extraReference ? 1 : 0)
    }

    /// Sum over all values of their distance from the simplest of their class, of the steps'
    /// parameters, and of how late the behaviours act (their calls, the call each answer comes from).
    var detail: Int {
        var total = valuesForShrinking.reduce(0) { $0 + $1.totalDetail } + programs.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.detail } }
        for behaviour in behaviours {
            total += self[calls: behaviour].count
            total += self[results: behaviour].indices.reduce(0) { $0 + (self[results: behaviour][$1] == .usual ? 0 : $1) }
        }
        return total
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
        case .moveToEnd(_, let n, _): n
        default: 0
        }
    }

    /// How plain a step is: `clear` the plainest, then `append` and `del`, then the others; their
    /// parameters toward 0 (or 1 for a rotation), a set operator toward `|`.
    var detail: Int {
        let kind: Int
        switch self {
        case .clear: kind = 0
        case .append, .deleteItem: kind = 1
        default: kind = 2
        }
        var parameters = abs(position)
        switch self {
        case .rotate(_, let n): parameters += abs(n - 1)
        case .resize(_, let n): parameters += n
        case .extendBuffer(_, let b): parameters += b.count
        case .moveToEnd(_, _, let last): parameters += last ? 0 : 1
        case .setUpdate(_, let op, let values): parameters += values.count + (op == .union ? 0 : 1)
        default: break
        }
        return kind * 1_000 + parameters
    }
}
