import Testing
@testable import RefFuzzCore

/// A hand-built ownership model: object `t` is `values[t]`. Containers and owners are added by the tests.
private func model(_ values: [Value]) -> OwnershipModel {
    OwnershipModel(semantics: semantics(values))
}

private func container(_ kind: ArgumentKind, _ elements: [Int]) -> OwnershipModel.Container {
    OwnershipModel.Container(kind: kind, elements: elements)
}

@Suite("Ownership model")
struct OwnershipModelTests {
    // MARK: References and deaths

    @Test func referencesCountTheCallerAndEveryLiveSlot() {
        var m = model([.list([]), .list([]), .bigInt(1_000_001)])
        m.add(tag: 0, owned: 1, container: container(.list, [2, 2]))
        m.add(tag: 1, owned: 1, container: container(.list, [2]))
        m.add(tag: 2, owned: 1)
        #expect(m.references(to: 2) == 4)
        #expect(m.holders(of: 2) { "L\($0)" } == ["the caller", "L0", "L1"])
        m.release(1, at: 3)                       // L1 dies, and with it its slot
        #expect(!m.isAlive(1))
        #expect(m.references(to: 2) == 3)
        #expect(m.holders(of: 2) { "L\($0)" } == ["the caller", "L0"])
    }

    @Test func anOrderedDictSeenAsADictHoldsItsListsKeysToo() {
        // dict.update(od, x) put canary #1 in od's dict only: od is seen as the dict {c0: 1000001, c1: 1000001},
        // its list still [c0], whose node holds c0 once more.
        var m = model([.orderedDict([]), .canary(0), .canary(1), .bigInt(1_000_001)])
        m.add(tag: 0, owned: 1, container: container(.ordereddict, [1, 3]))
        for tag in 1...3 { m.add(tag: tag, owned: 0) }
        m.resync(ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 3, 2, 3], held: [1]))
        #expect(m.references(to: 1) == 2 && m.references(to: 2) == 1)
        #expect(m.holders(of: 1) { "arg\($0)" } == ["arg0"])
        // A step on it is OrderedDict's own, which changes the list too: only Python knows its effect.
        let p = m.apply(.clear(argument: 0), to: 0, created: [], at: 2)
        #expect(p.after == nil && Set(p.candidates) == [1, 2, 3])
        // Dying, it releases its list's references with its entries'.
        m.resync(ContainerSnapshot(tag: 0, kind: .dict, elements: [1, 3, 2, 3], held: [1]))
        #expect(Set(m.release(0, at: 3)) == [0, 1, 2, 3])
    }

    @Test func aDyingContainerReleasesItsElements() {
        // arg0 = [[1000001, <canary>], 1000002]; only the caller holds arg0.
        var m = model([.list([]), .list([]), .bigInt(1_000_001), .canary(0), .bigInt(1_000_002)])
        m.add(tag: 0, owned: 1, container: container(.list, [1, 4]))
        m.add(tag: 1, owned: 0, container: container(.list, [2, 3]))
        for tag in 2...4 { m.add(tag: tag, owned: 0) }
        let died = m.release(0, at: 7)
        #expect(Set(died) == [0, 1, 2, 3, 4])
        #expect(m.deaths == [0: 7, 1: 7, 2: 7, 3: 7, 4: 7])
    }

    @Test func sharedObjectsNeverDie() {
        var m = model([.list([]), .smallInt(3), .singleton(.none), .bigInt(1_000_001)])
        m.add(tag: 0, owned: 1, container: container(.list, [1, 2, 3]))
        m.add(tag: 1, owned: 0, shared: true)
        m.add(tag: 2, owned: 0, shared: true)
        m.add(tag: 3, owned: 0)
        let p = m.apply(.clear(argument: 0), to: 0, created: [], at: 2)
        #expect(p.deaths == [3])
        #expect(m.isAlive(1) && m.isAlive(2))
        #expect(m.immortal == [1, 2])
    }

    @Test func anObjectHeldElsewhereSurvivesItsRemoval() {
        // The canary sits in arg0 and arg1; the big int only in arg0.
        var m = model([.list([]), .list([]), .canary(0), .bigInt(1_000_001)])
        m.add(tag: 0, owned: 1, container: container(.list, [2, 3]))
        m.add(tag: 1, owned: 1, container: container(.list, [2]))
        m.add(tag: 2, owned: 0)
        m.add(tag: 3, owned: 0)
        let p = m.apply(.clear(argument: 0), to: 0, created: [], at: 4)
        #expect(p.after == [])
        #expect(p.deaths == [3])
        #expect(m.isAlive(2))
        #expect(m.references(to: 2) == 1)
        #expect(m.deaths[3] == 4)
    }

    @Test func aDyingContainerDoesNotKillWhatTheCallerHolds() {
        var m = model([.list([]), .list([]), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.list, [1]))
        m.add(tag: 1, owned: 0, container: container(.list, [2]))
        m.add(tag: 2, owned: 1)   // the extra reference
        let p = m.apply(.pop(argument: 0, at: 0), to: 0, created: [], at: 3)
        #expect(p.deaths == [1])
        #expect(m.isAlive(2))
    }

    @Test func aStepOnAnUnknownContainerPredictsNothing() {
        var m = model([.bigInt(1_000_001), .canary(0)])
        m.add(tag: 0, owned: 1)
        m.add(tag: 1, owned: 1)
        let p = m.apply(.append(argument: 0, value: .canary(0)), to: 0, created: [1], at: 2)
        #expect(p.after == nil)
        #expect(p.deaths.isEmpty)
    }

    @Test func observedDeathsAreKept() {
        var m = model([.canary(0)])
        m.add(tag: 0, owned: 1)
        m.observeDeath(0, at: 5)
        m.observeDeath(0, at: 9)
        #expect(m.deaths == [0: 5])
    }

    @Test func resyncReplacesContentsKeepingForeignObjectsInPlace() {
        var m = model([.list([]), .canary(0), .canary(1)])
        m.add(tag: 0, owned: 1, container: container(.list, [1]))
        m.resync(ContainerSnapshot(tag: 0, kind: .list, elements: [2, -1, 1]))
        // An object that is not the case's keeps its slot: positions (pop(1)) and dict pairs stay right.
        #expect(m.containers[0]?.elements == [2, -1, 1])
        #expect(m.references(to: 1) == 1 && m.references(to: 2) == 1)
        #expect(m.collect(candidates: [-1], at: 3).isEmpty)
        m.resync(ContainerSnapshot(tag: 1, kind: .list, elements: [2]))   // not a container of the model
        #expect(m.containers[1] == nil)
    }

    // MARK: Lists

    /// A model of `arg0 = [1000001, 1000002, 1000003]` (tags 1...3, owned by the list only) and a step
    /// value (tag 4, owned by the step).
    private func threeElementList() -> OwnershipModel {
        var m = model([.list([]), .bigInt(1_000_001), .bigInt(1_000_002), .bigInt(1_000_003), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.list, [1, 2, 3]))
        for tag in 1...3 { m.add(tag: tag, owned: 0) }
        m.add(tag: 4, owned: 1)
        return m
    }

    @Test func appendStoresTheNewValue() {
        var m = threeElementList()
        let p = m.apply(.append(argument: 0, value: .canary(0)), to: 0, created: [4], at: 2)
        #expect(p.after == [1, 2, 3, 4])
        #expect(!p.unordered)
        #expect(p.deaths.isEmpty)
        #expect(m.references(to: 4) == 1)   // the step's own reference is gone, the list's remains
    }

    @Test("insert clamps like Python's list.insert", arguments: [
        (-1, [1, 2, 4, 3]), (-2, [1, 4, 2, 3]), (-3, [4, 1, 2, 3]), (-10, [4, 1, 2, 3]),
        (0, [4, 1, 2, 3]), (2, [1, 2, 4, 3]), (3, [1, 2, 3, 4]), (99, [1, 2, 3, 4]),
    ])
    func insert(at: Int, expected: [Int]) {
        var m = threeElementList()
        let p = m.apply(.insert(argument: 0, at: at, value: .canary(0)), to: 0, created: [4], at: 2)
        #expect(p.after == expected)
        #expect(p.deaths.isEmpty)
        #expect(m.containers[0]?.elements == expected)
    }

    @Test func insertIntoAnEmptyList() {
        var m = model([.list([]), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.list, []))
        m.add(tag: 1, owned: 1)
        #expect(m.apply(.insert(argument: 0, at: -1, value: .canary(0)), to: 0, created: [1], at: 2).after == [1])
    }

    @Test("pop and del remove one element, taken modulo the length", arguments: [
        (MutationStep.pop(argument: 0, at: -1), [1, 2], 3),
        (.pop(argument: 0, at: 0), [2, 3], 1),
        (.pop(argument: 0, at: -2), [1, 3], 2),
        (.pop(argument: 0, at: 4), [1, 3], 2),
        (.deleteItem(argument: 0, at: -1), [1, 2], 3),
        (.deleteItem(argument: 0, at: 1), [1, 3], 2),
    ])
    func removeOne(step: MutationStep, remaining: [Int], dead: Int) {
        var m = threeElementList()
        let p = m.apply(step, to: 0, created: [], at: 6)
        #expect(p.after == remaining)
        #expect(p.deaths == [dead])
        #expect(m.deaths == [dead: 6])
    }

    @Test func popFromAnEmptyListDoesNothing() {
        var m = model([.list([])])
        m.add(tag: 0, owned: 1, container: container(.list, []))
        let p = m.apply(.pop(argument: 0, at: -1), to: 0, created: [], at: 2)
        #expect(p.after == [])
        #expect(p.deaths.isEmpty)
    }

    @Test("del l[from:to] follows Python's slice bounds", arguments: [
        (-2, -1, [1, 3]), (-3, 10, []), (1, 3, [1]), (-10, 1, [2, 3]), (2, 1, [1, 2, 3]), (0, 0, [1, 2, 3]),
        (1, -1, [1, 3]), (5, 9, [1, 2, 3]),
    ])
    func deleteSlice(from: Int, to: Int, remaining: [Int]) {
        var m = threeElementList()
        let p = m.apply(.deleteSlice(argument: 0, from: from, to: to), to: 0, created: [], at: 3)
        #expect(p.after == remaining)
        #expect(Set(p.deaths) == Set([1, 2, 3]).subtracting(remaining))
    }

    @Test func clearKillsEveryElementOnlyTheListHeld() {
        var m = threeElementList()
        let p = m.apply(.clear(argument: 0), to: 0, created: [], at: 3)
        #expect(p.after == [])
        #expect(Set(p.deaths) == [1, 2, 3])
        #expect(m.isAlive(0))
    }

    @Test func setItemReplacesAndReleasesTheOldElement() {
        var m = threeElementList()
        let p = m.apply(.setItem(argument: 0, at: -1, value: .canary(0)), to: 0, created: [4], at: 3)
        #expect(p.after == [1, 2, 4])
        #expect(p.deaths == [3])
    }

    @Test func setItemOnAnEmptyListOnlyReleasesTheValue() {
        var m = model([.list([]), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.list, []))
        m.add(tag: 1, owned: 1)
        let p = m.apply(.setItem(argument: 0, at: 0, value: .canary(0)), to: 0, created: [1], at: 2)
        #expect(p.after == [])
        #expect(p.deaths == [1])
    }

    @Test func sortAndReverse() {
        // [1000002, 1, True]: sorts stably to [1, True, 1000002].
        var m = model([.list([]), .bigInt(1_000_002), .smallInt(1), .singleton(.true)])
        m.add(tag: 0, owned: 1, container: container(.list, [1, 2, 3]))
        for tag in 1...3 { m.add(tag: tag, owned: 0, shared: tag != 1) }
        #expect(m.apply(.sort(argument: 0), to: 0, created: [], at: 2).after == [2, 3, 1])
        #expect(m.apply(.reverse(argument: 0), to: 0, created: [], at: 3).after == [1, 3, 2])
        // True and 1 are equal: sorting again keeps them in their new order.
        #expect(m.apply(.sort(argument: 0), to: 0, created: [], at: 4).after == [3, 2, 1])
        // A sort that raised (an evil __lt__, say) leaves the result unknown and the model as it was.
        #expect(m.apply(.sort(argument: 0), to: 0, created: [], raised: true, at: 5).after == nil)
        #expect(m.containers[0]?.elements == [3, 2, 1])
        #expect(m.deaths.isEmpty)
    }

    @Test func sortOfIncomparableElementsIsUnknown() {
        var m = model([.list([]), .smallInt(1), .freshString("ab")])
        m.add(tag: 0, owned: 1, container: container(.list, [1, 2]))
        m.add(tag: 1, owned: 0, shared: true)
        m.add(tag: 2, owned: 0)
        let p = m.apply(.sort(argument: 0), to: 0, created: [], at: 2)
        #expect(p.after == nil)
        #expect(p.deaths.isEmpty)
        #expect(m.containers[0]?.elements == [1, 2])
    }

    // MARK: Dicts

    /// `arg0 = {1000001: <canary #0>, 'ab': 1000002}` (tags 1, 2 and 3, 4); tags 5 and 6 are the key
    /// and value a dict-set step makes, `key` being the key's value.
    private func dictModel(key: Value) -> OwnershipModel {
        var m = model([.dict([]), .bigInt(1_000_001), .canary(0), .freshString("ab"), .bigInt(1_000_002), key, .bigInt(1_000_009)])
        m.add(tag: 0, owned: 1, container: container(.dict, [1, 2, 3, 4]))
        for tag in 1...4 { m.add(tag: tag, owned: 0) }
        m.add(tag: 5, owned: 1)
        m.add(tag: 6, owned: 1)
        return m
    }

    @Test func dictSetOfAnEqualKeyKeepsTheOldKeyObject() {
        var m = dictModel(key: .bigInt(1_000_001))
        let p = m.apply(.dictSet(argument: 0, key: .bigInt(1_000_001), value: .bigInt(1_000_009)), to: 0, created: [5, 6], at: 3)
        #expect(p.after == [1, 6, 3, 4])
        #expect(Set(p.deaths) == [5, 2])   // the new key and the old value die
        #expect(m.isAlive(1) && m.isAlive(6))
    }

    @Test func dictSetMatchesKeysByValueAcrossClasses() {
        var m = dictModel(key: .internedString("ab"))
        let p = m.apply(.dictSet(argument: 0, key: .internedString("ab"), value: .bigInt(1_000_009)), to: 0, created: [5, 6], at: 3)
        #expect(p.after == [1, 2, 3, 6])
        #expect(Set(p.deaths) == [5, 4])
    }

    @Test func dictSetOfANewKeyAddsAnEntry() {
        var m = dictModel(key: .bigInt(1_000_005))
        let p = m.apply(.dictSet(argument: 0, key: .bigInt(1_000_005), value: .bigInt(1_000_009)), to: 0, created: [5, 6], at: 3)
        #expect(p.after == [1, 2, 3, 4, 5, 6])
        #expect(p.deaths.isEmpty)
    }

    @Test func dictSetOfTrueReplacesTheKeyOne() {
        var m = model([.dict([]), .smallInt(1), .canary(0), .singleton(.true), .bigInt(1_000_009)])
        m.add(tag: 0, owned: 1, container: container(.dict, [1, 2]))
        m.add(tag: 1, owned: 0, shared: true)
        m.add(tag: 2, owned: 0)
        m.add(tag: 3, owned: 1, shared: true)
        m.add(tag: 4, owned: 1)
        let p = m.apply(.dictSet(argument: 0, key: .singleton(.true), value: .bigInt(1_000_009)), to: 0, created: [3, 4], at: 2)
        #expect(p.after == [1, 4])
        #expect(p.deaths == [2])
    }

    /// `d[None] = v` on a dict that has the key None replaces its value, as for any other key: None is
    /// one object, whichever occurrence of the case made the reference.
    @Test func dictSetOfNoneReplacesTheNoneKey() {
        var m = model([.dict([]), .singleton(.none), .canary(0), .singleton(.none), .bigInt(1_000_009)])
        m.add(tag: 0, owned: 1, container: container(.dict, [1, 2]))
        m.add(tag: 1, owned: 0, shared: true)
        m.add(tag: 2, owned: 0)
        m.add(tag: 3, owned: 1, shared: true)
        m.add(tag: 4, owned: 1)
        let p = m.apply(.dictSet(argument: 0, key: .singleton(.none), value: .bigInt(1_000_009)), to: 0, created: [3, 4], at: 2)
        #expect(p.after == [1, 4])
        #expect(p.deaths == [2])
    }

    @Test("dict-del removes the n-th entry, modulo the entry count", arguments: [(0, [3, 4], [1, 2]), (-1, [1, 2], [3, 4]), (3, [1, 2], [3, 4])])
    func dictDelete(entry: Int, remaining: [Int], dead: [Int]) {
        var m = dictModel(key: .smallInt(0))
        let p = m.apply(.dictDelete(argument: 0, entry: entry), to: 0, created: [], at: 3)
        #expect(p.after == remaining)
        #expect(Set(p.deaths) == Set(dead))
    }

    @Test func dictPopItemRemovesTheLastEntry() {
        var m = dictModel(key: .smallInt(0))
        let p = m.apply(.dictPopItem(argument: 0), to: 0, created: [], at: 3)
        #expect(p.after == [1, 2])
        #expect(Set(p.deaths) == [3, 4])
        let again = m.apply(.dictPopItem(argument: 0), to: 0, created: [], at: 4)
        #expect(again.after == [])
        #expect(Set(again.deaths) == [1, 2])
        let empty = m.apply(.dictPopItem(argument: 0), to: 0, created: [], at: 5)
        #expect(empty.after == [])
        #expect(empty.deaths.isEmpty)
    }

    // MARK: Sets

    /// `arg0 = {'ab', 1000001, <canary #0>}` (tags 1...3); tag 4 is the value of a set-add step.
    private func setModel(adding value: Value) -> OwnershipModel {
        var m = model([.set([]), .freshString("ab"), .bigInt(1_000_001), .canary(0), value])
        m.add(tag: 0, owned: 1, container: container(.set, [1, 2, 3]))
        for tag in 1...3 { m.add(tag: tag, owned: 0) }
        m.add(tag: 4, owned: 1)
        return m
    }

    @Test func setAddOfAnEqualMemberDropsTheNewOne() {
        var m = setModel(adding: .internedString("ab"))
        let p = m.apply(.setAdd(argument: 0, value: .internedString("ab")), to: 0, created: [4], at: 2)
        #expect(p.unordered)
        #expect(p.after.map { Set($0) } == [1, 2, 3])
        #expect(p.deaths == [4])
        #expect(m.isAlive(1))
    }

    @Test func setAddOfANewMemberKeepsIt() {
        var m = setModel(adding: .bigInt(1_000_002))
        let p = m.apply(.setAdd(argument: 0, value: .bigInt(1_000_002)), to: 0, created: [4], at: 2)
        #expect(p.unordered)
        #expect(p.after.map { Set($0) } == [1, 2, 3, 4])
        #expect(p.deaths.isEmpty)
    }

    @Test func setDiscardAndPopRemoveTheChosenMember() {
        var m = setModel(adding: .smallInt(0))
        let discard = m.apply(.setDiscard(argument: 0, member: 1), to: 0, created: [], chosen: 2, at: 2)
        #expect(discard.unordered)
        #expect(discard.after.map { Set($0) } == [1, 3])
        #expect(discard.deaths == [2])
        let pop = m.apply(.setPop(argument: 0), to: 0, created: [], chosen: 3, at: 3)
        #expect(pop.after.map { Set($0) } == [1])
        #expect(pop.deaths == [3])
    }

    @Test func setDiscardWithoutAChoiceRemovesNothing() {
        var m = setModel(adding: .smallInt(0))
        let p = m.apply(.setDiscard(argument: 0, member: 0), to: 0, created: [], chosen: nil, at: 2)
        #expect(p.after.map { Set($0) } == [1, 2, 3])
        #expect(p.deaths.isEmpty)
        let foreign = m.apply(.setDiscard(argument: 0, member: 0), to: 0, created: [], chosen: 9, at: 3)
        #expect(foreign.after.map { Set($0) } == [1, 2, 3])
    }

    @Test func clearOfASet() {
        var m = setModel(adding: .smallInt(0))
        let p = m.apply(.clear(argument: 0), to: 0, created: [], at: 2)
        #expect(p.after == [])
        #expect(Set(p.deaths) == [1, 2, 3])
    }

    // MARK: The containers of Reach I

    @Test func anOrderedDictHoldsEachKeyTwice() {
        // Its dict entry and its node in the order list each own the key.
        var m = model([.orderedDict([]), .bigInt(1_000_001), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.ordereddict, [1, 2]))
        m.add(tag: 1, owned: 0)
        m.add(tag: 2, owned: 0)
        #expect(m.references(to: 1) == 2)
        #expect(m.references(to: 2) == 1)
        let p = m.apply(.popItemFirst(argument: 0), to: 0, created: [], at: 2)
        #expect(p.after == [])
        #expect(Set(p.deaths) == [1, 2])
    }

    @Test func moveToEndMovesTheNthPair() {
        var m = model([.orderedDict([]), .bigInt(1), .bigInt(2), .bigInt(3), .bigInt(4), .bigInt(5), .bigInt(6)])
        m.add(tag: 0, owned: 1, container: container(.ordereddict, [1, 2, 3, 4, 5, 6]))
        #expect(m.apply(.moveToEnd(argument: 0, entry: 0, last: true), to: 0, created: [], at: 2).after == [3, 4, 5, 6, 1, 2])
        #expect(m.apply(.moveToEnd(argument: 0, entry: -1, last: false), to: 0, created: [], at: 3).after == [1, 2, 3, 4, 5, 6])
    }

    /// `arg0 = {1000001, 'ab', <canary #0>}` (tags 1...3), and the values of a set-update step after.
    private func setModel(updating values: [Value]) -> OwnershipModel {
        var m = model([.set([]), .bigInt(1_000_001), .freshString("ab"), .canary(0)] + values)
        m.add(tag: 0, owned: 1, container: container(.set, [1, 2, 3]))
        for tag in 1...3 { m.add(tag: tag, owned: 0) }
        for tag in values.indices.map({ $0 + 4 }) { m.add(tag: tag, owned: 1) }
        return m
    }

    @Test func intersectionWithASetNoLargerKeepsThatSetsObjects() {
        // set_intersection walks the smaller set and keeps its objects: 1000001 (tag 5) replaces tag 1.
        var m = setModel(updating: [.freshString("zz"), .bigInt(1_000_001)])
        let p = m.apply(.setUpdate(argument: 0, op: .intersection, values: [.freshString("zz"), .bigInt(1_000_001)]),
                        to: 0, created: [4, 5], at: 2)
        #expect(p.after == [5])
        #expect(Set(p.deaths) == [1, 2, 3, 4])
    }

    @Test func intersectionWithALargerSetKeepsTheMembers() {
        let values: [Value] = [.bigInt(1_000_001), .freshString("x1"), .freshString("x2"), .freshString("x3")]
        var m = setModel(updating: values)
        let p = m.apply(.setUpdate(argument: 0, op: .intersection, values: values), to: 0, created: [4, 5, 6, 7], at: 2)
        #expect(p.after == [1])
        #expect(Set(p.deaths) == [2, 3, 4, 5, 6, 7])
    }

    @Test func symmetricDifferenceAndDifference() {
        var m = setModel(updating: [.bigInt(1_000_001), .freshString("zz"), .freshString("zz")])
        let xor = m.apply(.setUpdate(argument: 0, op: .symmetricDifference, values: []), to: 0, created: [4, 5, 6], at: 2)
        #expect(xor.after.map(Set.init) == [2, 3, 5]) // the second 'zz' collapsed into the first
        #expect(Set(xor.deaths) == [1, 4, 6])
        var n = setModel(updating: [.internedString("ab")])
        let minus = n.apply(.setUpdate(argument: 0, op: .difference, values: []), to: 0, created: [4], at: 2)
        #expect(minus.after.map(Set.init) == [1, 3])
        #expect(Set(minus.deaths) == [2, 4])
    }

    @Test func aBoundedDequeDropsFromTheOtherEnd() {
        var m = model([.deque([], maxlen: 2), .bigInt(1), .bigInt(2), .canary(0), .canary(1)])
        m.add(tag: 0, owned: 1, container: OwnershipModel.Container(kind: .deque, elements: [1, 2], maxlen: 2))
        for tag in 1...2 { m.add(tag: tag, owned: 0) }
        m.add(tag: 3, owned: 1)
        m.add(tag: 4, owned: 1)
        let append = m.apply(.append(argument: 0, value: .canary(0)), to: 0, created: [3], at: 2)
        #expect(append.after == [2, 3])
        #expect(append.deaths == [1])
        let left = m.apply(.appendLeft(argument: 0, value: .canary(1)), to: 0, created: [4], at: 3)
        #expect(left.after == [4, 2])
        #expect(left.deaths == [3])
        #expect(m.apply(.pop(argument: 0, at: 0), to: 0, created: [], at: 4).after == [4]) // the right end
        #expect(m.apply(.rotate(argument: 0, by: 3), to: 0, created: [], at: 5).after == [4])
    }

    @Test func nextReleasesTheItemTheIteratorHandedOut() {
        var m = model([.iterator(0), .bigInt(1_000_001), .canary(0)])
        m.add(tag: 0, owned: 1, container: container(.iterator, [1, 2]))
        m.add(tag: 1, owned: 0)
        m.add(tag: 2, owned: 0)
        let handed = m.apply(.next(argument: 0), to: 0, created: [], chosen: 1, at: 2)
        #expect(handed.after == [2])
        #expect(handed.deaths == [1])
        // A call the case answers with another value (or a raise) keeps the items.
        let answered = m.apply(.next(argument: 0), to: 0, created: [], chosen: nil, at: 3)
        #expect(answered.after == [2])
        #expect(answered.deaths.isEmpty)
    }

    @Test func buffersHoldNoObjects() {
        var m = model([.bytearray([1, 2]), .bigInt(1_000_001)])
        m.add(tag: 0, owned: 1, container: container(.bytearray, [7]))
        #expect(m.containers[0]?.elements == [])
        m.add(tag: 1, owned: 1)
        let p = m.apply(.append(argument: 0, value: .bigInt(1_000_001)), to: 0, created: [1], at: 2)
        #expect(p.after == [])
        #expect(p.deaths == [1])
    }
}
