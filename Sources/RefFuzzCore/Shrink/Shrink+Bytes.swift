/// Bytes (and a bytearray's storage) shrink shorter: empty, one byte, the first half, one byte fewer,
/// then toward printable ASCII (every other byte, NUL included, becomes 'a').
extension Value {
    var simplerBytes: [Value] {
        switch self {
        case .bytes(let b): Self.shorterBytes(b).map(Value.bytes).filter { $0.bytesCost < bytesCost }
        case .bytearray(let b): Self.shorterBytes(b).map(Value.bytearray).filter { $0.bytesCost < bytesCost }
        default: []
        }
    }

    static func shorterBytes(_ b: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = [[]]
        if let first = b.first { out.append([first]) }
        if b.count > 2 { out += [Array(b.prefix(b.count / 2)), Array(b.suffix(b.count - b.count / 2))] }
        for i in b.indices.suffix(8).reversed() {
            var fewer = b
            fewer.remove(at: i)
            out.append(fewer)
        }
        if b.contains(where: { !(0x20...0x7E).contains($0) }) { out.append(b.map { (0x20...0x7E).contains($0) ? $0 : 0x61 }) }
        return out
    }

    /// Length first, then the bytes that are not printable ASCII.
    var bytesCost: Int {
        switch self {
        case .bytes(let b), .bytearray(let b): b.count * 2 + b.filter { !(0x20...0x7E).contains($0) }.count
        default: 0
        }
    }
}
