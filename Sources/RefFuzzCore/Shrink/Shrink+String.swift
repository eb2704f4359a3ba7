/// Strings shrink shorter and toward ASCII: the empty string, one character, the first half, one
/// character fewer, each character down a class (astral, BMP, Latin-1, ASCII). A string the
/// interpreter caches (empty, one Latin-1 character) becomes an interned one.
extension Value {
    var simplerStrings: [Value] {
        let text: String
        switch self {
        case .internedString(let s), .freshString(let s): text = s
        default: return []
        }
        let scalars = Array(text.unicodeScalars)
        var out: [[Unicode.Scalar]] = [[]]
        if let first = scalars.first { out.append([first]) }
        if scalars.count > 2 { out += [Array(scalars.prefix(scalars.count / 2)), Array(scalars.suffix(scalars.count - scalars.count / 2))] }
        for i in scalars.indices.prefix(8) {
            var fewer = scalars
            fewer.remove(at: i)
            out.append(fewer)
        }
        if scalars.contains(where: { !$0.isASCII }) {
            out.append(scalars.map(Self.scalarDown))
            for i in scalars.indices.prefix(16) where !scalars[i].isASCII {
                for simpler in [Self.representative(Self.scalarClass(scalars[i])), Self.scalarDown(scalars[i])] where simpler != scalars[i] {
                    var lower = scalars
                    lower[i] = simpler
                    out.append(lower)
                }
            }
        }
        let own = (rankForShrinking, stringCost)
        return out.map { Value.string(String(String.UnicodeScalarView($0))) }.filter { ($0.rankForShrinking, $0.stringCost) < own }
    }

    /// The simplest character of the class below: astral to BMP to Latin-1 to ASCII.
    static func scalarDown(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let k = scalarClass(c)
        return k == 0 ? c : representative(k - 1)
    }

    /// The simplest character of each class: 'a', 'é', 'Ā', U+10000.
    static func representative(_ k: Int) -> Unicode.Scalar { ["a", "\u{e9}", "\u{100}", "\u{10000}"][k] }

    /// 0 ASCII, 1 Latin-1, 2 BMP, 3 astral.
    static func scalarClass(_ c: Unicode.Scalar) -> Int { c.isASCII ? 0 : c.value <= 0xFF ? 1 : c.value <= 0xFFFF ? 2 : 3 }

    /// Length first, then how far past ASCII the characters go (and whether each is its class's simplest).
    var stringCost: Int {
        switch self {
        case .internedString(let s), .freshString(let s):
            s.unicodeScalars.reduce(0) { cost, c in
                let k = Self.scalarClass(c)
                return cost + 4 + 2 * k + (k == 0 || c == Self.representative(k) ? 0 : 1)
            }
        default: 0
        }
    }
}
