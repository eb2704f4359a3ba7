/// What the executor saw when it ran a case: the raw material the judge compares with the model.
/// Pure data; made in the child process, judged there, and sent to the parent when it holds a finding.
public struct Observation: Hashable, Sendable, Codable {
    /// One entry per tag (the layout's objects first, then those made by mutation steps).
    public var objects: [ObservedObject] = []
    /// Contents of the case's containers right after they were built.
    public var afterBuild: [ContainerSnapshot] = []
    /// Contents of the case's live containers after the call returned and its result was released.
    public var afterCall: [ContainerSnapshot] = []
    /// Every mutation step the harness ran, in the order it started them.
    public var steps: [StepRecord] = []
    /// How the call ended (for a stateful target: the constructor's call).
    public var outcome: CallOutcome = .returned
    /// For a stateful target: each method call of the case, in order.
    public var calls: [CallRecord] = []
    /// For a stateful target whose object outlived its release and garbage collection: how many more
    /// references to it the objects it reaches hold than its count says (more than 0: a reference to
    /// the object was released that was never owned, which is what kept a cycle through it alive).
    public var objectReferencesMissing: Int?
    public var events: [DetectorEvent] = []
    public var marks = HarnessMarks()
    public var teardown = TeardownObservation()
    /// Filled when the judge asked for repeated runs to tell a leak from a one-off retention.
    public var repetitions: [Repetition]?
    /// Filled when the repetitions grew every time: many more runs, measured only at both ends.
    public var longRun: LongRun?

    public init() {}
}

/// One object of the case as observed.
public struct ObservedObject: Hashable, Sendable, Codable {
    public var tag: Int
    public var dataClass: DataClass
    /// Several tags can be one object (two occurrences of the small int 3): the lowest such tag.
    public var identity: Int
    /// Shared objects (cached ints, interned strings, singletons) have references from outside the case.
    public var shared: Bool
    /// References the harness holds (the caller's variable for an argument, the extra reference).
    public var harnessReferences: Int
    /// Reference count minus the references from outside the case, after the call (nil when dead).
    public var countAfterCall: Int?
    /// The harness step during which it died, if it did.
    public var deathStep: Int?
    /// The harness step that made it (0: the build).
    public var createdAt: Int
    /// For an object made by a mutation step: its position in that step's values.
    public var madeBy: Int?
    /// For the object a harness object's call answered with (`CallResult.value`): that call.
    public var answeredBy: OwnerRecord?

    public init(tag: Int, dataClass: DataClass, identity: Int, shared: Bool, harnessReferences: Int,
                countAfterCall: Int? = nil, deathStep: Int? = nil, createdAt: Int = 0, madeBy: Int? = nil) {
        self.tag = tag
        self.dataClass = dataClass
        self.identity = identity
        self.shared = shared
        self.harnessReferences = harnessReferences
        self.countAfterCall = countAfterCall
        self.deathStep = deathStep
        self.createdAt = createdAt
        self.madeBy = madeBy
    }
}

/// A container's elements by tag (-1: an object that is not part of the case); a dict's keys and
/// values interleaved; a set's members in iteration order.
public struct ContainerSnapshot: Hashable, Sendable, Codable {
    public var tag: Int
    public var kind: ArgumentKind
    public var elements: [Int]
    /// Objects the container holds a reference to besides its elements' slots, by tag: the keys of an
    /// OrderedDict's order list when its dict and list disagree (it is then seen as a dict, whose
    /// entries are `elements`, and each node still holds its key). Nil when there are none.
    public var held: [Int]?
    public init(tag: Int, kind: ArgumentKind, elements: [Int], held: [Int]? = nil) {
        self.tag = tag
        self.kind = kind
        self.elements = elements
        self.held = held?.isEmpty == true ? nil : held
    }
}

/// One mutation step the harness ran.
public struct StepRecord: Hashable, Sendable, Codable {
    /// The harness step number (events and deaths are stamped with it).
    public var number: Int
    public var owner: OwnerRecord
    /// Position of the step in its program.
    public var position: Int
    public var step: MutationStep
    /// 0 for a step run directly by the target's call; more when run from inside another step.
    public var depth: Int
    public var outcome: StepOutcome
    /// Tags of the objects the step made, in `step.values` order.
    public var created: [Int]
    /// The container's elements before and after the step (nil when the step was skipped).
    public var before: ContainerSnapshot?
    public var after: ContainerSnapshot?
    /// Other steps ran inside this one (an evil dunder or __del__ called back into the harness).
    public var reentered: Bool
    /// Every live container of the case when the step started, for a step the target's own code set
    /// off (depth 0): what the target's code had done to them by then.
    public var seen: [ContainerSnapshot]?
    /// For a call of the stateful object's method (`callMethod`): every live container when it returned
    /// (the object's own code ran meanwhile).
    public var seenAfter: [ContainerSnapshot]?
    /// For a step run inside another (depth > 0): the objects that had died in the enclosing step before
    /// this one started (deaths are stamped with the enclosing step's number, before and after this one
    /// alike). A list's dealloc releases its items last to first, so an item's `__del__` may run a step
    /// after the list and its later items are gone.
    public var deadOnEntry: [Int]?

    public init(number: Int, owner: OwnerRecord, position: Int, step: MutationStep, depth: Int,
                outcome: StepOutcome, created: [Int] = [], before: ContainerSnapshot? = nil,
                after: ContainerSnapshot? = nil, reentered: Bool = false) {
        self.number = number
        self.owner = owner
        self.position = position
        self.step = step
        self.depth = depth
        self.outcome = outcome
        self.created = created
        self.before = before
        self.after = after
        self.reentered = reentered
    }
}

/// `ProgramOwner` as stored in observations.
public struct OwnerRecord: Hashable, Sendable, Codable, CustomStringConvertible {
    /// "mutator", "evil", "iterator", "file" or "instance".
    public var kind: String
    public var number: Int
    public var dunder: Dunder?
    /// The method of a file or an instance.
    public var method: String?
    public var call: Int

    public init(_ owner: ProgramOwner) {
        call = owner.call
        dunder = nil
        method = nil
        switch owner.behaviour {
        case .mutator(let m): kind = "mutator"; number = m
        case .evil(let e, let d): kind = "evil"; number = e; dunder = d
        case .iterator(let i): kind = "iterator"; number = i
        case .file(let f, let m): kind = "file"; number = f; method = m.rawValue
        case .instance(let i, let m): kind = "instance"; number = i; method = m
        }
    }

    public var owner: ProgramOwner {
        switch kind {
        case "evil": ProgramOwner(.evil(number, dunder ?? .eq), call: call)
        case "iterator": ProgramOwner(.iterator(number), call: call)
        case "file": ProgramOwner(.file(number, FileMethod(rawValue: method ?? "") ?? .write), call: call)
        case "instance": ProgramOwner(.instance(number, method ?? ""), call: call)
        default: ProgramOwner(.mutator(number), call: call)
        }
    }

    public var description: String { owner.description }
}

public enum StepOutcome: Hashable, Sendable, Codable {
    case done
    /// Not applicable when it ran (the argument is not such a container, or it is empty).
    case skipped
    /// The operation raised (the harness cleared the exception and went on), e.g. sort of mixed types.
    case raised(String)
}

/// How the call ended.
public enum CallOutcome: Hashable, Sendable, Codable {
    case returned
    /// It raised the exception of that type (not a finding).
    case raised(type: String, message: String)
    /// NULL without an exception set.
    case nullWithoutException
    /// A result with an exception set.
    case resultWithException
}

/// A detector's record of something that must not happen (see RefFuzzRuntime's rf_event).
public struct DetectorEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case useAfterDeath = "use-after-death"
        case deallocAfterDeath = "dealloc-after-death"
        case countAfterDeath = "count-after-death"
        case freedObjectUsed = "freed-object-used"
        case freedMemoryWritten = "freed-memory-written"
        case doubleFree = "double-free"
        /// A freed block of raw memory (no object: a buffer's storage, scratch memory) that had pages of
        /// its own was read or written: the guard-page mode's fault handler saw it.
        case freedRawMemoryAccessed = "freed-raw-memory-accessed"
    }
    /// The slot of a use through a pointer read from freed memory (not an object's own memory).
    public static let stalePointer = "pointer read from freed memory"

    public var kind: Kind
    /// How the object was used: "repr", "hash", "compare", ...; "read" or "write" (or "memory write"
    /// when it is not known which) for freed raw memory.
    public var slot: String
    /// The case object, when the address was one.
    public var tag: Int?
    public var step: Int
    /// Freed raw memory: the block's size in bytes, and the step that freed it (nil: an earlier run of
    /// the case, or another case, freed it).
    public var size: Int?
    public var freedStep: Int?

    public init(kind: Kind, slot: String, tag: Int?, step: Int, size: Int? = nil, freedStep: Int? = nil) {
        self.kind = kind
        self.slot = slot
        self.tag = tag
        self.step = step
        self.size = size
        self.freedStep = freedStep
    }
}

/// The harness step numbers of the call's milestones.
public struct HarnessMarks: Hashable, Sendable, Codable {
    public var callStart = 1
    /// After the call returned (mutation steps are numbered in between); for a stateful target, the
    /// constructor's call, and the method calls follow (`Observation.calls`).
    public var callEnd = 0
    public var resultReleased = 0
    public var argumentsReleased = 0
    /// For a stateful target: when the harness let the object go (after its last call), before the
    /// counts were measured (garbage collected after it).
    public var objectReleased = 0
    public var teardown = 0
    public init() {}
}

/// One method call of a stateful target's object.
public struct CallRecord: Hashable, Sendable, Codable {
    /// Its index in `Case.calls`.
    public var call: Int
    /// The harness steps at which it started and returned (steps its callbacks ran are in between).
    public var start: Int
    public var end: Int
    public var outcome: CallOutcome
    /// The object it returned, by tag (a case object it was handed, or a new one registered then);
    /// nil for None or NULL.
    public var result: Int?
    /// Every live container of the case right after it returned (its result not yet released).
    public var seen: [ContainerSnapshot]
    /// The harness step at which it released the result and this call's arguments, and which of them
    /// it released (an argument also passed to a later call is kept until then).
    public var released: Int
    public var releasedTags: [Int]

    public init(call: Int, start: Int, end: Int, outcome: CallOutcome, result: Int? = nil, seen: [ContainerSnapshot] = [],
                released: Int = 0, releasedTags: [Int] = []) {
        self.call = call
        self.start = start
        self.end = end
        self.outcome = outcome
        self.result = result
        self.seen = seen
        self.released = released
        self.releasedTags = releasedTags
    }
}

/// What was left after the harness released everything of the case.
public struct TeardownObservation: Hashable, Sendable, Codable {
    /// Objects not shared with the interpreter that are still alive, with their reference counts.
    public var survivors: [Survivor] = []
    /// Count changes of shared objects (cached ints, singletons, interned strings) across the case.
    public var sharedResidual: [SharedResidual] = []
    /// Live MEM/OBJ allocator blocks after minus before the case.
    public var liveBlockDelta = 0

    public init() {}

    public var isClean: Bool { survivors.isEmpty && sharedResidual.isEmpty && liveBlockDelta == 0 }
}

public struct Survivor: Hashable, Sendable, Codable {
    public var tag: Int
    public var count: Int
    public init(tag: Int, count: Int) {
        self.tag = tag
        self.count = count
    }
}

public struct SharedResidual: Hashable, Sendable, Codable {
    /// Python repr of the object: `3`, `None`, `'a'`.
    public var name: String
    /// The case object it is, if it is one.
    public var tag: Int?
    public var delta: Int
    public init(name: String, tag: Int?, delta: Int) {
        self.name = name
        self.tag = tag
        self.delta = delta
    }
}

/// `runs` more runs of the case after the repetitions, with garbage collected before and after.
public struct LongRun: Hashable, Sendable, Codable {
    public var runs: Int
    /// Fresh objects of the first repetition still alive after all of them.
    public var firstRepetitionSurvivors: Int
    public var sharedResidual: [SharedResidual]
    public var liveBlockDelta: Int
    public init(runs: Int, firstRepetitionSurvivors: Int, sharedResidual: [SharedResidual], liveBlockDelta: Int) {
        self.runs = runs
        self.firstRepetitionSurvivors = firstRepetitionSurvivors
        self.sharedResidual = sharedResidual
        self.liveBlockDelta = liveBlockDelta
    }
}

/// One more run of the same case in the same process (after garbage collection), to tell a leak
/// (grows on every repetition) from retention (a cache that fills once).
public struct Repetition: Hashable, Sendable, Codable {
    /// Fresh objects of this repetition alive after its teardown.
    public var survivors: Int
    /// Fresh objects of the *first* repetition still alive after this one.
    public var firstRepetitionSurvivors: Int
    public var sharedResidual: [SharedResidual]
    public var liveBlockDelta: Int
    public init(survivors: Int, firstRepetitionSurvivors: Int, sharedResidual: [SharedResidual], liveBlockDelta: Int) {
        self.survivors = survivors
        self.firstRepetitionSurvivors = firstRepetitionSurvivors
        self.sharedResidual = sharedResidual
        self.liveBlockDelta = liveBlockDelta
    }
}
