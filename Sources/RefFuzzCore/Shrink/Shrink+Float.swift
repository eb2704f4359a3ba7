/// Floats shrink toward 0.0: then -0.0 for a negative one, ±1.0, the integral part, halves; the
/// non-finite ones and the subnormals are the least simple.
extension Value {
    var simplerFloats: [Value] {
        guard case .float(let x) = self else { return [] }
        var out: [Double] = [0.0]
        if x.sign == .minus { out.append(-0.0) }
        out += [1.0, -1.0]
        if x.isFinite {
            out.append(x.rounded(.towardZero))
            if abs(x) >= 2 { out.append((x / 2).rounded(.towardZero)) }
        }
        let own = floatCost
        return out.map(Value.float).filter { $0.floatCost < own }
    }

    var floatCost: Int {
        guard case .float(let x) = self else { return 0 }
        let negative = x.sign == .minus ? 1 : 0
        if x == 0 { return negative }
        if x.isNaN { return 10_000 }
        if x.isInfinite { return 9_000 + negative }
        if x.isSubnormal { return 8_000 + negative }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 {
            let n = UInt64(abs(x))
            return 2 + (UInt64.bitWidth - n.leadingZeroBitCount) * 4 + negative * 2
        }
        return 1_000 + min(abs(x.exponent), 1_100) + negative
    }
}
