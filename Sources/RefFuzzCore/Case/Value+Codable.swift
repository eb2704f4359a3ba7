/// Values are single-key JSON objects, readable by hand: `{"big-int": 1000003}`, `{"canary": 0}`,
/// `{"list": [{"small-int": 3}]}`, `{"dict": [[{"fresh-str": "ab"}, {"singleton": "None"}]]}`.
extension Value: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case smallInt = "small-int", bigInt = "big-int", internedString = "interned-str", freshString = "fresh-str"
        case singleton, canary, evil, mutator, list, tuple, set, dict
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            let known = Key.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "a value is an object with exactly one of the keys \(known)"))
        }
        switch key {
        case .smallInt: self = .smallInt(try c.decode(Int.self, forKey: key))
        case .bigInt: self = .bigInt(try c.decode(Int.self, forKey: key))
        case .internedString: self = .internedString(try c.decode(String.self, forKey: key))
        case .freshString: self = .freshString(try c.decode(String.self, forKey: key))
        case .singleton: self = .singleton(try c.decode(Singleton.self, forKey: key))
        case .canary: self = .canary(try c.decode(Int.self, forKey: key))
        case .evil: self = .evil(try c.decode(Int.self, forKey: key))
        case .mutator: self = .mutator(try c.decode(Int.self, forKey: key))
        case .list: self = .list(try c.decode([Value].self, forKey: key))
        case .tuple: self = .tuple(try c.decode([Value].self, forKey: key))
        case .set: self = .set(try c.decode([Value].self, forKey: key))
        case .dict:
            let pairs = try c.decode([[Value]].self, forKey: key)
            self = .dict(try pairs.map { pair in
                guard pair.count == 2 else {
                    throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                        debugDescription: "a dict entry is a [key, value] pair"))
                }
                return DictEntry(key: pair[0], value: pair[1])
            })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .smallInt(let n): try c.encode(n, forKey: .smallInt)
        case .bigInt(let n): try c.encode(n, forKey: .bigInt)
        case .internedString(let s): try c.encode(s, forKey: .internedString)
        case .freshString(let s): try c.encode(s, forKey: .freshString)
        case .singleton(let s): try c.encode(s, forKey: .singleton)
        case .canary(let n): try c.encode(n, forKey: .canary)
        case .evil(let n): try c.encode(n, forKey: .evil)
        case .mutator(let n): try c.encode(n, forKey: .mutator)
        case .list(let items): try c.encode(items, forKey: .list)
        case .tuple(let items): try c.encode(items, forKey: .tuple)
        case .set(let items): try c.encode(items, forKey: .set)
        case .dict(let entries): try c.encode(entries.map { [$0.key, $0.value] }, forKey: .dict)
        }
    }
}
