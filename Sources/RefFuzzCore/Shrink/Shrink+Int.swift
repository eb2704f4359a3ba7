/// Ints shrink toward 0: then ±1, small ints of the same sign, the simplest big int of the same sign
/// (±1_000_000), the machine boundaries below it, halves; a huge int toward the 64-bit edges and
/// fewer digits.
extension Value {
    var simplerInts: [Value] {
        let negative: Bool
        var out: [Value] = [.smallInt(0)]
        switch self {
        case .smallInt(let n):
            negative = n < 0
            out += [.smallInt(negative ? -1 : 1), .smallInt(n / 2), .smallInt(n - (negative ? -1 : 1))]
        case .bigInt(let n):
            negative = n < 0
            let sign = negative ? -1 : 1
            out += [.smallInt(sign), .bigInt(sign * 1_000_000)]
            out += Self.signedBoundaries.filter { ($0 < 0) == negative && $0.magnitude < n.magnitude }.map(Value.bigInt)
            if (n / 2).magnitude >= 1_000_000 { out.append(.bigInt(n / 2)) }
        case .hugeInt(let digits):
            negative = digits.hasPrefix("-")
            let sign = negative ? -1 : 1
            out += [.smallInt(sign), .bigInt(sign * 1_000_000), .bigInt(negative ? Int.min : Int.max)]
            out += Generator.hugeBoundaries.filter { $0.hasPrefix("-") == negative && $0 != digits }.map(Value.hugeInt)
            let fewer = String(digits.dropLast())
            if fewer.count > (negative ? 2 : 1), let v = Value.int(digits: fewer, reach: .reachI) { out.append(v) }
        default:
            return []
        }
        let own = intCost
        return out.filter { $0 != self && ($0.rankForShrinking, $0.intCost) < (rankForShrinking, own) }
    }

    /// The machine boundaries that fit 64 bits, of both signs.
    static let signedBoundaries: [Int] = machineBoundaries.sorted() + [Int(Int32.min), Int(Int32.min) - 1, Int.min + 1, Int.min]

    /// How far an int is from the simplest of its class (0; ±1_000_000; 2**63).
    var intCost: Int {
        switch self {
        case .smallInt(let n): return n >= 0 ? 2 * n : -2 * n - 1
        case .bigInt(let n):
            if n.magnitude == 1_000_000 { return n < 0 ? 1 : 0 }
            let bits = UInt.bitWidth - n.magnitude.leadingZeroBitCount
            return 2 + bits * 65 + n.magnitude.nonzeroBitCount + (n < 0 ? 1 : 0) // bits first, then set bits
        case .hugeInt(let digits):
            let negative = digits.hasPrefix("-")
            if digits == Generator.hugeBoundaries[0] { return 0 }
            return 1 + (digits.count - (negative ? 1 : 0)) * 2 + (negative ? 1 : 0)
        default: return 0
        }
    }
}
