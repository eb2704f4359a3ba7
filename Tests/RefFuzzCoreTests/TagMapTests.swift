import Testing
@testable import RefFuzzCore

/// TagMap stands in for a `[Int: Value]` dictionary: the same answers, in tag order.
@Suite("TagMap")
struct TagMapTests {
    @Test func behavesLikeADictionaryKeyedByTag() {
        var map: TagMap<Int> = [2: 20]
        var dictionary: [Int: Int] = [2: 20]
        for (tag, value) in [(5, 50), (0, 0), (-3, 30), (2, 21), (5, 51)] {
            map[tag] = value
            dictionary[tag] = value
        }
        map[7, default: 0] += 1
        dictionary[7, default: 0] += 1
        map[0] = nil
        dictionary[0] = nil
        map[100] = nil // a tag past the end set to nil adds nothing
        #expect(map.count == dictionary.count)
        #expect(map.keys == dictionary.keys.sorted(), "negative tags first, then in tag order")
        #expect(map.map(\.key) == map.keys)
        for tag in -4...101 { #expect(map[tag] == dictionary[tag], "\(tag)") }
        #expect(map[9, default: 4] == 4)
        #expect(map.count == dictionary.count, "reading with a default adds nothing")
    }

    @Test func equalityIgnoresEmptySlots() {
        var a: TagMap<Int> = [1: 1]
        a[40] = 4
        a[40] = nil
        #expect(a == [1: 1])
        #expect(a != [1: 2])
        #expect(a != [1: 1, 2: 0])
    }

    @Test func iterationSeesTheMapAsItWasWhenItBegan() {
        var map: TagMap<Int> = [0: 0, 1: 1, 2: 2]
        var seen: [Int] = []
        for (tag, _) in map {
            seen.append(tag)
            map[tag + 10] = tag // mutating while iterating a copy
        }
        #expect(seen == [0, 1, 2])
        #expect(map.count == 6)
    }

    @Test func tagSetContainsWhatWasInserted() {
        var set: TagSet = [3, 1]
        #expect(set.insert(1).inserted == false)
        #expect(set.insert(-2).inserted)
        set.remove(3)
        #expect(Array(set) == [-2, 1])
        #expect(set.contains(1) && !set.contains(3) && set.count == 2)
    }
}
