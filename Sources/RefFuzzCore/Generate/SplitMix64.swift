/// A small, fast, seedable generator (SplitMix64): the same seed gives the same cases on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of case `index` of `target` in a run seeded with `seed`: independent of every other case,
    /// so a case can be regenerated alone.
    public static func caseSeed(run seed: UInt64, target: String, index: Int) -> UInt64 {
        caseSeed(run: seed, targetHash: fnv1a(target), index: index)
    }

    /// The same, with the target's `fnv1a` hash already made.
    public static func caseSeed(run seed: UInt64, targetHash: UInt64, index: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ targetHash ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return g.next()
    }

    /// FNV-1a, 64 bits: a stable hash (Swift's Hasher is seeded per process).
    public static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }

    public static func fnv1a(_ text: String) -> UInt64 { fnv1a(text.utf8) }

    /// Picks an index with the given weights. (Inlined, so the literal weights of a call site stay
    /// on the stack: generation runs once per case in the children.)
    @inline(__always)
    public mutating func pick(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = Int(next() % UInt64(max(total, 1)))
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    @inline(__always)
    public mutating func chance(_ percent: Int) -> Bool { Int(next() % 100) < percent }

    @inline(__always)
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
