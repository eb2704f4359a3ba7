/// Learns how many positional arguments a callable without a signature takes, from the TypeErrors
/// CPython raises (`ArityMessage`): first a call with too many Nones (nine), which a METH_NOARGS,
/// METH_O or PyArg_ParseTuple function refuses before it runs, saying its arity or at least its upper
/// bound; then, when the lower bound is still open, a call with none.
///
///     let arity = try ArityProbe(calls: { calls in ... }).run()
///     // cPyRefs.ref_count: Arity(low: 1, high: 1, lowIsExact: true), "takes exactly one argument"
public struct ArityProbe {
    public static let many = 9
    /// Kinds are probed for at most this many parameters.
    public static let largest = 6

    public struct Arity: Hashable, Sendable {
        /// Required arguments (at least this many when `lowIsExact` is false).
        public var low: Int
        /// Accepted arguments at most (nil: any number).
        public var high: Int?
        public var lowIsExact: Bool
        /// Parameter names the messages gave (`missing required argument 'value' (pos 1)`), by position.
        public var names: [Int: String]

        /// How many arguments the kinds are probed with: the required ones (one at least when it takes
        /// some), or the upper bound when a small one is known but not the lower one.
        public var probed: Int {
            if lowIsExact { return Swift.max(low, Swift.min(1, high ?? 1)) }
            if let high, high <= ArityProbe.largest { return high }
            return Swift.max(low, 1)
        }

        /// `takes no arguments`, `takes exactly 2 arguments`, `takes 1 to 3 arguments`.
        public var description: String {
            switch (low, high) {
            case (0, 0?): return "takes no arguments"
            case (1, 1?): return "takes exactly one argument"
            case (let l, let h?) where l == h: return "takes exactly \(l) arguments"
            case (let l, let h?): return "takes \(l) to \(h) arguments"
            case (let l, nil): return l == 0 ? "takes any number of arguments" : "takes at least \(l) argument\(l == 1 ? "" : "s")"
            }
        }
    }

    public enum Failure: Error, Hashable, Sendable {
        /// A call died (what it died of, and the number of arguments it had).
        case died(String, Int)
        /// Calls with nine arguments and with none raise the same TypeError, about no argument count
        /// (`cannot create 'mod.T' instances`): the message.
        case refusesEveryCall(String)
    }

    public var calls: ProbeCalls

    public init(calls: @escaping ProbeCalls) { self.calls = calls }

    func call(_ arguments: ProbeArguments) -> ProbeOutcome { calls([arguments])[0] }

    public func run() throws(Failure) -> Arity {
        var arity = Arity(low: 0, high: nil, lowIsExact: false, names: [:])
        let many = call(.nones(Self.many))
        if case .crashed(let how) = many { throw .died(how, Self.many) }
        if many == .hung { throw .died("hung", Self.many) }
        if let message = many.typeError {
            if let fact = ArityMessage.fact(in: message, given: Self.many) {
                apply(fact, message: message, to: &arity)
            } else if ArityMessage.isAboutArguments(message) {
                arity.high = Self.largest // a wording of its own: the kinds are probed with up to six
            }
        }
        if arity.lowIsExact { return arity }
        let none = call(.nones(0))
        switch none {
        case .crashed(let how): throw .died(how, 0)
        case .hung: throw .died("hung", 0)
        default: break
        }
        if let message = none.typeError, message == many.typeError, ArityMessage.fact(in: message, given: 0) == nil {
            throw .refusesEveryCall(message)
        }
        if let message = none.typeError, let fact = ArityMessage.fact(in: message, given: 0) {
            apply(fact, message: message, to: &arity)
        } else if let message = none.typeError, ArityMessage.isAboutArguments(message) {
            arity.low = Swift.max(arity.low, 1)
        } else {
            arity.low = 0
            arity.lowIsExact = true
        }
        if let high = arity.high, arity.low >= high {
            arity.low = high
            arity.lowIsExact = true
        }
        return arity
    }

    func apply(_ fact: ArityFact, message: String, to arity: inout Arity) {
        if let max = fact.max { arity.high = arity.high.map { Swift.min($0, max) } ?? max }
        if let min = fact.min {
            arity.low = Swift.max(arity.low, min)
            if fact.minIsExact { arity.lowIsExact = true }
            if let name = ArityMessage.missingName(in: message) { arity.names[min - 1] = name }
        }
    }

    /// The required count when the lower bound was open: calls with the first k arguments of `witness`
    /// (arguments that passed every check), for k from the bound up, until one is not refused for its
    /// number of arguments.
    public func required(_ arity: Arity, witness: ProbeArguments) -> Int {
        guard !arity.lowIsExact else { return arity.low }
        let count = witness.positional.count
        for k in arity.low..<Swift.max(arity.low, count) {
            let outcome = call(ProbeArguments(positional: Array(witness.positional.prefix(k))))
            if let message = outcome.typeError,
               ArityMessage.fact(in: message, given: k) != nil || ArityMessage.isAboutArguments(message) { continue }
            return k
        }
        return Swift.max(arity.low, count)
    }
}
