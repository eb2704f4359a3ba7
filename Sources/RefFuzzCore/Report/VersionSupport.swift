/// What the detectors can rely on in the embedded CPython, probed at start-up (and, for `reffuzz
/// runtime`, checked by measurement): the interpreter internals RefFuzz reads, how it reads them on
/// this version, and the detectors a version's lack turns off. Pure data, so a report can carry it.
public struct VersionSupport: Hashable, Sendable, Codable {
    /// The running libpython ("3.12.1") and the headers this binary was compiled against.
    public var python: String
    public var headers: String
    /// The small-int cache, probed (`PyLong_FromLong(n)` twice gives the same object).
    public var smallIntLow: Int
    public var smallIntHigh: Int
    /// Which shared objects are immortal, and how that was decided.
    public var immortal: ImmortalObjects
    public var immortalityProbe: String
    /// How many of the probed shared objects are immortal and how many are mortal (the mortal ones'
    /// counts are watched across every case).
    public var immortalShared: Int
    public var mortalShared: Int
    /// The free lists whose counters are read (live objects = live blocks - free-listed objects),
    /// with their capacities from the headers; nil when this version's layout is unknown.
    public var freeLists: FreeLists?
    /// Offsets from the start of a memory block at which an object of this version can start.
    public var objectOffsets: [Int]
    /// How sets are iterated and how the pending exception is taken.
    public var setIteration: String
    public var exceptionState: String
    /// "detector disabled: why" (or narrowed) for each detector this version does not fully support;
    /// empty when every detector works as designed. Printed on stderr at start-up, one line each.
    public var notes: [String]
    /// Filled by `reffuzz runtime`: measurements of the detectors' assumptions on this version.
    public var checks: [Check]?

    public struct FreeLists: Hashable, Sendable, Codable {
        /// Tuples of sizes 1...tupleSizes are kept, up to tupleCapacity of each size.
        public var tupleSizes: Int
        public var tupleCapacity: Int
        public var lists: Int
        public var dicts: Int
        public var dictKeys: Int
        public var floats: Int
        public var slices: Int

        public init(tupleSizes: Int, tupleCapacity: Int, lists: Int, dicts: Int, dictKeys: Int, floats: Int, slices: Int) {
            self.tupleSizes = tupleSizes
            self.tupleCapacity = tupleCapacity
            self.lists = lists
            self.dicts = dicts
            self.dictKeys = dictKeys
            self.floats = floats
            self.slices = slices
        }
    }

    /// One measured assumption: what was measured and whether it held.
    public struct Check: Hashable, Sendable, Codable {
        public var name: String
        public var passed: Bool
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    public init(python: String, headers: String, smallIntLow: Int, smallIntHigh: Int, immortal: ImmortalObjects,
                immortalityProbe: String, immortalShared: Int, mortalShared: Int, freeLists: FreeLists?,
                objectOffsets: [Int], setIteration: String, exceptionState: String, notes: [String]) {
        self.python = python
        self.headers = headers
        self.smallIntLow = smallIntLow
        self.smallIntHigh = smallIntHigh
        self.immortal = immortal
        self.immortalityProbe = immortalityProbe
        self.immortalShared = immortalShared
        self.mortalShared = mortalShared
        self.freeLists = freeLists
        self.objectOffsets = objectOffsets
        self.setIteration = setIteration
        self.exceptionState = exceptionState
        self.notes = notes
    }

    /// The facts as lines of text (`reffuzz runtime`).
    public var lines: [String] {
        var lines = ["embedded Python \(python) (headers \(headers))",
                     "small-int cache: \(smallIntLow)...\(smallIntHigh)",
                     "immortal objects (\(immortalityProbe)): \(immortal) (\(immortalShared) immortal, \(mortalShared) mortal shared objects)"]
        if let f = freeLists {
            lines.append("free lists counted: tuples of sizes 1...\(f.tupleSizes) x \(f.tupleCapacity), lists \(f.lists), dicts \(f.dicts), dict keys \(f.dictKeys), floats \(f.floats) (kept closed: every freed float goes back to the allocator), slice cache \(f.slices), contexts, async generators, MemoryErrors")
        } else {
            lines.append("free lists: layout unknown, not counted")
        }
        lines.append("an object starts at offset \(objectOffsets.map(String.init).joined(separator: ", ")) of its memory block")
        lines.append("set iteration: \(setIteration); exception state: \(exceptionState)")
        for check in checks ?? [] {
            lines.append("check \(check.name): \(check.passed ? "ok" : "FAILED"): \(check.detail)")
        }
        lines += notes.isEmpty ? ["every detector works as designed on this version"] : notes
        return lines
    }
}
