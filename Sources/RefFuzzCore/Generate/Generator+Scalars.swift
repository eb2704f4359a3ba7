// The data classes of TARGETS.md for ints, floats, strings and bytes. Never a version's small-int cache:
// `smallInt`s stay within -5...256 (cached by every CPython), `bigInt`s far outside any cache
// (|n| >= 1_000_000) or at the machine boundaries, and the executor checks the cache at run time.
extension Generator {
    /// Cached small ints (mostly 0 to 9, the cache's edges, -5 to -1), fresh big and negative ones,
    /// the 32- and 64-bit boundaries, ints past 64 bits, and the dictionary's ints.
    func makeInt(_ rng: inout SplitMix64) -> Value {
        let weights = [44, 30, 10, 9, reachI ? 5 : 0, dictionary.ints.isEmpty ? 0 : 12]
        switch rng.pick(weights) {
        case 0: return smallInt(&rng)
        case 1: return bigInt(&rng)
        case 2: return .bigInt(-1_000_000 - rng.int(in: 0...999))
        case 3: return boundaryInt(&rng)
        case 4: return hugeInt(&rng)
        default: return dictionaryInt(&rng)
        }
    }

    func smallInt(_ rng: inout SplitMix64) -> Value {
        switch rng.pick([70, 10, 10, 10]) {
        case 0: return .smallInt(rng.int(in: 0...9))
        case 1: return .smallInt(rng.int(in: -5 ... -1))
        case 2: return .smallInt([-5, -1, 0, 1, 255, 256][rng.pick([1, 2, 1, 2, 1, 1])])
        default: return .smallInt(rng.int(in: 10...256))
        }
    }

    /// Far outside any small-int cache (CPython's is -5..256 in 3.11 and wider later).
    func bigInt(_ rng: inout SplitMix64) -> Value {
        rng.chance(90) ? .bigInt(1_000_000 + rng.int(in: 0...999)) : .bigInt(rng.int(in: 1_000_000...Int(Int32.max) * 1000))
    }

    /// 2**31 - 1, 2**31, 2**31 + 1, 2**32 - 1, 2**32, 2**63 - 1 and their negatives; past 64 bits
    /// (2**63, 2**63 + 1, 2**64 - 1, 2**64, 2**64 + 1, -2**63 - 1, -2**64) as huge ints.
    func boundaryInt(_ rng: inout SplitMix64) -> Value {
        let fits = [Int(Int32.max), Int(Int32.max) + 1, Int(Int32.max) + 2, Int(UInt32.max), Int(UInt32.max) + 1,
                    Int.max, Int.max - 1, Int(Int32.min), Int(Int32.min) - 1, Int.min, Int.min + 1]
        if reachI, rng.chance(35) { return .hugeInt(Self.hugeBoundaries[Int(rng.next() % UInt64(Self.hugeBoundaries.count))]) }
        return .bigInt(fits[Int(rng.next() % UInt64(fits.count))])
    }

    static let hugeBoundaries = ["9223372036854775808", "9223372036854775809", "18446744073709551615", "18446744073709551616",
                                 "18446744073709551617", "-9223372036854775809", "-18446744073709551616"]

    /// Far past 64 bits: powers of ten, 2**100, and runs of hundreds of digits (within the 4300 digits
    /// CPython converts from text).
    func hugeInt(_ rng: inout SplitMix64) -> Value {
        let sign = rng.chance(20) ? "-" : ""
        switch rng.pick([40, 20, 40]) {
        case 0: return .hugeInt(sign + "1" + Self.repeated("0", rng.int(in: 20...60)))
        case 1: return .hugeInt(sign + "1267650600228229401496703205376") // 2**100
        default:
            let count = [24, 40, 100, 300, 1_000][rng.pick([30, 30, 20, 15, 5])]
            var digits = Self.randomBytes(count, &rng).map { 0x30 + $0 % 10 }
            if digits[0] == 0x30 { digits[0] = 0x31 }
            return .hugeInt(sign + String(decoding: digits, as: UTF8.self))
        }
    }

    /// Floats: both zeros, nan, the infinities, the smallest subnormal, ordinary ones, the dictionary's.
    func makeFloat(_ rng: inout SplitMix64) -> Value { .float(makeFloatNumber(&rng)) }

    func makeFloatNumber(_ rng: inout SplitMix64) -> Double {
        let specials: [Double] = [0.0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude]
        switch rng.pick([45, 40, dictionary.floats.isEmpty ? 0 : 15]) {
        case 0: return specials[rng.pick([15, 10, 10, 8, 6, 8, 2, 2])]
        case 1:
            let ordinary: [Double] = [1.5, -2.25, 0.1, 1e16, 3.141592653589793, 1e300, -7.0, 9_007_199_254_740_992.0]
            return rng.chance(50) ? ordinary[Int(rng.next() % UInt64(ordinary.count))] : Double(rng.int(in: -1000...1000)) / 8
        default: return dictionary.floats[Int(rng.next() % UInt64(dictionary.floats.count))]
        }
    }

    /// An interned string a third of the time, else a fresh one.
    func makeString(_ rng: inout SplitMix64) -> Value {
        rng.chance(35) ? internedString(&rng) : freshString(&rng)
    }

    static let identifiers = ["append", "keys", "items", "pop", "join", "get", "update", "format", "__init__", "__name__"]

    /// Strings the interpreter keeps alive anyway: identifiers it interned, the empty string, and
    /// one-character Latin-1 strings.
    func internedString(_ rng: inout SplitMix64) -> Value {
        switch rng.pick([80, 10, 10]) {
        case 0: return .internedString(Self.identifiers[Int(rng.next() % UInt64(Self.identifiers.count))])
        case 1: return .internedString("")
        default: return .internedString(["a", "0", " ", "\u{e9}", "\u{ff}"][rng.pick([3, 2, 1, 2, 1])])
        }
    }

    /// New string objects: short ASCII mostly, Latin-1, BMP and astral text, long ones (hundreds and
    /// thousands of characters), and the dictionary's (as they are, or mutated).
    func freshString(_ rng: inout SplitMix64) -> Value {
        let weights = [62, 8, 8, 7, 6, dictionary.strings.isEmpty ? 0 : 20]
        switch rng.pick(weights) {
        case 0: return .freshString(Self.letters(&rng))
        case 1: return text(from: Self.latin1, &rng)
        case 2: return text(from: Self.bmp, &rng)
        case 3: return text(from: Self.astral, &rng)
        case 4:
            // Hundreds or thousands of characters: a unit of one to three, repeated.
            let count = [100, 300, 1_000, 5_000][rng.pick([30, 40, 20, 10])]
            let pool = [Self.ascii, Self.latin1, Self.bmp, Self.astral][rng.pick([70, 10, 10, 10])]
            let unit = String((0..<rng.int(in: 1...3)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] })
            return .freshString(Self.repeated(unit, (count + unit.count - 1) / unit.count))
        default: return dictionaryString(&rng)
        }
    }

    static let ascii = Array("abcdefghijklmnopqrstuvwxyz0123456789 _-.,:;'\"\\{}[]")
    static let latin1 = Array("éèüßÿñçø\u{a0}\u{80}\u{ab}")
    static let bmp = Array("Āжλ中文日本€\u{fffd}\u{200b}\u{d7ff}\u{ffff}")
    static let astral = Array("😀𝄞🐍\u{10000}\u{10ffff}")

    /// One character or a few from `pool`, with ASCII around them sometimes (always fresh: one
    /// Latin-1 character alone is cached, so it gets company).
    func text(from pool: [Character], _ rng: inout SplitMix64) -> Value {
        var chars = (0..<rng.int(in: 1...3)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
        if rng.chance(40) { chars.insert(contentsOf: "ab", at: rng.int(in: 0...chars.count)) }
        let s = String(chars)
        return Value.isFresh(s) ? .freshString(s) : .freshString(s + "a")
    }

    /// `count` copies of `unit`, made from UTF-8 (`String(repeating:count:)` appends a copy at a time).
    static func repeated(_ unit: String, _ count: Int) -> String {
        let bytes = Array(unit.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * count)
        for _ in 0..<count { out.append(contentsOf: bytes) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `n` random bytes, eight from each draw.
    static func randomBytes(_ n: Int, _ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n + 8)
        while out.count < n {
            let word = rng.next()
            for k in 0..<min(8, n - out.count) { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// Bytes: empty, short, just past 8, long, with NULs, and the dictionary's.
    func makeBytes(_ rng: inout SplitMix64) -> Value {
        func random(_ n: Int) -> [UInt8] { Self.randomBytes(n, &rng) }
        switch rng.pick([10, 35, 15, 10, 15, dictionary.bytes.isEmpty ? 0 : 20]) {
        case 0: return .bytes([])
        case 1: return .bytes(rng.chance(50) ? Array("ab".utf8) + random(rng.int(in: 0...6)) : random(rng.int(in: 1...8)))
        case 2: return .bytes(random(rng.int(in: 9...17)))
        case 3:
            let count = [64, 65, 256, 1_000, 4_096][rng.pick([25, 25, 20, 20, 10])]
            return .bytes(rng.chance(50) ? [UInt8](repeating: 0x61, count: count) : random(count))
        case 4:
            var b = Array("a\0b".utf8) + random(rng.int(in: 0...4))
            b.insert(0, at: rng.int(in: 0...b.count))
            return .bytes(b)
        default: return dictionaryBytes(&rng)
        }
    }
}
