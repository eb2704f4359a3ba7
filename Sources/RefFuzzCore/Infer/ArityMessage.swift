/// What a TypeError about the number of arguments says of a callable's arity, as CPython words them:
/// METH_NOARGS and METH_O functions (`f() takes no arguments (9 given)`, `f() takes exactly one argument
/// (0 given)`), PyArg_ParseTuple and PyArg_ParseTupleAndKeywords (`function takes exactly 2 arguments (9
/// given)`, `function takes at most 3 arguments (9 given)`, `function missing required argument 'value'
/// (pos 1)`), Argument Clinic and PyArg_UnpackTuple (`f expected 2 arguments, got 9`, `f expected at
/// least 1 argument, got 0`), slot wrappers (`expected 1 argument, got 0`), Python functions (`f() takes
/// 2 positional arguments but 9 were given`, `f() missing 2 required positional arguments: 'a' and 'b'`)
/// and `object()` (`T() takes no arguments`).
///
///     ArityMessage.fact(in: "cPyRefs.ref_count() takes exactly one argument (9 given)", given: 9)
///     // ArityFact(min: 1, max: 1)
///     ArityMessage.fact(in: "function missing required argument 'value' (pos 1)", given: 0)
///     // ArityFact(min: 1, max: nil, minIsExact: false)
public struct ArityFact: Hashable, Sendable {
    /// At least this many positional arguments are required (nil: the message does not say).
    public var min: Int?
    /// At most this many are accepted (nil: the message does not say).
    public var max: Int?
    /// False when `min` is only a lower bound: PyArg_ParseTupleAndKeywords names only the first missing
    /// parameter (`(pos 1)`), so later ones may be required too.
    public var minIsExact: Bool

    public init(min: Int?, max: Int?, minIsExact: Bool = true) {
        self.min = min
        self.max = max
        self.minIsExact = minIsExact
    }
}

public enum ArityMessage {
    /// The arity a TypeError message states for a call that passed `given` positional arguments, or nil
    /// when the message is not about the number of arguments.
    public static func fact(in message: String, given: Int) -> ArityFact? {
        let m = message
        if m.contains("takes no arguments") || m.contains("takes no positional arguments")
            || m.contains("takes exactly one argument (the instance to initialize)") {
            return ArityFact(min: 0, max: 0)
        }
        if m.contains("takes exactly one argument") { return ArityFact(min: 1, max: 1) }
        if let match = m.firstMatch(of: /takes (exactly|at least|at most) (\d+) (?:positional |keyword )?arguments?/),
           let n = Int(match.2) {
            switch match.1 {
            case "exactly": return ArityFact(min: n, max: n)
            case "at least": return ArityFact(min: n, max: nil)
            default: return ArityFact(min: nil, max: n)
            }
        }
        if let match = m.firstMatch(of: /takes from (\d+) to (\d+) positional arguments? but/),
           let low = Int(match.1), let high = Int(match.2) {
            return ArityFact(min: low, max: high)
        }
        if let match = m.firstMatch(of: /takes (\d+) positional arguments? but \d+ (?:was|were) given/), let n = Int(match.1) {
            return ArityFact(min: n, max: n)
        }
        if let match = m.firstMatch(of: /expected (at least |at most )?(\d+) arguments?, got \d+/), let n = Int(match.2) {
            switch match.1 {
            case "at least ": return ArityFact(min: n, max: nil)
            case "at most ": return ArityFact(min: nil, max: n)
            default: return ArityFact(min: n, max: n)
            }
        }
        if let match = m.firstMatch(of: /missing required argument '[^']*' \(pos (\d+)\)/), let k = Int(match.1) {
            return ArityFact(min: k, max: nil, minIsExact: false)
        }
        if let match = m.firstMatch(of: /missing (\d+) required positional arguments?/), let n = Int(match.1) {
            return ArityFact(min: given + n, max: nil)
        }
        return nil
    }

    /// The name a PyArg_ParseTupleAndKeywords message gives the missing parameter
    /// (`missing required argument 'count' (pos 2)` → "count"), or nil.
    public static func missingName(in message: String) -> String? {
        message.firstMatch(of: /missing required argument '([^']+)'/).map { String($0.1) }
    }

    /// True for a TypeError about the arguments' number, names or presence that `fact` cannot read
    /// (`f() got an unexpected keyword argument 'x'`, a module's own wording of the same).
    public static func isAboutArguments(_ message: String) -> Bool {
        let m = message.lowercased()
        guard m.contains("argument") else { return false }
        return m.firstMatch(of: /\d+ given|takes|expected \d|missing|unexpected|got \d/) != nil
    }
}
