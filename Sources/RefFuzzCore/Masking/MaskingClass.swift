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
    /// The objects this runtime makes immortal (probed at start-up, see `ImmortalObjects`): on 3.12+
    /// cached ints, singletons and interned strings, whose counts never move.
    case immortal

    /// Why the class hides a bug, for `explain` and summaries.
    public var why: String {
        switch self {
        case .smallIntCache: "cached small ints are never freed, so a dangling borrowed pointer still points at a live object"
        case .internedString: "interned strings are kept alive by the interpreter, so losing the container's reference frees nothing"
        case .singleton: "None, True and False are never freed"
        case .extraReference: "when the caller keeps its own reference, dropping the container's reference frees nothing"
        case .immortal: "immortal objects ignore reference counting altogether: a reference too many or too few changes nothing, and they are never freed"
        }
    }
}

extension MaskingClass {
    /// Names that builtin types keep alive as attribute names, so they are interned and never freed.
    /// All of them are among CPython's static identifiers, which 3.12+ makes immortal (a string 3.13
    /// interns at run time, "union" say, stays mortal).
    public static let interned = Generator.identifiers + [
        "values", "copy", "clear", "count", "index", "insert", "remove", "reverse", "sort", "extend",
        "split", "strip", "replace", "find", "startswith", "endswith", "lower", "upper", "encode", "decode",
        "add", "discard", "setdefault", "popitem", "__len__", "__iter__", "__repr__",
        "__hash__", "__eq__", "__lt__", "__contains__", "__getitem__", "__setitem__", "__delitem__",
        "__class__", "__dict__", "__doc__", "__module__",
    ]
}

extension Case {
    /// The same program with its plain values (ints, strings, singletons, canaries) taken from `masking`,
    /// or nil when that changes nothing. Evil objects, mutators and containers keep their shape; an
    /// argument keeps the kind its target spec gives it. `immortal` says which objects the running
    /// interpreter makes immortal (`.immortal` substitutes those, and nothing when there are none).
    public func substituting(_ masking: MaskingClass, immortal: ImmortalObjects = []) -> Case? {
        var c = self
        func smallInt(_ n: Int) -> Value { .smallInt(n % 256) } // 0...255 are cached by every CPython
        func interned(_ n: Int) -> Value { .internedString(MaskingClass.interned[n % MaskingClass.interned.count]) }
        switch masking {
        case .extraReference:
            guard !extraReference else { return nil }
            c.extraReference = true
            return c
        case .smallIntCache:
            // Distinct values stay distinct up to 256 of them.
            c = mapPlainValues { n, kind, _ in kind == .str ? nil : smallInt(n) }
        case .immortal:
            // Each plain value becomes an immortal object of its own family where the runtime has one
            // (an int a cached int, a string an interned string), else of any immortal family.
            let ints = immortal.contains(.smallInts), strings = immortal.contains(.internedStrings)
            let singletons = immortal.contains(.singletons)
            guard ints || strings || singletons else { return nil }
            func any(_ n: Int) -> Value { ints ? smallInt(n) : strings ? interned(n) : .singleton(Singleton.allCases[n % 3]) }
            c = mapPlainValues { n, kind, value in
                switch kind {
                case .int: return ints ? smallInt(n) : nil
                case .str: return strings ? interned(n) : nil
                default:
                    switch value.dataClass {
                    case .smallInt, .bigInt: return ints ? smallInt(n) : any(n)
                    case .internedString, .freshString: return strings ? interned(n) : any(n)
                    case .singleton: return singletons ? nil : any(n)
                    default: return any(n)
                    }
                }
            }
        case .internedString:
            c = mapPlainValues { n, kind, _ in kind == .int ? nil : interned(n) }
        case .singleton:
            c = mapPlainValues { n, kind, _ in kind == .int || kind == .str ? nil : .singleton(Singleton.allCases[n % 3]) }
        }
        return c == self ? nil : c
    }

    /// Replaces every plain value, numbering them in order so that distinct values stay distinct where
    /// the class allows. `replacement` gets the number, the argument kind (nil inside containers and
    /// steps) and the value, and returns nil to keep the value.
    func mapPlainValues(_ replacement: (Int, ArgumentKind?, Value) -> Value?) -> Case {
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
                let r = replacement(counter, kind, v) ?? v
                canaries[n] = r
                return r
            default:
                defer { counter += 1 }
                return replacement(counter, kind, v) ?? v
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
