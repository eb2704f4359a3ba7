/// A case: plain data that is generated, executed, judged, shrunk, stored and replayed.
///
/// It names its target and holds the abstract argument values, the behaviour of the harness's own
/// objects (mutators and callables, evil objects, iterators, file-like objects, instances of subclasses
/// of built-in types), and where it came from. Python is touched only when a case is executed.
public struct Case: Hashable, Sendable {
    public var target: TargetSpec
    /// Positional arguments first, then keyword arguments (those with a name), as in the target. For a
    /// stateful target: the constructor's, then each call's in turn (`argumentRange(ofCall:)`).
    public var arguments: [CallArgument]
    /// For a stateful target: the calls made on its object, in order.
    public var calls: [MethodCall]
    public var mutators: [MutatorProgram]
    public var evils: [EvilSpec]
    public var iterators: [IteratorSpec]
    public var files: [FileSpec]
    public var instances: [InstanceSpec]
    /// The caller holds one more reference to every object of the case (a data class of its own).
    public var extraReference: Bool
    /// Provenance: the run's seed and the case's index in that run. Not part of the case's identity.
    public var seed: UInt64
    public var index: Int

    public init(target: TargetSpec, arguments: [CallArgument], mutators: [MutatorProgram] = [], evils: [EvilSpec] = [],
                iterators: [IteratorSpec] = [], files: [FileSpec] = [], instances: [InstanceSpec] = [],
                calls: [MethodCall] = [], extraReference: Bool = false, seed: UInt64 = 0, index: Int = 0) {
        self.target = target
        self.arguments = arguments
        self.calls = calls
        self.mutators = mutators
        self.evils = evils
        self.iterators = iterators
        self.files = files
        self.instances = instances
        self.extraReference = extraReference
        self.seed = seed
        self.index = index
    }
}

/// One call of a method of a stateful target's object; its arguments follow the earlier calls' in
/// `Case.arguments`, as many as the method's spec has.
public struct MethodCall: Hashable, Sendable {
    public var method: String
    public init(method: String) { self.method = method }
}

extension Case {
    /// The method spec of a call, if the target lists it.
    public func spec(ofCall k: Int) -> MethodSpec? {
        guard k >= 0, k < calls.count else { return nil }
        return target.methods.first { $0.name == calls[k].method }
    }

    /// Where call k's arguments are in `arguments`.
    public func argumentRange(ofCall k: Int) -> Range<Int> {
        var start = target.arguments.count
        for j in 0..<k { start += spec(ofCall: j)?.arguments.count ?? 0 }
        return start..<(start + (spec(ofCall: k)?.arguments.count ?? 0))
    }

    /// The spec of every argument in `arguments`: the constructor's, then each call's.
    public var argumentSpecs: [ArgumentSpec] {
        target.arguments + calls.indices.flatMap { spec(ofCall: $0)?.arguments ?? [] }
    }

    /// The call that argument i belongs to (nil: the function's or the constructor's).
    public func call(ofArgument i: Int) -> Int? {
        calls.indices.first { argumentRange(ofCall: $0).contains(i) }
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
    /// Every behaviour of the case's harness objects, in a stable order.
    public var behaviours: [Behaviour] {
        var all: [Behaviour] = mutators.indices.map { .mutator($0) }
        for (e, evil) in evils.enumerated() { all += Set(evil.programs.keys).union(evil.results.keys).sorted().map { Behaviour.evil(e, $0) } }
        all += iterators.indices.map { .iterator($0) }
        for (f, file) in files.enumerated() { all += Set(file.programs.keys).union(file.results.keys).sorted().map { Behaviour.file(f, $0) } }
        for (i, instance) in instances.enumerated() {
            all += Set(instance.programs.keys).union(instance.results.keys).sorted().map { Behaviour.instance(i, $0) }
        }
        return all
    }

    /// The step sequences of a behaviour, one per call.
    public subscript(calls behaviour: Behaviour) -> [[MutationStep]] {
        get {
            switch behaviour {
            case .mutator(let m): m < mutators.count ? mutators[m].calls : []
            case .evil(let e, let d): e < evils.count ? evils[e].programs[d] ?? [] : []
            case .iterator(let i): i < iterators.count ? iterators[i].calls : []
            case .file(let f, let m): f < files.count ? files[f].programs[m] ?? [] : []
            case .instance(let i, let m): i < instances.count ? instances[i].programs[m] ?? [] : []
            }
        }
        set {
            switch behaviour {
            case .mutator(let m): mutators[m].calls = newValue
            case .evil(let e, let d): evils[e].programs[d] = newValue.isEmpty ? nil : newValue
            case .iterator(let i): iterators[i].calls = newValue
            case .file(let f, let m): files[f].programs[m] = newValue.isEmpty ? nil : newValue
            case .instance(let i, let m): instances[i].programs[m] = newValue.isEmpty ? nil : newValue
            }
        }
    }

    /// What each call of a behaviour answers (past the end: `.usual`).
    public subscript(results behaviour: Behaviour) -> [CallResult] {
        get {
            switch behaviour {
            case .mutator(let m): m < mutators.count ? mutators[m].results : []
            case .evil(let e, let d): e < evils.count ? evils[e].results[d] ?? [] : []
            case .iterator(let i): i < iterators.count ? iterators[i].results : []
            case .file(let f, let m): f < files.count ? files[f].results[m] ?? [] : []
            case .instance(let i, let m): i < instances.count ? instances[i].results[m] ?? [] : []
            }
        }
        set {
            let trimmed = Array(newValue.reversed().drop { $0 == .usual }.reversed())
            switch behaviour {
            case .mutator(let m): mutators[m].results = trimmed
            case .evil(let e, let d): evils[e].results[d] = trimmed.isEmpty ? nil : trimmed
            case .iterator(let i): iterators[i].results = trimmed
            case .file(let f, let m): files[f].results[m] = trimmed.isEmpty ? nil : trimmed
            case .instance(let i, let m): instances[i].results[m] = trimmed.isEmpty ? nil : trimmed
            }
        }
    }

    /// Every program of the case (one per call of a behaviour), with who runs it.
    public var programs: [(owner: ProgramOwner, steps: [MutationStep])] {
        behaviours.flatMap { behaviour in
            self[calls: behaviour].enumerated().map { (ProgramOwner(behaviour, call: $0.offset), $0.element) }
        }
    }

    /// Every value the case's behaviours hand out: returned values, iterator items, instance contents.
    public var behaviourValues: [Value] {
        var all: [Value] = []
        for behaviour in behaviours {
            for case .value(let v) in self[results: behaviour] { all.append(v) }
        }
        return all
    }

    /// The size that shrinking minimizes and reports call `ops`: every element made for the arguments
    /// (an iterator's items and an instance's contents included), every mutation step, every method of
    /// an evil object, file or instance that does something, and every call that answers other than
    /// usual.
    public var size: Int {
        func count(_ v: Value) -> Int { v.children.reduce(v.children.count) { $0 + count($1) } }
        let elements = arguments.reduce(0) { $0 + count($1.value) } + instances.reduce(0) { $0 + count($1.value) }
            + iterators.reduce(0) { $0 + count(.list($1.items)) }
        let steps = programs.reduce(0) { $0 + $1.steps.count }
        let all = behaviours
        let methods = all.filter { if case .mutator = $0 { false } else if case .iterator = $0 { false } else { true } }.count
        let answers = all.reduce(0) { $0 + self[results: $1].filter { $0 != .usual }.count }
        return elements + steps + methods + answers
    }

    /// The case without its provenance (two shrinks that meet the same program are the same candidate).
    public var identityOnly: Case {
        var c = self
        c.seed = 0
        c.index = 0
        return c
    }

    /// The case as one line of Python-like text, for messages and the summary: `mod.f(...)`, or for a
    /// stateful target `obj = mod.Queue(); obj.put(<canary #0>); obj.visit(<mutator #0>)`.
    public var callText: String {
        func text(_ range: Range<Int>) -> String {
            arguments[range.clamped(to: arguments.indices)].map { a in a.name.map { "\($0)=\(a.value.text)" } ?? a.value.text }.joined(separator: ", ")
        }
        let constructor = "\(target.module).\(target.function)(\(text(0..<target.arguments.count)))"
        guard target.isStateful else { return constructor }
        return (["obj = " + constructor] + calls.indices.map { "obj.\(calls[$0].method)(\(text(argumentRange(ofCall: $0))))" }).joined(separator: "; ")
    }

    /// The text of call k alone: `obj.put(<canary #0>)` (the constructor's call for k = nil).
    public func callText(ofCall k: Int?) -> String {
        guard let k else { return "\(target.module).\(target.function)(...)" }
        let args = arguments[argumentRange(ofCall: k).clamped(to: arguments.indices)].map { $0.value.text }
        return "obj.\(calls[k].method)(\(args.joined(separator: ", ")))"
    }
}

/// A behaviour of one of the case's harness objects: what a method of it does, call after call.
public enum Behaviour: Hashable, Sendable, Comparable {
    case mutator(Int)
    case evil(Int, Dunder)
    case iterator(Int)
    case file(Int, FileMethod)
    case instance(Int, String)

    /// "mutator #0", "evil #1 __eq__", "iterator #0 __next__", "file #0 write", "instance #2 lower".
    public var description: String {
        switch self {
        case .mutator(let m): "mutator #\(m)"
        case .evil(let e, let d): "evil #\(e) \(d.pythonName)"
        case .iterator(let i): "iterator #\(i) __next__"
        case .file(let f, let m): "file #\(f) \(m.rawValue)"
        case .instance(let i, let m): "instance #\(i) \(m)"
        }
    }

    private var order: (Int, Int, Int, String) {
        switch self {
        case .mutator(let m): (0, m, 0, "")
        case .evil(let e, let d): (1, e, Int(d.slot), "")
        case .iterator(let i): (2, i, 0, "")
        case .file(let f, let m): (3, f, FileMethod.allCases.firstIndex(of: m)!, "")
        case .instance(let i, let m): (4, i, 0, m)
        }
    }

    public static func < (a: Behaviour, b: Behaviour) -> Bool { a.order < b.order }
}

/// Who runs a program: the k-th call of a behaviour.
public struct ProgramOwner: Hashable, Sendable, CustomStringConvertible {
    public var behaviour: Behaviour
    public var call: Int

    public init(_ behaviour: Behaviour, call: Int) {
        self.behaviour = behaviour
        self.call = call
    }

    public static func mutator(_ m: Int, call: Int) -> ProgramOwner { ProgramOwner(.mutator(m), call: call) }
    public static func evil(_ e: Int, _ d: Dunder, call: Int) -> ProgramOwner { ProgramOwner(.evil(e, d), call: call) }

    public var description: String { "\(behaviour.description) call \(call + 1)" }
}

extension Value {
    /// Python-like text for stories: `[1000003, <canary #0>]`.
    public var text: String {
        switch self {
        case .smallInt(let n), .bigInt(let n): return String(n)
        case .hugeInt(let digits): return digits
        case .float(let x): return Value.floatText(x)
        case .internedString(let s), .freshString(let s): return Value.stringText(s)
        case .bytes(let b): return "b" + Value.bytesText(b)
        case .singleton(let s): return s.rawValue
        case .canary(let n): return "<canary #\(n)>"
        case .evil(let n): return "<evil #\(n)>"
        case .mutator(let n): return "<mutator #\(n)>"
        case .iterator(let n): return "<iterator #\(n)>"
        case .file(let n): return "<file #\(n)>"
        case .instance(let n): return "<instance #\(n)>"
        case .alias(let t): return "<argument \(t)>"
        case .selfObject: return "obj"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .set(let items): return items.isEmpty ? "set()" : "{" + items.map(\.text).joined(separator: ", ") + "}"
        case .frozenset(let items): return "frozenset(" + (items.isEmpty ? "" : "{" + items.map(\.text).joined(separator: ", ") + "}") + ")"
        case .dict(let entries): return "{" + entries.map { "\($0.key.text): \($0.value.text)" }.joined(separator: ", ") + "}"
        case .orderedDict(let entries):
            return "OrderedDict(" + (entries.isEmpty ? "" : "[" + entries.map { "(\($0.key.text), \($0.value.text))" }.joined(separator: ", ") + "]") + ")"
        case .deque(let items, let maxlen):
            return "deque([" + items.map(\.text).joined(separator: ", ") + "]" + (maxlen.map { ", maxlen=\($0)" } ?? "") + ")"
        case .bytearray(let b): return "bytearray(b" + Value.bytesText(b) + ")"
        case .array(let a):
            let items = a.typecode.isReal ? a.reals.map(Value.floatText) : a.integers.map(String.init)
            return "array('\(a.typecode.rawValue)', [" + items.joined(separator: ", ") + "])"
        }
    }

    /// A float as Python writes it: `1.5`, `-0.0`, `nan`, `inf` (as `float('nan')` in code).
    static func floatText(_ x: Double) -> String {
        if x.isNaN { return "float('nan')" }
        if x.isInfinite { return x < 0 ? "float('-inf')" : "float('inf')" }
        return "\(x)" // Swift writes doubles as Python's repr does: 1.5, -0.0, 1e+16, 5e-324
    }

    /// A str literal: `'abc'`, `'caf\xe9'`, `'\U0001f600'` (long ones shortened: `'aaaa...'*300`).
    static func stringText(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        if scalars.count > 40, Set(scalars).count == 1 { return "'" + escape(scalars[0]) + "' * \(scalars.count)" }
        return "'" + scalars.map(escape).joined() + "'"
    }

    private static func escape(_ c: Unicode.Scalar) -> String {
        switch c {
        case "\\": return "\\\\"
        case "'": return "\\'"
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default: break
        }
        if c.value >= 0x20 && c.value < 0x7F { return String(c) }
        if c.value < 0x100 { return "\\x" + hex(c.value, 2) }
        if c.value < 0x10000 { return "\\u" + hex(c.value, 4) }
        return "\\U" + hex(c.value, 8)
    }

    /// The quoted body of a bytes literal: `'ab\x00'` (long runs shortened like strings).
    static func bytesText(_ b: [UInt8]) -> String {
        if b.count > 40, Set(b).count == 1 { return "'" + byteEscape(b[0]) + "' * \(b.count)" }
        return "'" + b.map(byteEscape).joined() + "'"
    }

    private static func byteEscape(_ byte: UInt8) -> String {
        switch byte {
        case 0x5C: return "\\\\"
        case 0x27: return "\\'"
        case 0x20..<0x7F: return String(UnicodeScalar(byte))
        default: return "\\x" + hex(UInt32(byte), 2)
        }
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
