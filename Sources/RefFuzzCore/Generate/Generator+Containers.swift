extension Generator {
    /// Short containers are the ones that find bugs: most have 1 to 3 elements. One top-level container
    /// of a case in fifty is long, at the edges where C code leaves its fast paths (8/9, 16/17, 64/65
    /// items, a few hundred).
    func elementCount(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Int {
        let short = min(limits.shortElements, limits.maxElements)
        if depth == 1, !state.madeLong, limits.maxElements > short, rng.chance(2) {
            let lengths = [8, 9, 16, 17, 64, 65, 200 + rng.int(in: 0...200)]
            let weights = [25, 25, 15, 15, 8, 8, 4].enumerated().map { lengths[$0.offset] <= limits.maxElements ? $0.element : 0 }
            if weights.contains(where: { $0 > 0 }) {
                state.madeLong = true
                return lengths[rng.pick(weights)]
            }
        }
        let counts = [0, 1, 2, 3, 4, 5, 6].filter { $0 <= short }
        let weights = [8, 26, 24, 16, 10, 8, 8].prefix(counts.count)
        return counts[rng.pick(Array(weights))]
    }

    /// The elements of a container; past the first few, those of a long one are plain scalars (cheap to
    /// make, to run and to judge). Sometimes every element is of one scalar class (ints, floats, strs or
    /// bytes): C code that converts each item (a list of numbers, of texts) refuses a mixed container
    /// before it reaches the path a class takes.
    func makeElements(depth: Int, hashable: Bool, _ rng: inout SplitMix64, _ state: inout GenerationState) -> [Value] {
        let count = elementCount(depth: depth, &rng, &state)
        if reachI, count > 0, rng.chance(15) {
            let scalar = rng.pick([40, 25, 25, 10])
            return (0..<count).map { _ in
                switch scalar {
                case 0: return makeInt(&rng)
                case 1: return makeFloat(&rng)
                case 2: return makeString(&rng)
                default: return makeBytes(&rng)
                }
            }
        }
        return (0..<count).map { i in
            i < limits.shortElements ? makeAny(depth: depth, hashable: hashable, &rng, &state) : makePlainScalar(&rng)
        }
    }

    func makeEntries(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> [DictEntry] {
        let count = elementCount(depth: depth, &rng, &state)
        return (0..<count).map { i in
            guard i < limits.shortElements else { return DictEntry(key: makePlainScalar(&rng), value: makePlainScalar(&rng)) }
            return DictEntry(key: makeAny(depth: depth, hashable: true, &rng, &state),
                             value: makeAny(depth: depth, hashable: false, &rng, &state))
        }
    }

    func makeDeque(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        let items = makeElements(depth: depth, hashable: false, &rng, &state)
        // A bounded deque drops from the other end when it is full: sometimes it already is.
        let maxlen: Int? = rng.chance(15) ? [0, 1, 2, 3, max(items.count, 1)][rng.pick([5, 25, 20, 10, 40])] : nil
        guard let maxlen else { return .deque(items, maxlen: nil) }
        return .deque(Array(items.prefix(maxlen)), maxlen: maxlen)
    }

    func makeBuffer(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> [UInt8] {
        Self.randomBytes(elementCount(depth: depth, &rng, &state), &rng)
    }

    /// An `array.array` of any type code, its items within the code's range (edges included).
    func makeArray(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> ArrayValue {
        let code = ArrayTypecode.allCases[rng.pick([10, 6, 6, 4, 14, 4, 6, 4, 8, 4, 6, 10])]
        let count = elementCount(depth: depth, &rng, &state)
        if code.isReal { return ArrayValue(typecode: code, reals: (0..<count).map { _ in arrayReal(code, &rng) }) }
        return ArrayValue(typecode: code, integers: (0..<count).map { _ in arrayInteger(code, &rng) })
    }

    func arrayInteger(_ code: ArrayTypecode, _ rng: inout SplitMix64) -> Int {
        let range = code.range
        switch rng.pick([50, 25, 25]) {
        case 0: return max(range.lowerBound, min(range.upperBound, rng.int(in: -5...100)))
        case 1: return [range.lowerBound, range.upperBound, 0][rng.pick([1, 1, 1])]
        default:
            let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
            return range.lowerBound &+ Int(truncatingIfNeeded: span == UInt64.max ? rng.next() : rng.next() % (span &+ 1))
        }
    }

    func arrayReal(_ code: ArrayTypecode, _ rng: inout SplitMix64) -> Double {
        let x = makeFloatNumber(&rng)
        // An 'f' array stores single precision: a double past its range is inf there, which is fine,
        // but the model compares what was stored, so keep the value a float can hold exactly.
        return code == .f ? Double(Float(x)) : x
    }

    /// A container held by another: mostly lists, tuples, dicts and sets, sometimes the newer kinds.
    func makeContainer(depth: Int, _ rng: inout SplitMix64, _ state: inout GenerationState) -> Value {
        let extra = reachI ? 1 : 0
        let sequences = reachI ? dictionary.sequences : dictionary.classicSequences
        switch rng.pick([5, 3, 2, 2, extra, extra, extra, extra, extra, sequences.isEmpty ? 0 : 2]) {
        case 0: return .list(makeElements(depth: depth, hashable: false, &rng, &state))
        case 1: return .tuple(makeElements(depth: depth, hashable: false, &rng, &state))
        case 2: return .dict(makeEntries(depth: depth, &rng, &state))
        case 3: return .set(makeElements(depth: depth, hashable: true, &rng, &state))
        case 4: return .frozenset(makeElements(depth: depth, hashable: true, &rng, &state))
        case 5: return makeDeque(depth: depth, &rng, &state)
        case 6: return .orderedDict(makeEntries(depth: depth, &rng, &state))
        case 7: return .bytearray(makeBuffer(depth: depth, &rng, &state))
        case 8: return .array(makeArray(depth: depth, &rng, &state))
        default: return sequences[Int(rng.next() % UInt64(sequences.count))] // a tuple or list of the dictionary
        }
    }

    /// A scalar that is no harness object: what fills a long container past its first elements.
    func makePlainScalar(_ rng: inout SplitMix64) -> Value {
        switch rng.pick([50, 30, 10, 10]) {
        case 0: return makeInt(&rng)
        case 1: return makeString(&rng)
        case 2: return .singleton(Singleton.allCases[rng.pick([2, 1, 1])])
        default: return reachI ? makeFloat(&rng) : makeInt(&rng)
        }
    }
}
