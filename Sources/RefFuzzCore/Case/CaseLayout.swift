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
        /// Where the object sits, said by `CaseLayout.path(of:)`: its container (nil for an argument
        /// or the object) and how that holds it. Kept as parts: only messages need the text.
        public var parent: Int?
        public var place: Place
        /// Tags of the elements (a dict's keys and values interleaved; an iterator's items, an instance's
        /// contents); empty for scalars.
        public var children: [Int]
        /// The argument it belongs to (the top-level argument itself has depth 0).
        public var argument: Int
        public var depth: Int
    }

    /// How a node sits in its parent (or, for a root, its name).
    public enum Place: Sendable {
        /// `arg0`, `default`, `put#2 arg0`, `obj`.
        case root(String)
        /// `[i]` of a sequence (`[-1]` for the last of several), of an instance's contents.
        case index(Int, last: Bool)
        /// `{member}` of a set (the node's own value).
        case member
        /// `key K of` a dict (the node's own value); `[K]` its value.
        case key
        case value(key: Value)
        /// `item i of` an iterator.
        case item(Int)
    }

    public private(set) var nodes: [Node] = []
    /// The tag of each argument, in `Case.arguments` order.
    public private(set) var argumentTags: [Int] = []
    /// Tags of the numbered objects by kind and number (`"canary"`, `"evil"`, ...).
    public var numberedTags: [String: [Int: Int]] {
        var tags: [String: [Int: Int]] = [:]
        for (kind, numbers) in zip(Value.numberedKinds, numbered) where !numbers.isEmpty {
            tags[kind] = Dictionary(uniqueKeysWithValues: numbers.map { ($0.key, $0.value) })
        }
        return tags
    }
    /// The same, by `Value.numberedKindIndex`, then number.
    private var numbered = [TagMap<Int>](repeating: TagMap(), count: Value.numberedKinds.count)
    /// The stateful target's object (made by its constructor call, after the constructor's arguments).
    public private(set) var objectTag: Int?

    public var canaryTags: [Int: Int] { numberedTags["canary"] ?? [:] }
    public var evilTags: [Int: Int] { numberedTags["evil"] ?? [:] }
    public var mutatorTags: [Int: Int] { numberedTags["mutator"] ?? [:] }

    private var placedArguments = TagMap<Int>()

    public init(_ c: Case) {
        for i in c.arguments.indices {
            if c.target.isStateful && i == c.target.arguments.count { placeObject() }
            argumentTags.append(placeArgument(i, in: c))
        }
        if c.target.isStateful && objectTag == nil { placeObject() }
    }

    private mutating func placeObject() {
        objectTag = nodes.count
        nodes.append(Node(tag: nodes.count, value: .selfObject, parent: nil, place: .root("obj"), children: [], argument: -1, depth: 0))
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
        return place(argument.value, parent: nil, place: .root(path), argument: i, depth: 0, in: c, asArgument: i)
    }

    private mutating func place(_ value: Value, parent: Int?, place where: Place, argument: Int, depth: Int, in c: Case,
                                asArgument: Int? = nil) -> Int {
        let numberedKind = value.numberedKindIndex
        if let kind = numberedKind, let tag = numbered[kind][value.number] { return tag }
        if case .selfObject = value {
            return objectTag ?? placeForeign(parent: parent, place: `where`, argument: argument, depth: depth)
        }
        if case .alias(let i) = value {
            guard i >= 0, i < c.arguments.count else { return placeForeign(parent: parent, place: `where`, argument: argument, depth: depth) }
            return placeArgument(i, in: c)
        }
        let tag = nodes.count
        nodes.append(Node(tag: tag, value: value, parent: parent, place: `where`, children: [], argument: asArgument ?? argument, depth: depth))
        if let i = asArgument { placedArguments[i] = tag }
        if let kind = numberedKind { numbered[kind][value.number] = tag }
        var children: [Int] = []
        func element(_ item: Value, _ place: Place) {
            children.append(self.place(item, parent: tag, place: place, argument: argument, depth: depth + 1, in: c))
        }
        func entries(_ entries: [DictEntry]) {
            for entry in entries {
                element(entry.key, .key)
                element(entry.value, .value(key: entry.key))
            }
        }
        switch value {
        case .list(let items), .tuple(let items), .deque(let items, _):
            children.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { element(item, .index(i, last: i == items.count - 1 && items.count > 1)) }
        case .set(let items), .frozenset(let items):
            children.reserveCapacity(items.count)
            for item in items { element(item, .member) }
        case .dict(let pairs), .orderedDict(let pairs):
            children.reserveCapacity(2 * pairs.count)
            entries(pairs)
        case .iterator(let n) where n < c.iterators.count:
            for (i, item) in c.iterators[n].items.enumerated() { element(item, .item(i)) }
        case .instance(let n) where n < c.instances.count:
            let contents = c.instances[n].value
            if case .dict(let pairs) = contents {
                entries(pairs)
            } else {
                for (i, item) in contents.children.enumerated() { element(item, .index(i, last: false)) }
            }
        default:
            break
        }
        nodes[tag].children = children
        return tag
    }

    /// A malformed alias (validation refuses such cases): a node of its own, so tags stay consistent.
    private mutating func placeForeign(parent: Int?, place: Place, argument: Int, depth: Int) -> Int {
        let tag = nodes.count
        nodes.append(Node(tag: tag, value: .singleton(.none), parent: parent, place: place, children: [], argument: argument, depth: depth))
        return tag
    }

    /// Where node `tag` sits: `arg0`, `arg0[-1]`, `default[1]`, `arg1['ab']`, `key 'ab' of arg1`,
    /// `arg0{1000003}`, `item 2 of arg1`.
    public func path(of tag: Int) -> String {
        let node = nodes[tag]
        func of(_ parent: Int?) -> String { parent.map(path(of:)) ?? "?" }
        switch node.place {
        case .root(let name): return name
        case .index(let i, let last): return "\(of(node.parent))[\(last ? "-1" : String(i))]"
        case .member: return "\(of(node.parent)){\(node.value.text)}"
        case .key: return "key \(node.value.text) of \(of(node.parent))"
        case .value(let key): return "\(of(node.parent))[\(key.text)]"
        case .item(let i): return "item \(i) of \(of(node.parent))"
        }
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
