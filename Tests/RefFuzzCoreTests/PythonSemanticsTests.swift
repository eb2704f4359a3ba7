import Testing
@testable import RefFuzzCore

/// Semantics over objects given by value: the object with tag `t` is `values[t]`; `tuples` gives the
/// elements (by tag) of the tuple objects.
func semantics(_ values: [Value], tuples: [Int: [Int]] = [:]) -> PythonSemantics {
    let scalars = values.map(ModelScalar.init)
    return PythonSemantics(scalar: { scalars[$0] }, elements: { tuples[$0] ?? [] })
}

@Suite("Python semantics")
struct PythonSemanticsTests {
    // MARK: Equality

    @Test func intsAndBoolsCompareByNumber() {
        let s = semantics([.smallInt(1), .singleton(.true), .smallInt(0), .singleton(.false), .smallInt(2), .bigInt(1)])
        #expect(s.equal(0, 1) == true)    // 1 == True
        #expect(s.equal(2, 3) == true)    // 0 == False
        #expect(s.equal(4, 1) == false)   // 2 != True
        #expect(s.equal(1, 3) == false)   // True != False
        #expect(s.equal(0, 5) == true)    // small 1 == big-int-class 1: by value
    }

    @Test func bigIntsAndStringsCompareByValue() {
        let s = semantics([.bigInt(1_000_001), .bigInt(1_000_001), .bigInt(1_000_002),
                           .freshString("ab"), .internedString("ab"), .freshString("abc"), .freshString("1"), .smallInt(1)])
        #expect(s.equal(0, 1) == true)
        #expect(s.equal(0, 2) == false)
        #expect(s.equal(3, 4) == true)
        #expect(s.equal(3, 5) == false)
        #expect(s.equal(6, 7) == false)   // '1' != 1
        #expect(s.equal(7, 6) == false)
    }

    @Test func trackedObjectsCompareByIdentity() {
        let s = semantics([.canary(0), .canary(1), .evil(0), .mutator(0), .smallInt(0)])
        #expect(s.equal(0, 0) == true)
        #expect(s.equal(0, 1) == false)
        #expect(s.equal(0, 2) == false)
        #expect(s.equal(2, 3) == false)
        #expect(s.equal(3, 3) == true)
        #expect(s.equal(0, 4) == false)   // canary #0 is not the int 0
    }

    @Test func noneEqualsOnlyNone() {
        let s = semantics([.singleton(.none), .smallInt(0), .singleton(.false), .freshString("None"), .tuple([])])
        #expect(s.equal(0, 0) == true)
        for other in 1...4 {
            #expect(s.equal(0, other) == false)
            #expect(s.equal(other, 0) == false)
        }
    }

    /// None is a singleton: two occurrences of it in a case (two tags) are one object, so a dict or set
    /// lookup finds one with the other (`{None: 1}[None]`).
    @Test func twoOccurrencesOfNoneAreEqual() {
        let s = semantics([.singleton(.none), .singleton(.none)])
        #expect(s.equal(0, 1) == true)
    }

    @Test func tuplesCompareElementWise() {
        // tags: 0 (1, 'ab'), 1 (True, 'ab'), 2 (1, 'ac'), 3 (1,), 4 [1, 'ab'] as a list
        let s = semantics([.tuple([]), .tuple([]), .tuple([]), .tuple([]), .list([]),
                           .smallInt(1), .freshString("ab"), .singleton(.true), .freshString("ac")],
                          tuples: [0: [5, 6], 1: [7, 6], 2: [5, 8], 3: [5], 4: [5, 6]])
        #expect(s.equal(0, 1) == true)
        #expect(s.equal(0, 2) == false)
        #expect(s.equal(0, 3) == false)
        #expect(s.equal(3, 0) == false)
        #expect(s.equal(0, 4) == false)   // a tuple is never equal to a list
        #expect(s.equal(0, 5) == false)   // nor to a scalar
    }

    // MARK: Ordering

    @Test func orderingOfComparableValues() {
        let s = semantics([.smallInt(1), .bigInt(1_000_001), .singleton(.true), .smallInt(2),
                           .freshString("ab"), .internedString("b"), .freshString("Z"), .freshString("é")])
        #expect(s.less(0, 1) == true)
        #expect(s.less(1, 0) == false)
        #expect(s.less(2, 3) == true)    // True < 2
        #expect(s.less(0, 2) == false)   // 1 < True is false (equal)
        #expect(s.less(4, 5) == true)    // 'ab' < 'b'
        #expect(s.less(5, 4) == false)
        #expect(s.less(6, 4) == true)    // 'Z' < 'ab' (code points)
        #expect(s.less(7, 5) == false)   // 'é' > 'b'
    }

    @Test func orderingOfTrackedObjects() {
        let s = semantics([.canary(1), .canary(0), .evil(0), .mutator(0), .mutator(1)])
        #expect(s.less(1, 0) == true)    // by canary number, not by tag
        #expect(s.less(0, 1) == false)
        #expect(s.less(0, 2) == true)    // canaries sort before evil objects
        #expect(s.less(3, 4) == nil)     // mutators do not order
        #expect(s.less(0, 3) == nil)
    }

    @Test func incomparablePairsGiveNil() {
        let s = semantics([.smallInt(1), .freshString("ab"), .singleton(.none), .singleton(.none), .canary(0)])
        #expect(s.less(0, 1) == nil)
        #expect(s.less(1, 0) == nil)
        #expect(s.less(2, 3) == nil)     // None < None raises
        #expect(s.less(0, 2) == nil)
        #expect(s.less(4, 0) == nil)
    }

    // MARK: Sorting

    @Test func sortIsStable() {
        // 1, True, 0, 1 (tags 0...3) sort to 0, 1, True, 1: equal keys keep their order.
        let s = semantics([.smallInt(1), .singleton(.true), .smallInt(0), .bigInt(1)])
        #expect(s.sorted([0, 1, 2, 3]) == [2, 0, 1, 3])
        #expect(s.sorted([3, 1, 0, 2]) == [2, 3, 1, 0])
    }

    @Test func sortOrdersStringsAndCanaries() {
        let s = semantics([.freshString("b"), .freshString("ab"), .internedString("a"), .canary(2), .canary(0), .evil(0)])
        #expect(s.sorted([0, 1, 2]) == [2, 1, 0])
        #expect(s.sorted([5, 3, 4]) == [4, 3, 5])
    }

    @Test func sortFailsWhenSomePairDoesNotCompare() {
        let s = semantics([.smallInt(1), .freshString("ab"), .singleton(.none), .mutator(0), .smallInt(2)])
        #expect(s.sorted([0, 1]) == nil)
        #expect(s.sorted([0, 4, 2]) == nil)
        #expect(s.sorted([3, 3]) == nil)
    }

    @Test func emptyAndSingleListsAlwaysSort() {
        let s = semantics([.singleton(.none), .mutator(0)])
        #expect(s.sorted([]) == [])
        #expect(s.sorted([0]) == [0])   // a single element is never compared
        #expect(s.sorted([1]) == [1])
    }
}
