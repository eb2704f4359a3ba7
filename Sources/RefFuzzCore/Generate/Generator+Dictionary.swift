// Dictionary values, as they are or mutated the way libFuzzer mutates its dictionary entries: a splice
// of two entries, one inserted into another, a run of digits inserted or replacing digits, a repeat,
// a cut. Drawn only when the dictionary has entries of the kind (`ValueDictionary`).
extension Generator {
    func dictionaryString(_ rng: inout SplitMix64) -> Value {
        let pool = dictionary.strings
        let base = pool[Int(rng.next() % UInt64(pool.count))]
        guard rng.chance(50) else { return Value.string(String(String.UnicodeScalarView(base))) }
        let other = pool[Int(rng.next() % UInt64(pool.count))]
        let run = Self.digitRun(&rng).unicodeScalars
        let mutated = Self.mutate(base, other: other, run: Array(run), &rng)
        return Value.string(String(String.UnicodeScalarView(mutated)))
    }

    func dictionaryBytes(_ rng: inout SplitMix64) -> Value {
        let pool = dictionary.bytes
        let base = pool[Int(rng.next() % UInt64(pool.count))]
        guard rng.chance(50) else { return .bytes(base) }
        let other = pool[Int(rng.next() % UInt64(pool.count))]
        return .bytes(Self.mutate(base, other: other, run: Array(Self.digitRun(&rng).utf8), &rng))
    }

    /// A dictionary int, or one near it: plus or minus one, negated, with digits appended, two joined.
    func dictionaryInt(_ rng: inout SplitMix64) -> Value {
        let pool = dictionary.ints
        let digits = pool[Int(rng.next() % UInt64(pool.count))]
        let reach = configuration.reach
        let mutated: String
        switch rng.pick([50, 15, 10, 15, 10]) {
        case 0: mutated = digits
        case 1: mutated = Int(digits).map { String($0 &+ (rng.chance(50) ? 1 : -1)) } ?? digits
        case 2: mutated = digits.hasPrefix("-") ? String(digits.dropFirst()) : digits == "0" ? "0" : "-" + digits
        case 3: mutated = digits + Self.digitRun(&rng).filter(\.isNumber)
        default: mutated = digits + pool[Int(rng.next() % UInt64(pool.count))].filter(\.isNumber)
        }
        return Value.int(digits: ModelScalar.canonical(mutated), reach: reach) ?? Value.int(digits: digits, reach: reach) ?? bigInt(&rng)
    }

    /// Digits as a decoder meets them at its edges: nines, zeros, a sign, a long random run.
    static func digitRun(_ rng: inout SplitMix64) -> String {
        switch rng.pick([25, 20, 15, 25, 15]) {
        case 0: return String(repeating: "9", count: rng.int(in: 1...20))
        case 1: return String(repeating: "0", count: rng.int(in: 1...20))
        case 2: return ["-1", "-0", "+1", "1e999", ".5"][rng.pick([1, 1, 1, 1, 1])]
        case 3: return String((0..<rng.int(in: 1...40)).map { _ in Character(String(rng.int(in: 0...9))) })
        default: return ["2147483648", "4294967296", "9223372036854775808", "18446744073709551616"][rng.pick([1, 1, 1, 1])]
        }
    }

    /// One of libFuzzer's dictionary mutations of `base`, with `other` (another entry) and `run` (digits).
    static func mutate<E: Equatable>(_ base: [E], other: [E], run: [E], _ rng: inout SplitMix64) -> [E] {
        func point(_ a: [E]) -> Int { rng.int(in: 0...a.count) }
        switch rng.pick([20, 20, 25, 10, 15, 10]) {
        case 0: // splice
            return Array(base.prefix(point(base))) + Array(other.suffix(other.count - point(other)))
        case 1: // insert the other entry
            var out = base
            out.insert(contentsOf: other, at: point(base))
            return out
        case 2: // a digit run, inserted or over a run of the same length
            var out = base
            let at = point(base)
            if rng.chance(50) {
                out.insert(contentsOf: run, at: at)
            } else {
                out.replaceSubrange(at..<min(base.count, at + run.count), with: run)
            }
            return out
        case 3: // repeat
            return base + base
        case 4: // cut
            return Array(base.prefix(point(base)))
        default: // drop one element
            guard !base.isEmpty else { return run }
            var out = base
            out.remove(at: rng.int(in: 0...base.count - 1))
            return out
        }
    }
}
