/// Learns which kinds each parameter of a callable accepts by calling it (through `call`, which runs
/// each call in a child process) with one sample of each candidate kind in that position and neutral
/// values elsewhere: a TypeError about that argument rules the kind out (`ArgumentBlame`), any other
/// outcome keeps it. The neutral values start as None; a parameter that refuses None (PyArg_ParseTuple's
/// `i` does) hides what the others accept, so after each pass the neutral value of every parameter
/// becomes a sample of a kind it accepts, and the kinds nothing could tell are tried again (three
/// passes at most).
///
///     let probe = KindProbe(slots: [.init(), .init()], call: { args in ... })
///     try probe.run().kinds   // [.int, .int] for PyArg_ParseTuple(args, "ii", ...)
public struct KindProbe {
    /// A parameter: its name (where known), whether it is passed by keyword, and its kind when the
    /// evidence already gave it (those are not probed).
    public struct Slot: Hashable, Sendable {
        public var name: String?
        public var keyword: Bool
        public var known: ArgumentKind?

        public init(name: String? = nil, keyword: Bool = false, known: ArgumentKind? = nil) {
            self.name = name
            self.keyword = keyword
            self.known = known
        }
    }

    /// What a probe call of one candidate showed.
    public enum Verdict: Hashable, Sendable {
        case accepted
        case rejected(String)
        /// A TypeError about another argument: this one passed its check, it seems.
        case elsewhere
        /// A TypeError that names no argument, or about the number of arguments.
        case inconclusive
        case crashed(String)
    }

    public enum Failure: Error, Hashable, Sendable {
        /// Calls with this many arguments raise a TypeError about their number (the message).
        case wrongArity(String)
        /// A call did not finish (its arguments).
        case hung(ProbeArguments)
        /// A parameter accepts none of the kinds tried (its slot, and why).
        case noKind(Int, String)
    }

    /// What the probe learned: a kind for every slot, arguments that passed every parameter's check
    /// (a kind each accepted), and a note for each probed slot.
    public struct Learned: Hashable, Sendable {
        public var kinds: [ArgumentKind]
        public var witness: ProbeArguments
        public var notes: [String]
    }

    public var slots: [Slot]
    public var candidates: [ArgumentKind]
    /// The names of the type whose instances `self` samples are (methods only).
    public var selfTypes: [String]
    /// Makes probe calls (one child may run several: a call that dies is run again alone).
    public var calls: ProbeCalls
    public static let passes = 3

    public init(slots: [Slot], candidates: [ArgumentKind] = KindChoice.candidates, selfTypes: [String] = [],
                calls: @escaping ProbeCalls) {
        self.slots = slots
        self.candidates = candidates
        self.selfTypes = selfTypes
        self.calls = calls
    }

    /// The arguments of a call with `values` in slot order.
    public func arguments(_ values: [ProbeValue]) -> ProbeArguments {
        var arguments = ProbeArguments()
        for (slot, value) in zip(slots, values) {
            if slot.keyword, let name = slot.name {
                arguments.keywords.append(.init(name: name, value: value))
            } else {
                arguments.positional.append(value)
            }
        }
        return arguments
    }

    /// A value of `kind` for a neutral position or a witness (`any`: None).
    static func sample(_ kind: ArgumentKind) -> ProbeValue { kind == .any ? .none : .sample(kind == .callable ? .mutator : kind) }

    public func run() throws(Failure) -> Learned {
        var base = slots.map { $0.known.map(Self.sample) ?? .none }
        let probed = slots.indices.filter { slots[$0].known == nil }
        var verdicts = Array(repeating: [ArgumentKind: Verdict](), count: slots.count)
        // Each pass can settle one more parameter of a left-to-right check (PyArg_ParseTuple stops at
        // the first argument it refuses).
        for _ in 0..<Swift.max(Self.passes, slots.count + 1) {
            let baseline = calls([arguments(base)])[0]
            if baseline == .hung { throw .hung(arguments(base)) }
            if let message = baseline.typeError, ArityMessage.fact(in: message, given: base.count) != nil {
                throw .wrongArity(message)
            }
            for i in probed {
                let tried = candidates.filter { verdicts[i][$0].map(Self.isOpen) ?? true }
                let valuesTried = tried.map { kind in
                    var values = base
                    values[i] = .sample(kind)
                    return values
                }
                var outcomes: [ArgumentKind: (ProbeOutcome, [ProbeValue])] = [:]
                for (kind, (values, outcome)) in zip(tried, zip(valuesTried, calls(valuesTried.map(arguments)))) {
                    if outcome == .hung { throw .hung(arguments(values)) }
                    outcomes[kind] = (outcome, values)
                }
                // A kind at i that passed every check in this pass is the control: calls that differ
                // from it only at i and raise a TypeError naming no argument raise it for i.
                let control = outcomes.values.contains { Self.passes($0.0) }
                for (kind, (outcome, values)) in outcomes {
                    verdicts[i][kind] = verdict(outcome, at: i, values: values, control: control)
                }
            }
            var next = base
            for i in probed { next[i] = Self.neutral(verdicts[i]) }
            let settled = next == base || !probed.contains { verdicts[$0].values.contains(where: Self.isOpen) }
            base = next
            if settled { break }
        }
        var kinds = slots.map { $0.known ?? .any }
        var witness = base
        var notes: [String] = []
        for i in probed {
            let accepted = Set(verdicts[i].filter { $0.value == .accepted || Self.isOpen($0.value) }.keys)
            guard let chosen = KindChoice.choose(accepted: accepted, tried: candidates) else {
                throw .noKind(i, Self.whyNone(verdicts[i]))
            }
            kinds[i] = chosen
            witness[i] = chosen == .any ? Self.neutral(verdicts[i]) : .sample(chosen)
            notes.append(Self.note(verdicts[i], chosen: chosen, accepted: accepted, tried: candidates))
        }
        return Learned(kinds: kinds, witness: arguments(witness), notes: notes)
    }

    /// True for an outcome that refused no argument's type.
    static func passes(_ outcome: ProbeOutcome) -> Bool {
        switch outcome {
        case .returned: return true
        case .raised(let type, let message): return !Self.isTypeRefusal(type, message)
        default: return false
        }
    }

    /// A TypeError, or the SystemError "bad argument to internal function" a C function gets when it
    /// hands an object of the wrong type to the C API (a refusal of that type too).
    static func isTypeRefusal(_ type: String, _ message: String) -> Bool {
        type == "TypeError" || (type == "SystemError" && message.contains("bad argument"))
    }

    /// What the call `outcome` says of the kind in position `i` (`values` its arguments); `control` tells
    /// whether another kind in that position passed with the same other arguments.
    public func verdict(_ outcome: ProbeOutcome, at i: Int, values: [ProbeValue], control: Bool) -> Verdict {
        switch outcome {
        case .returned: return .accepted
        case .setupFailed: return .inconclusive
        case .crashed(let how): return .crashed(how)
        case .hung: return .crashed("hung")
        case .raised(let type, let message):
            guard Self.isTypeRefusal(type, message) else { return .accepted }
            if ArityMessage.fact(in: message, given: values.count) != nil || ArityMessage.isAboutArguments(message) {
                return .inconclusive
            }
            let types = values.map { KindChoice.typeNames(of: $0, selfTypes: selfTypes) }
            if let blamed = ArgumentBlame.positions(in: message, types: types, names: slots.map(\.name)) {
                if blamed == [i] { return .rejected(message) }
                if !blamed.contains(i) { return .elsewhere }
            }
            return values.count == 1 || control ? .rejected(message) : .inconclusive
        }
    }

    /// True for a verdict a later pass may change.
    static func isOpen(_ verdict: Verdict) -> Bool { verdict == .elsewhere || verdict == .inconclusive }

    /// The neutral value for a parameter: a sample of the best kind it accepted outright, else of the
    /// best kind whose calls failed on another argument, else of the best kind not ruled out, else None.
    static func neutral(_ verdicts: [ArgumentKind: Verdict]) -> ProbeValue {
        for wanted in [Verdict.accepted, .elsewhere, .inconclusive] {
            if let kind = KindChoice.best(Set(verdicts.filter { $0.value == wanted }.keys)) { return .sample(kind) }
        }
        return .none
    }

    static func crashes(_ verdicts: [ArgumentKind: Verdict]) -> [(ArgumentKind, String)] {
        ArgumentKind.allCases.compactMap { kind in
            if case .crashed(let how) = verdicts[kind] { return (kind, how) }
            return nil
        }
    }

    static func whyNone(_ verdicts: [ArgumentKind: Verdict]) -> String {
        let crashed = crashes(verdicts)
        if crashed.count == verdicts.count, let how = crashed.first?.1 { return "every probe call crashed (\(how))" }
        let message = ArgumentKind.allCases.lazy.compactMap { kind -> String? in
            if case .rejected(let m) = verdicts[kind] { return m }
            return nil
        }.first
        let died = crashed.isEmpty ? "" : ", \(crashed.count) crashed"
        return "it accepts none of the \(verdicts.count) kinds tried (TypeError: \(message ?? "?")\(died))"
    }

    /// `list only`, `every kind`, `float (also int)`, `any (7 of 16 kinds)`, `not learned`; and the kinds
    /// whose calls crashed.
    static func note(_ verdicts: [ArgumentKind: Verdict], chosen: ArgumentKind, accepted: Set<ArgumentKind>,
                     tried: [ArgumentKind]) -> String {
        let learned = verdicts.values.contains { !isOpen($0) }
        var text: String
        if !learned {
            text = "not learned (no call told)"
        } else if chosen == .any {
            text = accepted.count == tried.count ? "every kind" : "any (\(accepted.count) of \(tried.count) kinds)"
        } else if accepted.count == 1 {
            text = "\(chosen.rawValue) only"
        } else {
            let others = tried.filter { accepted.contains($0) && $0 != chosen }.map(\.rawValue)
            text = "\(chosen.rawValue) (also \(others.prefix(3).joined(separator: ", "))\(others.count > 3 ? ", ..." : ""))"
        }
        let crashed = crashes(verdicts)
        if !crashed.isEmpty {
            let how = Set(crashed.map(\.1)).sorted().joined(separator: ", ")
            text += crashed.count <= 2 ? ", crashed with \(crashed.map(\.0.rawValue).joined(separator: " and ")) (\(how))"
                : ", crashed with \(crashed.count) other kinds (\(how))"
        }
        return text
    }
}
