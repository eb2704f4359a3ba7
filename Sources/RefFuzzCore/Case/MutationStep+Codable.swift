/// Steps are flat JSON objects: `{"op": "pop", "arg": 0, "index": -1}`, `{"op": "clear", "arg": 1}`,
/// `{"op": "set-update", "arg": 0, "operator": "^", "values": [...]}`, `{"op": "rotate", "arg": 0, "by": 2}`.
extension MutationStep: Codable {
    private enum Key: String, CodingKey {
        case op, arg, index, from, to, value, key, entry, member, last, values, by, bytes, length, method
        case setOperator = "operator"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let op = try c.decode(String.self, forKey: .op)
        let a = try c.decode(Int.self, forKey: .arg)
        func int(_ k: Key) throws -> Int { try c.decode(Int.self, forKey: k) }
        func value(_ k: Key) throws -> Value { try c.decode(Value.self, forKey: k) }
        switch op {
        case "append": self = .append(argument: a, value: try value(.value))
        case "insert": self = .insert(argument: a, at: try int(.index), value: try value(.value))
        case "setitem": self = .setItem(argument: a, at: try int(.index), value: try value(.value))
        case "delitem": self = .deleteItem(argument: a, at: try int(.index))
        case "pop": self = .pop(argument: a, at: try int(.index))
        case "delslice": self = .deleteSlice(argument: a, from: try int(.from), to: try int(.to))
        case "sort": self = .sort(argument: a)
        case "reverse": self = .reverse(argument: a)
        case "clear": self = .clear(argument: a)
        case "dict-set": self = .dictSet(argument: a, key: try value(.key), value: try value(.value))
        case "dict-del": self = .dictDelete(argument: a, entry: try int(.entry))
        case "dict-popitem": self = .dictPopItem(argument: a)
        case "move-to-end": self = .moveToEnd(argument: a, entry: try int(.entry), last: try c.decodeIfPresent(Bool.self, forKey: .last) ?? true)
        case "popitem-first": self = .popItemFirst(argument: a)
        case "set-add": self = .setAdd(argument: a, value: try value(.value))
        case "set-discard": self = .setDiscard(argument: a, member: try int(.member))
        case "set-pop": self = .setPop(argument: a)
        case "set-update":
            self = .setUpdate(argument: a, op: try c.decode(SetOperator.self, forKey: .setOperator), values: try c.decode([Value].self, forKey: .values))
        case "appendleft": self = .appendLeft(argument: a, value: try value(.value))
        case "popleft": self = .popLeft(argument: a)
        case "rotate": self = .rotate(argument: a, by: try int(.by))
        case "extend-buffer":
            guard let bytes = Value.bytes(hex: try c.decode(String.self, forKey: .bytes)) else {
                throw DecodingError.dataCorruptedError(forKey: .bytes, in: c, debugDescription: "bytes are written as an even number of hex digits")
            }
            self = .extendBuffer(argument: a, bytes: bytes)
        case "resize": self = .resize(argument: a, length: try int(.length))
        case "next": self = .next(argument: a)
        case "call-method": self = .callMethod(name: try c.decode(String.self, forKey: .method), values: try c.decode([Value].self, forKey: .values))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: c, debugDescription: "unknown mutation '\(op)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .op)
        try c.encode(argument, forKey: .arg)
        switch self {
        case .append(_, let v), .setAdd(_, let v), .appendLeft(_, let v): try c.encode(v, forKey: .value)
        case .insert(_, let i, let v), .setItem(_, let i, let v):
            try c.encode(i, forKey: .index)
            try c.encode(v, forKey: .value)
        case .deleteItem(_, let i), .pop(_, let i): try c.encode(i, forKey: .index)
        case .deleteSlice(_, let from, let to):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .dictSet(_, let k, let v):
            try c.encode(k, forKey: .key)
            try c.encode(v, forKey: .value)
        case .dictDelete(_, let n): try c.encode(n, forKey: .entry)
        case .moveToEnd(_, let n, let last):
            try c.encode(n, forKey: .entry)
            try c.encode(last, forKey: .last)
        case .setDiscard(_, let n): try c.encode(n, forKey: .member)
        case .setUpdate(_, let op, let vs):
            try c.encode(op, forKey: .setOperator)
            try c.encode(vs, forKey: .values)
        case .rotate(_, let n): try c.encode(n, forKey: .by)
        case .extendBuffer(_, let b): try c.encode(Value.hex(b), forKey: .bytes)
        case .resize(_, let n): try c.encode(n, forKey: .length)
        case .callMethod(let name, let vs):
            try c.encode(name, forKey: .method)
            try c.encode(vs, forKey: .values)
        case .sort, .reverse, .clear, .dictPopItem, .popItemFirst, .setPop, .popLeft, .next: break
        }
    }
}
