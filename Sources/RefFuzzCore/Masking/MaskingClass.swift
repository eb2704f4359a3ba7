/// The data classes a finding can be masked by (TARGETS.md `masked_by`): re-run the same program with
/// the case's plain values taken from the class, and see whether it still fails.
public enum MaskingClass: String, CaseIterable, Hashable, Sendable, Codable {
    /// Ints from the interpreter's small-int cache: a "freed" cached int is still alive in the cache.
    case smallIntCache = "small-int-cache"
    /// Strings the interpreter keeps alive anyway (interned identifiers).
    case internedString = "interned-string"
    /// None, True and False.
    case singleton
    /// The caller holds one more reference to every object.
    case extraReference = "extra-reference"
    /// Objects the runtime never frees (Python 3.12+): cached ints and singletons there.
    case immortal

    /// Why the class hides a bug, for `explain` and summaries.
    public var why: String {
        switch self {
        case .smallIntCache: "cached small ints are never freed, so a dangling borrowed pointer still points at a live object"
        case .internedString: "interned strings are kept alive by the interpreter, so losing the container's reference frees nothing"
        case .singleton: "None, True and False are never freed"
        case .extraReference: "when the caller keeps its own reference, dropping the container's reference frees nothing"
        case .immortal: "immortal objects ignore reference counting altogether"
        }
    }
}

extension MaskingClass {
    /// Names that builtin types keep alive as attribute names, so they are interned and never freed.
    static let interned = Generator.identifiers + [
        "values", "copy", "clear", "count", "index", "insert", "remove", "reverse", "sort", "extend",
        "split", "strip", "replace", "find", "startswith", "endswith", "lower", "upper", "encode", "decode",
        "add", "discard", "union", "setdefault", "popitem", "fromkeys", "__len__", "__iter__", "__repr__",
        "__hash__", "__eq__", "__lt__", "__contains__", "__getitem__", "__setitem__", "__delitem__",
        "__class__", "__dict__", "__doc__", "__module__",
    ]
}

extension Case {
    /// The same program with its plain values (ints, strings, singletons, canaries) taken from `masking`,
    /// or nil when that changes nothing. Evil objects, mutators and containers keep their shape; an
    /// argument keeps the kind its target spec gives it.
    public func substituting(_ masking: MaskingClass) -> Case? {
        var c = self
        switch masking {
        case .extraReference:
            guard !extraReference else { return nil }
            c.extraReference = true
            return c
        case .smallIntCache, .immortal:
            // 0...255 are cached by every CPython: distinct values stay distinct up to 256 of them.
            c = mapPlainValues { n, kind in kind == .str ? nil : .smallInt(n % 256) }
        case .internedString:
            c = mapPlainValues { n, kind in kind == .int ? nil : .internedString(MaskingClass.interned[n % MaskingClass.interned.count]) }
        case .singleton:
            c = mapPlainValues { n, kind in kind == .int || kind == .str ? nil : .singleton(Singleton.allCases[n % 3]) }
        }
        return c == self ? nil : c
    }

    /// Replaces every plain value, numbering them in order so that distinct values stay distinct where
    /// the class allows. `replacement` gets the number and the argument kind (nil inside containers
    /// and steps) and returns nil to keep the value.
    func mapPlainValues(_ replacement: (Int, ArgumentKind?) -> Value?) -> Case {
        var counter = 0
        var canaries: [Int: Value] = [:]
        func map(_ v: Value, kind: ArgumentKind?) -> Value {
            switch v {
            // Floats and bytes are never cached: no class stands for them.
            case .evil, .mutator, .iterator, .file, .instance, .alias, .bytearray, .array, .float, .bytes: return v
            case _ where v.isContainer: return v.mappingChildren { map($0, kind: nil) }
            case .canary(let n):
                if let done = canaries[n] { return done }
                defer { counter += 1 }
                let r = replacement(counter, kind) ?? v
                canaries[n] = r
                return r
            default:
                defer { counter += 1 }
                return replacement(counter, kind) ?? v
            }
        }
        var c = self
        for i in c.arguments.indices {
            let kind = i < target.arguments.count ? target.arguments[i].kind : ArgumentKind.any
            c.arguments[i].value = map(c.arguments[i].value, kind: kind)
        }
        return c.mappingStepValues { map($0, kind: nil) }
    }
}
