import CPython
import RefFuzzCore
import RefFuzzRuntime

extension Engine {
    /// Which shared objects this Python makes immortal (probed at start-up).
    public var immortalObjects: ImmortalObjects { facts.immortal }

    /// What the detectors can rely on in this Python: the version-aware layer's facts and the notes of
    /// the detectors it turns off (printed at start-up, one line each; empty on 3.11, 3.12 and 3.13).
    public var versionSupport: VersionSupport {
        VersionSupport.probe(facts: facts, compiled: interpreter.compiledVersion, running: interpreter.runtimeVersion)
    }
}

extension VersionSupport {
    static func versionText(_ hex: UInt) -> String { "\(hex >> 24).\((hex >> 16) & 0xff).\((hex >> 8) & 0xff)" }

    /// The static facts (no Python code runs).
    static func probe(facts: RuntimeFacts, compiled: UInt, running: UInt) -> VersionSupport {
        let layout = rf_free_lists()
        var offsets = [Int](repeating: 0, count: 4)
        let count = Int(rf_object_offsets(&offsets, 4))
        var notes: [String] = []
        var freeLists: FreeLists?
        let python = versionText(running)
        if layout.known != 0 {
            freeLists = FreeLists(tupleSizes: Int(layout.tuple_sizes), tupleCapacity: Int(layout.tuple_capacity),
                                  lists: Int(layout.list_capacity), dicts: Int(layout.dict_capacity),
                                  dictKeys: Int(layout.dict_keys_capacity), floats: Int(layout.float_capacity),
                                  slices: Int(layout.slice_capacity))
        } else {
            notes.append("detector narrowed: live objects: the free-list layout of Python \(python) is unknown to this build, so objects parked in free lists count as live (they are primed with guesses of their capacities instead: a leak of intermediates that free lists absorb may be missed)")
        }
        if rf_object_offsets_known() == 0 {
            notes.append("detector narrowed: freed-memory attribution: the object header layout of Python \(python) is unknown to this build (assumed: the GC header is two words), so a freed GC object of the case may be reported as unnamed freed memory")
        }
        let setIteration = String(cString: rf_set_iteration_method())
        let exceptions = String(cString: rf_exception_api())
        return VersionSupport(python: python, headers: versionText(compiled),
                              smallIntLow: facts.smallIntRange.lowerBound, smallIntHigh: facts.smallIntRange.upperBound,
                              immortal: facts.immortal, immortalityProbe: String(cString: rf_immortality_probe()),
                              immortalShared: facts.immortalCount, mortalShared: facts.sharedObjects.count,
                              freeLists: freeLists, objectOffsets: Array(offsets.prefix(count)),
                              setIteration: setIteration, exceptionState: exceptions, notes: notes)
    }
}
