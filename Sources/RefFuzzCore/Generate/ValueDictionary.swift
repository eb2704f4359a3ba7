/// Example values mixed into generated ones, as libFuzzer's `-dict` and AFL++'s autodict: the literals of
/// `fuzz --values FILE` and the string constants of the target's module, so a decoder is fed text close
/// to its grammar. Each kind of generated scalar draws from its pool (str and bytes from every text,
/// ints also as digits), as it is or mutated (`Generator+Dictionary`).
///
///     let d = ValueDictionary(try PythonLiteral.lines(of: "b'\\x93\\x01'\n'{\"a\": 1}'\n", file: "v.txt"))
///     let g = Generator(spec: spec, configuration: .init(dictionary: d))
public struct ValueDictionary: Hashable, Sendable {
    /// The literals, each once, in the order given (at most `maxEntries`).
    public private(set) var literals: [PythonLiteral] = []
    var strings: [[Unicode.Scalar]] = []
    var bytes: [[UInt8]] = []
    /// Decimal digits, signed.
    var ints: [String] = []
    var floats: [Double] = []
    /// Tuples and lists, as the case values they are (built only where the reach allows).
    var sequences: [Value] = []
    var classicSequences: [Value] = []

    public static let maxEntries = 4_096

    public init(_ literals: [PythonLiteral] = []) {
        var seen = Set<PythonLiteral>()
        for literal in literals where self.literals.count < Self.maxEntries && seen.insert(literal).inserted {
            self.literals.append(literal)
            add(literal)
        }
    }

    public var isEmpty: Bool { literals.isEmpty }

    private mutating func add(_ literal: PythonLiteral) {
        switch literal {
        case .int(let digits):
            ints.append(digits)
            strings.append(Array(digits.unicodeScalars))
            bytes.append(Array(digits.utf8))
        case .float(let x):
            floats.append(x)
        case .str(let s):
            strings.append(Array(s.unicodeScalars))
            bytes.append(Array(s.utf8))
        case .bytes(let b):
            bytes.append(b)
            if let s = String(validating: b, as: UTF8.self) { strings.append(Array(s.unicodeScalars)) }
        case .bool, .none:
            break
        case .tuple(let items), .list(let items):
            if let v = literal.value(reach: .reachI) { sequences.append(v) }
            if let v = literal.value(reach: .classic) { classicSequences.append(v) }
            // Their elements feed the scalar pools too.
            for item in items { add(item) }
        }
    }
}

extension PythonLiteral {
    /// The case value for the literal, or nil when the reach cannot make it (a float, bytes or an int
    /// past 64 bits for `.classic`).
    public func value(reach: Generator.Reach) -> Value? {
        switch self {
        case .int(let digits): return Value.int(digits: digits, reach: reach)
        case .float(let x): return reach == .reachI ? .float(x) : nil
        case .str(let s): return Value.string(s)
        case .bytes(let b): return reach == .reachI ? .bytes(b) : nil
        case .bool(let b): return .singleton(b ? .true : .false)
        case .none: return .singleton(.none)
        case .tuple(let items), .list(let items):
            var values: [Value] = []
            for item in items {
                guard let v = item.value(reach: reach) else { return nil }
                values.append(v)
            }
            if case .tuple = self { return .tuple(values) }
            return .list(values)
        }
    }
}

extension Value {
    /// The int of the case's classes for signed decimal `digits`: a cached small int within -5...256, a
    /// big int far outside every cache (an int between the two gets its digits repeated until it is:
    /// 443 becomes 4434434), a huge int past 64 bits (nil for `.classic`).
    static func int(digits: String, reach: Generator.Reach) -> Value? {
        guard let n = Int(digits) else { return reach == .reachI ? .hugeInt(ModelScalar.canonical(digits)) : nil }
        if (-5...256).contains(n) { return .smallInt(n) }
        if n.magnitude >= 1_000_000 || machineBoundaries.contains(n) { return .bigInt(n) }
        let body = String(n.magnitude)
        var far = body
        while far.count < 7 { far += body }
        return .bigInt((n < 0 ? -1 : 1) * Int(far.prefix(18))!)
    }

    /// A str value: interned when the interpreter caches it anyway (empty, one Latin-1 character),
    /// else a fresh object.
    static func string(_ s: String) -> Value { isFresh(s) ? .freshString(s) : .internedString(s) }
}
