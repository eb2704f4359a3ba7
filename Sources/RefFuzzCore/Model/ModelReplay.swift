/// The ownership model replaying an observed run: what the judge asks before it decides.
///
/// The model starts from the containers as the harness built them, takes the references the harness
/// holds, and applies every mutation step the harness ran with Python's semantics, predicting each
/// step's effect and the deaths it causes. Between the harness's steps the target's own code runs and
/// may change the containers itself (it sorts or fills them, it takes items out): each such change is
/// seen at the next observation point (the next step's `before`, or the contents after the call), checked
/// against the model, recorded as a `TargetChange`, and taken over. A change is not consistent when the
/// container now holds an object that had already died: the target stored a pointer to a dead object
/// (`StaleSlot`), a use after free, never a reference the container rightfully holds.
///
/// For every death the run observed it answers how many references the case still knew of at that
/// moment (`referencesAtDeath`): more than zero means someone released a reference it did not own.
/// After the call it answers how many references each object should have (`expectedReferences`).
///
///     let replay = ModelReplay(case: c, layout: CaseLayout(c), observation: o)
///     replay.expectedReferences[tag]   // the caller's and the live containers' slots, per the model
public struct ModelReplay: Sendable {
    /// A change the target made to a container of the case, seen at an observation point.
    public struct TargetChange: Hashable, Sendable {
        public var container: Int
        /// Elements per the model before the target's code ran, and as observed after it.
        public var from: [Int]
        public var to: [Int]
        /// The harness step at which the change was seen (the next step, or the call's end).
        public var seenAt: Int
    }

    /// A container holding an object that was already dead when the container was observed.
    public struct StaleSlot: Hashable, Sendable {
        public var container: Int
        public var tag: Int
        /// Where the object died, and where the container was seen holding it.
        public var diedAt: Int
        public var seenAt: Int
    }

    /// The model after the call, synced to the contents observed then.
    public private(set) var model: OwnershipModel
    /// Non-reentrant steps whose observed effect differed from the prediction (the model is wrong:
    /// the conformance runner holds that count at zero).
    public private(set) var mismatches: [Int] = []
    /// Predicted deaths by tag: the step at which the model says the last known reference went.
    public private(set) var predictedDeaths = TagMap<Int>()
    public private(set) var targetChanges: [TargetChange] = []
    public private(set) var staleSlots: [StaleSlot] = []
    /// For each object that died before the teardown: the references the case knew of when it died.
    public private(set) var referencesAtDeath = TagMap<Int>()
    /// Who the model says held each such object when it died (the harness, and containers by tag).
    public private(set) var holdersAtDeath = TagMap<(harness: Bool, containers: [Int])>()
    /// Known references per identity after the call: the caller's, plus one per slot of a live container.
    public private(set) var expectedReferences = TagMap<Int>()

    private let deaths: TagMap<Int>
    /// The containers of the unfinished steps (steps others run inside of), innermost last; -1 for one
    /// that changes no container of the case.
    private var changing: [Int] = []
    /// Deaths whose judgement waits for a holder's unfinished step to finish.
    private var postponedDeaths: [Int] = []
    /// Objects a harness object's call answered with (and their elements), made while the target ran.
    private let answers: TagSet

    public init(case theCase: Case, layout: CaseLayout, observation o: Observation) {
        let capacity = o.objects.count + 8
        predictedDeaths = TagMap(capacity: capacity)
        referencesAtDeath = TagMap(capacity: capacity)
        holdersAtDeath = TagMap(capacity: capacity)
        expectedReferences = TagMap(capacity: capacity)
        var deaths = TagMap<Int>(capacity: capacity)
        for object in o.objects { if let step = object.deathStep { deaths[object.tag] = step } }
        self.deaths = deaths
        answers = TagSet(o.objects.lazy.filter { $0.createdAt > 0 && $0.madeBy == nil }.map(\.tag))
        let made = Self.madeValues(case: theCase, layout: layout, observation: o)
        let nodes = layout.nodes
        let identities: TagMap<Int> = o.objects.reduce(into: TagMap(capacity: o.objects.count)) { map, object in
            if map[object.tag] == nil { map[object.tag] = object.identity }
        }
        let snapshots: TagMap<ContainerSnapshot> = o.afterBuild.reduce(into: TagMap()) { map, snapshot in
            if map[snapshot.tag] == nil { map[snapshot.tag] = snapshot }
        }
        model = OwnershipModel(semantics: PythonSemantics(
            // An object of no known value (one a harness object handed out) compares as Python says.
            scalar: { tag in (tag >= 0 && tag < nodes.count ? nodes[tag].value : made[tag]).map(ModelScalar.init) ?? .opaque },
            elements: { tag in snapshots[tag]?.elements ?? [] }), capacity: capacity)
        for object in o.objects where object.createdAt == 0 {
            let snapshot = snapshots[object.tag]
            var maxlen: Int?
            if object.tag < layout.nodes.count, case .deque(_, let bound) = layout.nodes[object.tag].value { maxlen = bound }
            model.add(tag: object.tag, owned: object.harnessReferences,
                      container: snapshot.map { OwnershipModel.Container(kind: $0.kind, elements: $0.elements, maxlen: maxlen) },
                      shared: object.shared)
        }
        // Objects that died while the harness built the arguments (a dict replacing a value) are dead here.
        for (tag, step) in deaths where step <= 0 { model.observeDeath(tag, at: step) }

        // Harness steps: mutation steps, and (stateful targets) the releases after each call and of the object.
        let recordNumbers = Set(o.steps.map(\.number) + o.calls.map(\.released) + [o.marks.objectReleased].filter { $0 > 0 })
        let end = o.marks.teardown > 0 ? o.marks.teardown : Int.max
        var lastPoint = 0
        var calls = o.calls.sorted { $0.end < $1.end }[...]
        let objectTag = layout.objectTag
        if let objectTag, model.owned[objectTag] == nil { model.add(tag: objectTag, owned: 0) }
        /// The calls of a stateful target that returned before step `n`: each is an observation point
        /// (every container after it), then the harness lets its result and arguments go.
        func finishCalls(before n: Int) {
            while let call = calls.first, call.end < n {
                calls.removeFirst()
                absorb(call.seen, at: call.end, complete: true)
                judgeTargetDeaths(in: lastPoint..<call.end, skipping: recordNumbers)
                lastPoint = call.end
                if let result = call.result {
                    if result == objectTag, call.call < 0 {
                        model.take(result) // the constructor's result: the harness holds the object
                    } else if model.owned[result] == nil {
                        // A new object it returned: the harness's until released (a case object it was
                        // handed comes back with a reference the harness gives up at once).
                        model.add(tag: result, owned: 1)
                        released(result, at: call.released)
                    }
                }
                for tag in call.releasedTags { released(tag, at: call.released) }
                judgeDeaths(at: call.released)
                lastPoint = max(lastPoint, call.released)
            }
        }
        func released(_ tag: Int, at step: Int) {
            for died in model.release(tag, at: step) where predictedDeaths[died] == nil { predictedDeaths[died] = step }
        }
        // Steps other steps ran inside of: their effect is known only from their `after`, once the steps
        // inside them are done (the next step at their depth or shallower), and so are their deaths.
        var unfinished: [(depth: Int, number: Int, after: ContainerSnapshot?, candidates: [Int], seen: [ContainerSnapshot]?)] = []
        func finish(downTo depth: Int) {
            while let last = unfinished.last, last.depth >= depth {
                unfinished.removeLast()
                changing.removeLast()
                if let after = last.after { model.resync(after) }
                // A method of the object ran: the target's code, seen whole when it returned.
                if let seen = last.seen { absorb(seen, at: last.number, complete: true) }
                for tag in model.collect(candidates: last.candidates, at: last.number) where predictedDeaths[tag] == nil {
                    predictedDeaths[tag] = last.number
                }
                judgeDeaths(at: last.number)
                judgePostponedDeaths()
            }
        }

        for record in o.steps {
            finish(downTo: record.depth)
            if record.depth == 0 { finishCalls(before: record.number) }
            if record.depth == 0 {
                // The target's own code ran since the last point: take over its changes, judge its deaths.
                if let seen = record.seen ?? record.before.map({ [$0] }) {
                    absorb(seen, at: record.number, complete: record.seen != nil)
                    judgeTargetDeaths(in: lastPoint..<record.number, skipping: recordNumbers)
                    lastPoint = record.number
                }
            } else {
                // Inside another step: only the harness ran meanwhile, and what died in it so far holds nothing.
                for tag in record.deadOnEntry ?? [] { model.observeDeath(tag, at: deaths[tag] ?? record.number) }
                if let before = record.before { model.resync(before) }
            }
            guard record.outcome != .skipped, let before = record.before else {
                if case .callMethod = record.step {
                    unfinished.append((record.depth, record.number, nil, [], record.seenAfter))
                    changing.append(-1)
                } else if record.reentered {
                    unfinished.append((record.depth, record.number, nil, [], nil))
                    changing.append(-1)
                } else {
                    judgeDeaths(at: record.number)
                }
                continue
            }
            // Step values are scalars (Case validation), owned by the step until it stores them.
            for tag in record.created {
                let object = o.objects.first { $0.tag == tag }
                model.add(tag: tag, owned: 1 + (object?.harnessReferences ?? 0), shared: object?.shared ?? false)
            }
            var chosen: Int?
            if let after = record.after {
                switch record.step {
                case .setDiscard, .setPop: chosen = Set(before.elements).subtracting(after.elements).first
                case .next: chosen = after.elements.count < before.elements.count ? before.elements.first : nil
                default: break
                }
            }
            // A step that raised, or that other steps ran inside of, has no effect the model can take from
            // its `before` (an iterator's __next__ runs its program before it chooses what to hand out):
            // what it let go is known once its `after` is.
            var unknown = record.reentered
            if case .raised = record.outcome { unknown = true }
            // An OrderedDict whose list and dict disagree (mid-insert) is seen as a dict, but the harness
            // runs its own methods on it: popitem and move_to_end go by the list the snapshot leaves out.
            if before.kind == .dict, before.tag < layout.nodes.count, case .orderedDict = layout.nodes[before.tag].value {
                switch record.step {
                case .dictPopItem, .moveToEnd, .popItemFirst: unknown = true
                default: break
                }
            }
            let prediction = model.apply(record.step, to: before.tag, created: record.created, chosen: chosen,
                                         raised: unknown, at: record.number)
            for tag in prediction.deaths where predictedDeaths[tag] == nil { predictedDeaths[tag] = record.number }
            if record.reentered {
                unfinished.append((record.depth, record.number, record.after, prediction.candidates, nil))
                changing.append(before.tag)
                continue
            }
            if let after = record.after {
                if let predicted = prediction.after {
                    // A snapshot names a shared object (None, a cached int) by the first tag it had: the
                    // prediction is compared by identity too, and taken over as observed.
                    let same = Self.same(predicted.map { identities[$0] ?? $0 }, after.elements, unordered: prediction.unordered)
                    if !same { mismatches.append(record.number) }
                    if !same || predicted != after.elements { model.resync(after) }
                } else {
                    // Only Python knew: what the step let go dies now if nothing else holds it.
                    model.resync(after)
                    for tag in model.collect(candidates: prediction.candidates, at: record.number) where predictedDeaths[tag] == nil {
                        predictedDeaths[tag] = record.number
                    }
                }
            }
            judgeDeaths(at: record.number)
        }
        finish(downTo: 0)
        finishCalls(before: Int.max)
        if let objectTag, o.marks.objectReleased > 0, model.owned[objectTag, default: 0] > 0 {
            // The harness lets the object go: what it held it releases when it dies (the model cannot see those).
            lastPoint = o.marks.objectReleased
            released(objectTag, at: lastPoint)
            judgeDeaths(at: o.marks.objectReleased)
        }
        // The call's end: the contents after the call, once its result and arguments (and a stateful
        // target's object) were released.
        absorb(o.afterCall, at: max(o.marks.callEnd, lastPoint), complete: true)
        judgeTargetDeaths(in: lastPoint..<end, skipping: recordNumbers)

        for object in o.objects where object.tag == object.identity {
            expectedReferences[object.identity] = 0
        }
        for object in o.objects {
            expectedReferences[object.identity, default: 0] += model.owned[object.tag] ?? 0
        }
        for (holder, container) in model.containers where model.isAlive(holder) {
            for (i, element) in container.elements.enumerated() where element >= 0 {
                expectedReferences[identities[element] ?? element, default: 0] += container.references(at: i)
            }
            for element in container.held where element >= 0 {
                expectedReferences[identities[element] ?? element, default: 0] += 1
            }
        }
    }

    public func predictedDeath(of tag: Int) -> Int? { predictedDeaths[tag] }

    static func same(_ predicted: [Int], _ observed: [Int], unordered: Bool) -> Bool {
        unordered ? predicted.sorted() == observed.sorted() : predicted == observed
    }

    /// Takes over the contents observed at step `point`: deaths of objects the model thought dead but
    /// that are still alive (the target held a reference of its own) are undone, and what the target
    /// changed in the container since the model last knew it is recorded and checked.
    private mutating func absorb(_ snapshots: [ContainerSnapshot], at point: Int, complete: Bool) {
        if complete {
            // A container not among them was not alive: its slots went with it.
            for container in model.containers.keys where !snapshots.contains(where: { $0.tag == container }) {
                if let step = deaths[container] { model.observeDeath(container, at: step) }
            }
        }
        for snapshot in snapshots { absorb(snapshot, at: point) }
    }

    private mutating func absorb(_ snapshot: ContainerSnapshot, at point: Int) {
        let observed = snapshot.elements
        for tag in observed + (snapshot.held ?? []) where tag >= 0 && !model.isAlive(tag) && !isDead(tag, at: point) { model.revive(tag) }
        if !model.isAlive(snapshot.tag), !isDead(snapshot.tag, at: point) { model.revive(snapshot.tag) }
        guard let known = model.containers[snapshot.tag]?.elements else {
            // A container a harness object answered with: its contents are known from its first snapshot.
            if answers.contains(snapshot.tag) {
                model.add(tag: snapshot.tag, owned: model.owned[snapshot.tag] ?? 0,
                          container: OwnershipModel.Container(kind: snapshot.kind, elements: observed))
            }
            return
        }
        if known != observed {
            targetChanges.append(TargetChange(container: snapshot.tag, from: known, to: observed, seenAt: point))
            let before = Dictionary(known.map { ($0, 1) }, uniquingKeysWith: +)
            var seen: [Int: Int] = [:]
            for tag in observed where tag >= 0 {
                seen[tag, default: 0] += 1
                guard seen[tag]! > before[tag] ?? 0, let died = deaths[tag], died < point else { continue }
                staleSlots.append(StaleSlot(container: snapshot.tag, tag: tag, diedAt: died, seenAt: point))
            }
        }
        model.resync(snapshot)
    }

    /// Deaths during harness step `number`: the model's state right after the step says who still held them.
    /// A death while a container that held the object is being changed by an unfinished step (a clear whose
    /// dealloc of one value ran a `__del__` step) waits for that step's `after`: how far the change had got
    /// is known only then.
    private mutating func judgeDeaths(at number: Int) {
        let dying = deaths.filter { $0.value == number && referencesAtDeath[$0.key] == nil }
        // A container that dies in the same step (a stateful target's object or a call's result the
        // harness let go) released its items as it died: a dead holder holds nothing.
        for (tag, step) in dying { model.observeDeath(tag, at: step) }
        for (tag, step) in dying where !judgeOrPostpone(tag, predicted: predictedDeaths[tag] == step) && !postponedDeaths.contains(tag) {
            postponedDeaths.append(tag)
        }
    }

    /// The postponed deaths whose holders are no longer being changed, judged by the model's state now.
    private mutating func judgePostponedDeaths() {
        let waiting = postponedDeaths
        postponedDeaths = []
        for tag in waiting where referencesAtDeath[tag] == nil && !judgeOrPostpone(tag, predicted: predictedDeaths[tag] != nil) {
            postponedDeaths.append(tag)
        }
    }

    /// Judges a death by the model's state now (no reference left when the model `predicted` it), or
    /// returns false when a container that holds the object is still being changed by an unfinished step.
    private mutating func judgeOrPostpone(_ tag: Int, predicted: Bool) -> Bool {
        let holders = model.holderTags(of: tag)
        if holders.containers.contains(where: changing.contains) { return false }
        referencesAtDeath[tag] = predicted ? 0 : model.references(to: tag)
        holdersAtDeath[tag] = holders
        return true
    }

    /// Deaths in the target's own code (steps in `window` that are not harness steps), judged by what
    /// the contents observed right after that code say still held them.
    private mutating func judgeTargetDeaths(in window: Range<Int>, skipping harnessSteps: Set<Int>) {
        let judged = deaths.filter { tag, step in
            window.contains(step) && step > 0 && !harnessSteps.contains(step) && referencesAtDeath[tag] == nil
        }
        // Everything that died in this stretch is dead when it is judged: a tuple's dealloc releases its
        // items before the tuple's own death is noted, and a dead holder holds nothing.
        for (tag, step) in deaths where window.contains(step) { model.observeDeath(tag, at: step) }
        for (tag, _) in judged {
            referencesAtDeath[tag] = model.references(to: tag)
            holdersAtDeath[tag] = model.holderTags(of: tag)
        }
    }

    private func isDead(_ tag: Int, at point: Int) -> Bool {
        guard let died = deaths[tag] else { return false }
        return died < point
    }

    /// The value a harness object's call answered with, for the object made from it.
    static func answer(of object: ObservedObject, in theCase: Case) -> Value? {
        guard let owner = object.answeredBy?.owner else { return nil }
        let results = theCase[results: owner.behaviour]
        guard owner.call < results.count, case .value(let value) = results[owner.call] else { return nil }
        return value
    }

    /// The values of the objects made after the layout's (by steps, or answered by harness objects),
    /// by tag; the layout's own are its nodes'.
    static func madeValues(case theCase: Case, layout: CaseLayout, observation o: Observation) -> TagMap<Value> {
        var values = TagMap<Value>()
        for record in o.steps {
            for (i, tag) in record.created.enumerated() where i < record.step.values.count {
                values[tag] = record.step.values[i]
            }
        }
        for object in o.objects where object.answeredBy != nil {
            if let value = answer(of: object, in: theCase) { values[object.tag] = value }
        }
        return values
    }
}
