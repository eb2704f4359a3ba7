/// A case: plain data that is generated, executed, judged, shrunk, stored and replayed.
///
/// It names its target and holds the abstract argument values, the programs that its mutators and evil
/// objects run, and where it came from. Python is touched only when a case is executed.
public struct Case: Hashable, Sendable {
    public var target: TargetSpec
    /// Positional arguments first, then keyword arguments (those with a name), as in the target.
    public var arguments: [CallArgument]
    public var mutators: [MutatorProgram]
    public var evils: [EvilSpec]
    /// The caller holds one more reference to every object of the case (a data class of its own).
    public var extraReference: Bool
    /// Provenance: the run's seed and the case's index in that run. Not part of the case's identity.
    public var seed: UInt64
    public var index: Int

    public init(target: TargetSpec, arguments: [CallArgument], mutators: [MutatorProgram] = [], evils: [EvilSpec] = [],
                extraReference: Bool = false, seed: UInt64 = 0, index: Int = 0) {
        self.target = target
        self.arguments = arguments
        self.mutators = mutators
        self.evils = evils
        self.extraReference = extraReference
        self.seed = seed
        self.index = index
    }
}

public struct CallArgument: Hashable, Sendable {
    /// The keyword, or nil for a positional argument.
    public var name: String?
    public var value: Value
    public init(name: String? = nil, value: Value) {
        self.name = name
        self.value = value
    }
}

extension Case {
    /// Every program of the case, with who runs it.
    public var programs: [(owner: ProgramOwner, steps: [MutationStep])] {
        var all: [(ProgramOwner, [MutationStep])] = []
        for (m, mutator) in mutators.enumerated() {
            for (c, steps) in mutator.calls.enumerated() { all.append((.mutator(m, call: c), steps)) }
        }
        for (e, evil) in evils.enumerated() {
            for dunder in evil.programs.keys.sorted() {
                for (c, steps) in evil.programs[dunder]!.enumerated() { all.append((.evil(e, dunder, call: c), steps)) }
            }
        }
        return all
    }

    /// The size that shrinking minimizes and reports call `ops`: every element made for the arguments,
    /// every mutation step, and every evil dunder that has a program.
    public var size: Int {
        func count(_ v: Value) -> Int { v.children.reduce(v.children.count) { $0 + count($1) } }
        let elements = arguments.reduce(0) { $0 + count($1.value) }
        let steps = programs.reduce(0) { $0 + $1.steps.count }
        let behaviours = evils.reduce(0) { $0 + $1.programs.count }
        return elements + steps + behaviours
    }

    /// The case without its provenance (two shrinks that meet the same program are the same candidate).
    public var identityOnly: Case {
        var c = self
        c.seed = 0
        c.index = 0
        return c
    }

    /// The case as one line of Python-like text, for messages and the summary.
    public var callText: String {
        let args = arguments.map { a in a.name.map { "\($0)=\(a.value.text)" } ?? a.value.text }
        return "\(target.module).\(target.function)(\(args.joined(separator: ", ")))"
    }
}

/// Who runs a program: a mutator's k-th call, or an evil object's k-th call of a dunder.
public enum ProgramOwner: Hashable, Sendable, CustomStringConvertible {
    case mutator(Int, call: Int)
    case evil(Int, Dunder, call: Int)

    public var description: String {
        switch self {
        case .mutator(let m, let c): "mutator #\(m) call \(c + 1)"
        case .evil(let e, let d, let c): "evil #\(e) \(d.pythonName) call \(c + 1)"
        }
    }
}

extension Value {
    /// Python-like text for stories: `[1000003, <canary #0>]`.
    public var text: String {
        switch self {
        case .smallInt(let n), .bigInt(let n): return String(n)
        case .internedString(let s), .freshString(let s): return "'\(s)'"
        case .singleton(let s): return s.rawValue
        case .canary(let n): return "<canary #\(n)>"
        case .evil(let n): return "<evil #\(n)>"
        case .mutator(let n): return "<mutator #\(n)>"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .set(let items): return items.isEmpty ? "set()" : "{" + items.map(\.text).joined(separator: ", ") + "}"
        case .dict(let entries): return "{" + entries.map { "\($0.key.text): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
