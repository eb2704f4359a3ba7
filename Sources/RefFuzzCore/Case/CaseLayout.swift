/// The objects a case makes before the call, numbered ("tags") in the order the executor makes them:
/// arguments in order, each container before its elements. Canaries, evil objects and mutators are made
/// once, at their first occurrence; later occurrences refer to the same tag.
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
        /// Tags of the elements (a dict's keys and values interleaved); empty for scalars.
        public var children: [Int]
        /// The argument it belongs to (the top-level argument itself has depth 0).
        public var argument: Int
        public var depth: Int
    }

    public private(set) var nodes: [Node] = []
    /// The tag of each argument, in `Case.arguments` order.
    public private(set) var argumentTags: [Int] = []
    /// Tags of canary, evil and mutator objects by their number.
    public private(set) var canaryTags: [Int: Int] = [:]
    public private(set) var evilTags: [Int: Int] = [:]
    public private(set) var mutatorTags: [Int: Int] = [:]

    public init(_ c: Case) {
        for (i, argument) in c.arguments.enumerated() {
            argumentTags.append(place(argument.value, path: argument.name ?? "arg\(i)", argument: i, depth: 0))
        }
    }

    private mutating func place(_ value: Value, path: String, argument: Int, depth: Int) -> Int {
        switch value {
        case .canary(let n): if let tag = canaryTags[n] { return tag }
        case .evil(let n): if let tag = evilTags[n] { return tag }
        case .mutator(let n): if let tag = mutatorTags[n] { return tag }
        default: break
        }
        let tag = nodes.count
        nodes.append(Node(tag: tag, value: value, path: path, children: [], argument: argument, depth: depth))
        switch value {
        case .canary(let n): canaryTags[n] = tag
        case .evil(let n): evilTags[n] = tag
        case .mutator(let n): mutatorTags[n] = tag
        case .list(let items), .tuple(let items), .set(let items):
            let isList = { if case .list = value { return true } else { return false } }()
            var children: [Int] = []
            for (i, item) in items.enumerated() {
                let index = isList && i == items.count - 1 && items.count > 1 ? "-1" : String(i)
                let label = { if case .set = value { return "\(path){\(item.text)}" } else { return "\(path)[\(index)]" } }()
                children.append(place(item, path: label, argument: argument, depth: depth + 1))
            }
            nodes[tag].children = children
        case .dict(let entries):
            var children: [Int] = []
            for entry in entries {
                children.append(place(entry.key, path: "key \(entry.key.text) of \(path)", argument: argument, depth: depth + 1))
                children.append(place(entry.value, path: "\(path)[\(entry.key.text)]", argument: argument, depth: depth + 1))
            }
            nodes[tag].children = children
        default: break
        }
        return tag
    }
}
