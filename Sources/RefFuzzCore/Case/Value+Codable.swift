/// Values are single-key JSON objects, readable by hand: `{"big-int": 1000003}`, `{"canary": 0}`,
/// `{"list": [{"small-int": 3}]}`, `{"dict": [[{"fresh-str": "ab"}, {"singleton": "None"}]]}`,
/// `{"huge-int": "18446744073709551616"}`, `{"float": "-0.0"}` (floats as text, so nan and inf fit),
/// `{"bytes": "00ff41"}` (hex), `{"deque": [...]}` or `{"deque": {"items": [...], "maxlen": 2}}`,
/// `{"array": {"typecode": "i", "items": [1, 2]}}`, `{"alias": 0}` (argument 0's object), `{"self": true}`.
extension Value: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case smallInt = "small-int", bigInt = "big-int", hugeInt = "huge-int", float
        case internedString = "interned-str", freshString = "fresh-str", bytes
        case singleton, canary, evil, mutator, iterator, file, instance, alias, selfObject = "self"
        case list, tuple, set, frozenset, dict, orderedDict = "ordered-dict", deque, bytearray, array
    }
    private enum DequeKey: String, CodingKey { case items, maxlen }
    private enum ArrayKey: String, CodingKey { case typecode, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            let known = Key.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "a value is an object with exactly one of the keys \(known)"))
        }
        func fail(_ what: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: what)
        }
        func entries() throws -> [DictEntry] {
            try c.decode([[Value]].self, forKey: key).map { pair in
                guard pair.count == 2 else { throw fail("a dict entry is a [key, value] pair") }
                return DictEntry(key: pair[0], value: pair[1])
            }
        }
        func hex() throws -> [UInt8] {
            let text = try c.decode(String.self, forKey: key)
            guard let bytes = Value.bytes(hex: text) else { throw fail("bytes are written as an even number of hex digits") }
            return bytes
        }
        switch key {
        case .smallInt: self = .smallInt(try c.decode(Int.self, forKey: key))
        case .bigInt: self = .bigInt(try c.decode(Int.self, forKey: key))
        case .hugeInt:
            let digits = try c.decode(String.self, forKey: key)
            guard Value.isDecimal(digits) else { throw fail("a huge int is decimal digits with an optional sign") }
            self = .hugeInt(digits)
        case .float:
            let text = try c.decode(String.self, forKey: key)
            guard let x = Double(text) else { throw fail("a float is written as text: '1.5', '-0.0', 'nan', 'inf'") }
            self = .float(x)
        case .internedString: self = .internedString(try c.decode(String.self, forKey: key))
        case .freshString: self = .freshString(try c.decode(String.self, forKey: key))
        case .bytes: self = .bytes(try hex())
        case .singleton: self = .singleton(try c.decode(Singleton.self, forKey: key))
        case .canary: self = .canary(try c.decode(Int.self, forKey: key))
        case .evil: self = .evil(try c.decode(Int.self, forKey: key))
        case .mutator: self = .mutator(try c.decode(Int.self, forKey: key))
        case .iterator: self = .iterator(try c.decode(Int.self, forKey: key))
        case .file: self = .file(try c.decode(Int.self, forKey: key))
        case .instance: self = .instance(try c.decode(Int.self, forKey: key))
        case .alias: self = .alias(try c.decode(Int.self, forKey: key))
        case .selfObject: self = .selfObject
        case .list: self = .list(try c.decode([Value].self, forKey: key))
        case .tuple: self = .tuple(try c.decode([Value].self, forKey: key))
        case .set: self = .set(try c.decode([Value].self, forKey: key))
        case .frozenset: self = .frozenset(try c.decode([Value].self, forKey: key))
        case .dict: self = .dict(try entries())
        case .orderedDict: self = .orderedDict(try entries())
        case .deque:
            if let items = try? c.decode([Value].self, forKey: key) {
                self = .deque(items, maxlen: nil)
            } else {
                let d = try c.nestedContainer(keyedBy: DequeKey.self, forKey: key)
                self = .deque(try d.decode([Value].self, forKey: .items), maxlen: try d.decodeIfPresent(Int.self, forKey: .maxlen))
            }
        case .bytearray: self = .bytearray(try hex())
        case .array:
            let a = try c.nestedContainer(keyedBy: ArrayKey.self, forKey: key)
            let typecode = try a.decode(ArrayTypecode.self, forKey: .typecode)
            if typecode.isReal {
                let texts = try a.decode([String].self, forKey: .items)
                let reals = try texts.map { text in
                    guard let x = Double(text) else { throw fail("array items of type \(typecode.rawValue) are floats written as text") }
                    return x
                }
                self = .array(ArrayValue(typecode: typecode, reals: reals))
            } else {
                let items = try a.decode([Int].self, forKey: .items)
                guard items.allSatisfy(typecode.range.contains) else { throw fail("an item does not fit array type \(typecode.rawValue)") }
                self = .array(ArrayValue(typecode: typecode, integers: items))
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .smallInt(let n): try c.encode(n, forKey: .smallInt)
        case .bigInt(let n): try c.encode(n, forKey: .bigInt)
        case .hugeInt(let digits): try c.encode(digits, forKey: .hugeInt)
        case .float(let x): try c.encode(Value.floatCode(x), forKey: .float)
        case .internedString(let s): try c.encode(s, forKey: .internedString)
        case .freshString(let s): try c.encode(s, forKey: .freshString)
        case .bytes(let b): try c.encode(Value.hex(b), forKey: .bytes)
        case .singleton(let s): try c.encode(s, forKey: .singleton)
        case .canary(let n): try c.encode(n, forKey: .canary)
        case .evil(let n): try c.encode(n, forKey: .evil)
        case .mutator(let n): try c.encode(n, forKey: .mutator)
        case .iterator(let n): try c.encode(n, forKey: .iterator)
        case .file(let n): try c.encode(n, forKey: .file)
        case .instance(let n): try c.encode(n, forKey: .instance)
        case .alias(let t): try c.encode(t, forKey: .alias)
        case .selfObject: try c.encode(true, forKey: .selfObject)
        case .list(let items): try c.encode(items, forKey: .list)
        case .tuple(let items): try c.encode(items, forKey: .tuple)
        case .set(let items): try c.encode(items, forKey: .set)
        case .frozenset(let items): try c.encode(items, forKey: .frozenset)
        case .dict(let entries): try c.encode(entries.map { [$0.key, $0.value] }, forKey: .dict)
        case .orderedDict(let entries): try c.encode(entries.map { [$0.key, $0.value] }, forKey: .orderedDict)
        case .deque(let items, nil): try c.encode(items, forKey: .deque)
        case .deque(let items, let maxlen):
            var d = c.nestedContainer(keyedBy: DequeKey.self, forKey: .deque)
            try d.encode(items, forKey: .items)
            try d.encodeIfPresent(maxlen, forKey: .maxlen)
        case .bytearray(let b): try c.encode(Value.hex(b), forKey: .bytearray)
        case .array(let a):
            var d = c.nestedContainer(keyedBy: ArrayKey.self, forKey: .array)
            try d.encode(a.typecode, forKey: .typecode)
            if a.typecode.isReal { try d.encode(a.reals.map(Value.floatCode), forKey: .items) } else { try d.encode(a.integers, forKey: .items) }
        }
    }

    /// A float as case files write it: Swift's shortest round-trip text (`1.5`, `-0.0`, `nan`, `inf`).
    static func floatCode(_ x: Double) -> String { "\(x)" }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Decimal digits with an optional leading minus sign.
    static func isDecimal(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        return !body.isEmpty && body.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }
}
