/// Writes the case-specific part of a repro script: the Python code that makes the case's arguments
/// exactly as the executor does, the plans of the harness's objects, and the call. It notes which
/// parts of the harness the code uses (`parts`), so that the script defines only those.
///
/// Every value is made at run time as a new object where the executor makes one: `int('1000000')`,
/// `float('1.5')`, `new_str('ab')`, `tuple([...])`, never a literal that the code object would keep
/// alive (a constant holds a reference, and the bug often shows only when the container holds the
/// only one). Shared values (small ints, interned strings, singletons) are literals: the interpreter
/// keeps them alive anyway. An object that occurs more than once (a canary, an evil object, an argument
/// named by an alias) is a variable of `make_arguments`, gone when it returns.
final class ReproWriter {
    let theCase: Case
    private(set) var parts: Set<ReproPart> = []

    // The state of `make_arguments`: its statements, the variables made so far, the arguments being made.
    private var statements: [String] = []
    private var defined: Set<String> = []
    private var inProgress: Set<String> = []
    private var occurrences: [String: Int] = [:]
    /// Arguments made empty first and filled afterwards: those that contain themselves (through aliases).
    private var filledLater: Set<Int> = []

    init(case theCase: Case) {
        self.theCase = theCase
    }

    func use(_ part: ReproPart) { parts.insert(part) }

    /// True when the case has objects whose methods run plans (`behave`, `PLANS`, `CALLING`).
    var behaves: Bool { parts.contains(where: \.behaves) }

    var argumentNames: [String] { theCase.arguments.indices.map { "arg\($0)" } }

    // MARK: - Values

    /// A Python expression that makes `value` as a new object. `inArguments`: inside `make_arguments`,
    /// where numbered objects met more than once and aliases are variables; elsewhere (the values a step
    /// stores, or a call returns) every value is a new object.
    func expression(_ value: Value, inArguments: Bool = false) -> String {
        let nested = { (v: Value) in self.expression(v, inArguments: inArguments) }
        switch value {
        case .smallInt(let n): return String(n)
        case .bigInt(let n): return "int('\(n)')"
        case .hugeInt(let digits): return "int('\(digits)')"
        case .float(let x): return "float('\(Self.floatCode(x))')"
        case .internedString(let s): return Self.isLiteralInterned(s) ? Value.stringText(s) : "sys.intern(\(Value.stringText(s)))"
        case .freshString(let s):
            use(.newString)
            return "new_str(\(Value.stringText(s)))"
        case .bytes(let b): return b.count <= 1 ? "b" + Value.bytesText(b) : "bytes(bytearray(b\(Value.bytesText(b))))"
        case .singleton(let s): return s.rawValue
        case .canary, .evil, .mutator, .iterator, .file, .instance:
            return inArguments ? numbered(value) : construction(value, nested: nested)
        case .alias(let i):
            guard inArguments, i >= 0, i < theCase.arguments.count else { return "None" }
            return argument(i)
        case .selfObject: return "obj"
        case .list(let items): return "[" + items.map(nested).joined(separator: ", ") + "]"
        case .tuple(let items): return items.isEmpty ? "()" : "tuple([" + items.map(nested).joined(separator: ", ") + "])"
        case .set(let items): return items.isEmpty ? "set()" : "{" + items.map(nested).joined(separator: ", ") + "}"
        case .frozenset(let items): return items.isEmpty ? "frozenset()" : "frozenset([" + items.map(nested).joined(separator: ", ") + "])"
        case .dict(let entries): return "{" + entries.map { "\(nested($0.key)): \(nested($0.value))" }.joined(separator: ", ") + "}"
        case .orderedDict(let entries):
            use(.orderedDict)
            return "OrderedDict(" + (entries.isEmpty ? "" : "[" + entries.map { "(\(nested($0.key)), \(nested($0.value)))" }.joined(separator: ", ") + "]") + ")"
        case .deque(let items, let maxlen):
            use(.deque)
            return "deque([" + items.map(nested).joined(separator: ", ") + "]" + (maxlen.map { ", maxlen=\($0)" } ?? "") + ")"
        case .bytearray(let b): return "bytearray(b\(Value.bytesText(b)))"
        case .array(let a):
            use(.array)
            let items = a.typecode.isReal ? a.reals.map(Value.floatText) : a.integers.map(String.init)
            return "array.array('\(a.typecode.rawValue)', [" + items.joined(separator: ", ") + "])"
        }
    }

    /// The expression that makes a numbered object (a canary, an evil object, ...) anew.
    private func construction(_ value: Value, nested: (Value) -> String) -> String {
        switch value {
        case .canary(let n):
            use(.canary)
            return "Canary(\(n))"
        case .evil(let n):
            use(.evil)
            let spec = n < theCase.evils.count ? theCase.evils[n] : EvilSpec()
            let type = Self.extraDunders(spec).isEmpty ? "Evil" : "Evil\(n)"
            return "\(type)(\(n)\(spec.constantHash ? ", constant_hash=True" : ""))"
        case .mutator(let n):
            use(.mutator)
            return "Mutator(\(n))"
        case .iterator(let n):
            use(.iterator)
            let spec = n < theCase.iterators.count ? theCase.iterators[n] : IteratorSpec()
            let hint = spec.lengthHint.map { ", length_hint=\($0)" } ?? ""
            return "Iterator(\(n), [" + spec.items.map(nested).joined(separator: ", ") + "]\(hint))"
        case .file(let n):
            use(.file)
            return "File(\(n))"
        case .instance(let n):
            use(.instance)
            guard n < theCase.instances.count else { return "None" }
            let contents: String
            switch theCase.instances[n].value {
            case .tuple(let items), .list(let items): contents = "[" + items.map(nested).joined(separator: ", ") + "]"
            case let other: contents = nested(other)
            }
            return "Instance\(n)(\(contents))"
        default:
            return expression(value)
        }
    }

    /// A float as `float()` reads it: `1.5`, `-0.0`, `nan`, `inf`, `-inf`, `5e-324`.
    static func floatCode(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return "\(x)"
    }

    /// True when a str literal is the interned object itself: the compiler interns the constants that
    /// look like identifiers, and the empty and one-character Latin-1 strings are cached.
    static func isLiteralInterned(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        if scalars.count <= 1 { return scalars.allSatisfy { $0.value < 0x100 } }
        return scalars.count <= 40 && scalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The dunders of an evil object beyond those every evil object has (they need a class of its own).
    static func extraDunders(_ spec: EvilSpec) -> [Dunder] {
        Set(spec.programs.keys).union(spec.results.keys).filter { [.del, .len, .lengthHint, .str, .bool].contains($0) }.sorted()
    }

    // MARK: - The arguments

    /// The body of `make_arguments`: the statements that make every argument (`arg0 = [...]`).
    func argumentStatements() -> [String] {
        statements = []
        defined = []
        inProgress = []
        countOccurrences()
        filledLater = selfContaining()
        for i in filledLater.sorted() {
            statements.append("arg\(i) = \(emptyContainer(theCase.arguments[i].value) ?? "None")  # it contains itself: filled below")
            defined.insert("arg\(i)")
        }
        for i in theCase.arguments.indices {
            if filledLater.contains(i) {
                statements.append(fill(i))
            } else {
                _ = argument(i)
            }
        }
        return statements
    }

    /// The variable of argument i, making it first (and what it needs) if it is not made yet.
    private func argument(_ i: Int) -> String {
        let name = "arg\(i)"
        if defined.contains(name) { return name }
        // A tuple or frozenset that holds itself: a Python expression cannot say so.
        if inProgress.contains(name) { return "None" }
        inProgress.insert(name)
        // A stateful target's `self` argument: the object, made by the constructor's call; the calls pass obj.
        let value = theCase.arguments[i].value == .selfObject ? "None  # the object itself: the calls pass obj"
            : expression(theCase.arguments[i].value, inArguments: true)
        statements.append("\(name) = \(value)")
        inProgress.remove(name)
        defined.insert(name)
        return name
    }

    /// A numbered object inside the arguments: inline when it occurs once, else a variable.
    private func numbered(_ value: Value) -> String {
        let name = Self.variable(value)
        if (occurrences[name] ?? 0) <= 1 { return construction(value) { self.expression($0, inArguments: true) } }
        if defined.contains(name) { return name }
        // An iterator or instance that holds itself: a Python expression cannot say so.
        if inProgress.contains(name) { return "None" }
        inProgress.insert(name)
        let made = construction(value) { self.expression($0, inArguments: true) }
        statements.append("\(name) = \(made)")
        inProgress.remove(name)
        defined.insert(name)
        return name
    }

    /// `canary0`, `evil1`, ...: the variable of a numbered object met more than once.
    static func variable(_ value: Value) -> String { "\(value.numberedKind ?? "value")\(value.number)" }

    /// How often each numbered object occurs in the arguments (its contents counted once).
    private func countOccurrences() {
        occurrences = [:]
        func visit(_ value: Value) {
            switch value {
            case .canary, .evil, .mutator, .iterator, .file, .instance:
                let name = Self.variable(value)
                occurrences[name, default: 0] += 1
                guard occurrences[name] == 1 else { return }
                if case .iterator(let n) = value, n < theCase.iterators.count { theCase.iterators[n].items.forEach(visit) }
                if case .instance(let n) = value, n < theCase.instances.count { theCase.instances[n].value.children.forEach(visit) }
            default:
                value.children.forEach(visit)
            }
        }
        theCase.arguments.forEach { visit($0.value) }
    }

    /// The arguments that contain themselves through aliases (`arg0 = [arg0]`, or `arg0` holds `arg1`
    /// which holds `arg0`), when they are containers Python can fill after making them.
    private func selfContaining() -> Set<Int> {
        func aliases(in value: Value) -> Set<Int> {
            var found: Set<Int> = []
            func visit(_ v: Value) {
                switch v {
                case .alias(let j): found.insert(j)
                case .iterator(let n) where n < theCase.iterators.count: theCase.iterators[n].items.forEach(visit)
                case .instance(let n) where n < theCase.instances.count: theCase.instances[n].value.children.forEach(visit)
                default: v.children.forEach(visit)
                }
            }
            visit(value)
            return found
        }
        let edges = theCase.arguments.map { aliases(in: $0.value) }
        var result: Set<Int> = []
        for i in theCase.arguments.indices {
            var seen: Set<Int> = [], frontier = Array(edges[i])
            while let j = frontier.popLast() {
                guard j >= 0, j < edges.count, seen.insert(j).inserted else { continue }
                frontier += edges[j]
            }
            if seen.contains(i), emptyContainer(theCase.arguments[i].value) != nil { result.insert(i) }
        }
        return result
    }

    private func emptyContainer(_ value: Value) -> String? {
        switch value {
        case .list: return "[]"
        case .dict: return "{}"
        case .set: return "set()"
        case .deque(_, let maxlen):
            use(.deque)
            return "deque(" + (maxlen.map { "maxlen=\($0)" } ?? "") + ")"
        case .orderedDict:
            use(.orderedDict)
            return "OrderedDict()"
        default: return nil
        }
    }

    /// Fills a self-containing argument with its elements, in order.
    private func fill(_ i: Int) -> String {
        let name = "arg\(i)"
        let nested = { (v: Value) in self.expression(v, inArguments: true) }
        switch theCase.arguments[i].value {
        case .list(let items), .deque(let items, _): return "\(name).extend([" + items.map(nested).joined(separator: ", ") + "])"
        case .set(let items): return "\(name).update([" + items.map(nested).joined(separator: ", ") + "])"
        case .dict(let entries), .orderedDict(let entries):
            return "\(name).update([" + entries.map { "(\(nested($0.key)), \(nested($0.value)))" }.joined(separator: ", ") + "])"
        default: return "pass"
        }
    }
}

/// The parts of the harness a script may need.
enum ReproPart: Hashable, Comparable {
    case newString, canary, evil, mutator, iterator, file, instance
    case deque, orderedDict, array
    case step, wrap, nth, resize

    /// The objects whose methods run plans.
    var behaves: Bool { [.evil, .mutator, .iterator, .file, .instance].contains(self) }
}
