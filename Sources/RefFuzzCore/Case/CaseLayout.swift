/// The objects a case makes before the call, numbered ("tags") in the order the executor makes them:
/// arguments in order, each container before its elements. Canaries and the harness's objects (evil
/// objects, mutators, iterators, files, instances) are made once, at their first occurrence; later
/// occurrences refer to the same tag. An alias is the object of the argument it names: made where it
/// first occurs (an argument inside an earlier one is made there), the same tag everywhere.
///
/// The executor and the model both derive their numbering from this one function, so a tag means the
/// same object on both sides. Objects made by mutation steps get tags after these, in the order the
/// steps run (the executor's step log says which).
public struct CaseLayout: Sendable {
    public struct Node: Sendable {
        public var tag: Int
        public var value: Value
        /// Where the object sits: `arg0`, `arg0[-1]`, `default[1]`, `arg1['ab']`.
        public var path: String
        /// Tags of the elements (a dict's keys and values interleaved; an iterator's items, an instance's
        /// contents); empty for scalars.
        public var children: [Int]
        /// The argument it belongs to (the top-level argument itself has depth 0).
        public var argument: Int
        public var depth: Int
    }

    public private(set) var nodes: [Node] = []
    /// The tag of each argument, in `Case.arguments` order.
    public private(set) var argumentTags: [Int] = []
    /// Tags of the numbered objects by kind and number (`"canary"`, `"evil"`, ...).
    public private(set) var numberedTags: [String: [Int: Int]] = [:]
    /// The stateful target's object (made by its constructor call, after the constructor's arguments).
    public private(set) var objectTag: Int?

    public var canaryTags: [Int: Int] { numberedTags["canary"] ?? [:] }
    public var evilTags: [Int: Int] { numberedTags["evil"] ?? [:] }
    public var mutatorTags: [Int: Int] { numberedTags["mutator"] ?? [:] }

    private var placedArguments: [Int: Int] = [:]

    public init(_ c: Case) {
        for i in c.arguments.indices {
            if c.target.isStateful && i == c.target.arguments.count { placeObject() }
            argumentTags.append(placeArgument(i, in: c))
        }
        if c.target.isStateful && objectTag == nil { placeObject() }
    }

    private mutating func placeObject() {
        objectTag = nodes.count
        nodes.append(Node(tag: nodes.count, value: .selfObject, path: "obj", children: [], argument: -1, depth: 0))
    }

    private mutating func placeArgument(_ i: Int, in c: Case) -> Int {
        if let tag = placedArguments[i] { return tag }
        let argument = c.arguments[i]
        var path = argument.name ?? "arg\(i)"
        if c.target.isStateful {
            // `Queue arg0` for the constructor's, `put#2 arg0` for the first argument of the second call.
            if let k = c.call(ofArgument: i) {
                path = "\(c.calls[k].method)#\(k + 1) \(argument.name ?? "arg\(i - c.argumentRange(ofCall: k).lowerBound)")"
            } else {
                path = "\(c.target.function) \(path)"
            }
        }
        return place(argument.value, path: path, argument: i, depth: 0, in: c, asArgument: i)
    }

    private mutating func place(_ value: Value, path: String, argument: Int, depth: Int, in c: Case, asArgument: Int? = nil) -> Int {
        if let kind = value.numberedKind, case let n = value.number, let tag = numberedTags[kind]?[n] { return tag }
        if case .selfObject = value {
            return objectTag ?? placeForeign(value, path: path, argument: argument, depth: depth)
        }
        if case .alias(let i) = value {
            guard i >= 0, i < c.arguments.count else { return placeForeign(value, path: path, argument: argument, depth: depth) }
            return placeArgument(i, in: c)
        }
        let tag = nodes.count
        nodes.append(Node(tag: tag, value: value, path: path, children: [], argument: asArgument ?? argument, depth: depth))
        if let i = asArgument { placedArguments[i] = tag }
        if let kind = value.numberedKind { numberedTags[kind, default: [:]][value.number] = tag }
        var children: [Int] = []
        switch value {
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items), .deque(let items, _):
            let sequence: Bool = { switch value { case .set, .frozenset: false; default: true } }()
            for (i, item) in items.enumerated() {
                let index = sequence && i == items.count - 1 && items.count > 1 ? "-1" : String(i)
                let label = sequence ? "\(path)[\(index)]" : "\(path){\(item.text)}"
                children.append(place(item, path: label, argument: argument, depth: depth + 1, in: c))
            }
        case .dict(let entries), .orderedDict(let entries):
            for entry in entries {
                children.append(place(entry.key, path: "key \(entry.key.text) of \(path)", argument: argument, depth: depth + 1, in: c))
                children.append(place(entry.value, path: "\(path)[\(entry.key.text)]", argument: argument, depth: depth + 1, in: c))
            }
        case .iterator(let n) where n < c.iterators.count:
            for (i, item) in c.iterators[n].items.enumerated() {
                children.append(place(item, path: "item \(i) of \(path)", argument: argument, depth: depth + 1, in: c))
            }
        case .instance(let n) where n < c.instances.count:
            let contents = c.instances[n].value
            if case .dict(let entries) = contents {
                for entry in entries {
                    children.append(place(entry.key, path: "key \(entry.key.text) of \(path)", argument: argument, depth: depth + 1, in: c))
                    children.append(place(entry.value, path: "\(path)[\(entry.key.text)]", argument: argument, depth: depth + 1, in: c))
                }
            } else {
                for (i, item) in contents.children.enumerated() {
                    children.append(place(item, path: "\(path)[\(i)]", argument: argument, depth: depth + 1, in: c))
                }
            }
        default:
            break
        }
        nodes[tag].children = children
        return tag
    }

    /// A malformed alias (validation refuses such cases): a node of its own, so tags stay consistent.
    private mutating func placeForeign(_ value: Value, path: String, argument: Int, depth: Int) -> Int {
        let tag = nodes.count
        nodes.append(Node(tag: tag, value: .singleton(.none), path: path, children: [], argument: argument, depth: depth))
        return tag
    }

    /// The arguments that are one object (`f(a, a)`), as groups of argument indices (a stateful
    /// target's `self` arguments are the object, not aliases of each other).
    public var aliasedArguments: [[Int]] {
        Dictionary(grouping: argumentTags.indices.filter { argumentTags[$0] != objectTag }, by: { argumentTags[$0] }).values
            .filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}

extension Value {
    /// The number of a numbered object (canary, evil, mutator, iterator, file, instance), else 0.
    var number: Int {
        switch self {
        case .canary(let n), .evil(let n), .mutator(let n), .iterator(let n), .file(let n), .instance(let n): n
        default: 0
        }
    }
}
