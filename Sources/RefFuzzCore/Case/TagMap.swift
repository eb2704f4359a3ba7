/// A dictionary keyed by tag: the numbers of a case's objects, small and dense from 0 (`CaseLayout`,
/// then the objects steps make). An array indexed by tag, so that a lookup or an update costs an index
/// instead of a hash, a probe and, while it grows, rehashing: the model and the executor do millions of
/// them a second. Iterates in tag order. A negative key (an object that is not the case's) is kept
/// aside, as a dictionary would keep it.
///
///     var owned: TagMap<Int> = [0: 1]
///     owned[3, default: 0] += 1       // [0: 1, 3: 1]
///     for (tag, count) in owned { ... }
public struct TagMap<Value> {
    // Inlinable, so that the modules using it specialize it (a generic call across modules is slow).
    @usableFromInline var slots: [Value?] = []
    @usableFromInline var negative: [Int: Value] = [:]
    @usableFromInline var entries = 0
    @inlinable public var count: Int { entries }

    @inlinable public init() {}

    /// An empty map with room for tags below `capacity` without growing.
    @inlinable public init(capacity: Int) { slots.reserveCapacity(capacity) }

    @inlinable public var isEmpty: Bool { entries == 0 }

    @inlinable mutating func grow(to tag: Int) {
        while slots.count <= tag { slots.append(nil) } // the array grows geometrically
    }

    @inlinable public subscript(tag: Int) -> Value? {
        get { tag >= 0 ? (tag < slots.count ? slots[tag] : nil) : negative[tag] }
        set {
            guard tag >= 0 else {
                entries += (newValue != nil ? 1 : 0) - (negative[tag] != nil ? 1 : 0)
                negative[tag] = newValue
                return
            }
            if tag >= slots.count {
                guard newValue != nil else { return }
                grow(to: tag)
            }
            entries += (newValue != nil ? 1 : 0) - (slots[tag] != nil ? 1 : 0)
            slots[tag] = newValue
        }
        _modify {
            guard tag >= 0 else {
                let had = negative[tag] != nil
                yield &negative[tag]
                entries += (negative[tag] != nil ? 1 : 0) - (had ? 1 : 0)
                return
            }
            if tag >= slots.count { grow(to: tag) }
            let had = slots[tag] != nil
            yield &slots[tag]
            entries += (slots[tag] != nil ? 1 : 0) - (had ? 1 : 0)
        }
    }

    @inlinable public subscript(tag: Int, default fallback: @autoclosure () -> Value) -> Value {
        get { self[tag] ?? fallback() }
        set { self[tag] = newValue }
        _modify {
            guard tag >= 0 else {
                if negative[tag] == nil { entries += 1 }
                yield &negative[tag, default: fallback()]
                return
            }
            if tag >= slots.count { grow(to: tag) }
            if slots[tag] == nil {
                slots[tag] = fallback()
                entries += 1
            }
            yield &slots[tag]!
        }
    }

    /// The tags that have a value, in order.
    @inlinable public var keys: [Int] {
        var keys: [Int] = negative.isEmpty ? [] : negative.keys.sorted()
        keys.reserveCapacity(entries)
        for tag in slots.indices where slots[tag] != nil { keys.append(tag) }
        return keys
    }
    @inlinable public var values: [Value] { map(\.value) }
}

extension TagMap: Sequence {
    public typealias Element = (key: Int, value: Value)

    public struct Iterator: IteratorProtocol {
        @usableFromInline var negative: [(key: Int, value: Value)]
        @usableFromInline var slots: [Value?]
        @usableFromInline var position = 0

        @inlinable init(negative: [(key: Int, value: Value)], slots: [Value?]) {
            self.negative = negative
            self.slots = slots
        }

        @inlinable public mutating func next() -> (key: Int, value: Value)? {
            if !negative.isEmpty { return negative.removeFirst() }
            while position < slots.count {
                defer { position += 1 }
                if let value = slots[position] { return (position, value) }
            }
            return nil
        }
    }

    @inlinable public func makeIterator() -> Iterator {
        Iterator(negative: negative.isEmpty ? [] : negative.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }, slots: slots)
    }

    @inlinable public var underestimatedCount: Int { count }
}

extension TagMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (Int, Value)...) {
        for (tag, value) in elements { self[tag] = value }
    }
}

extension TagMap: Equatable where Value: Equatable {
    public static func == (a: TagMap, b: TagMap) -> Bool {
        guard a.count == b.count else { return false }
        for (tag, value) in a where b[tag] != value { return false }
        return true
    }
}

extension TagMap: Sendable where Value: Sendable {}

extension TagMap: CustomStringConvertible {
    public var description: String {
        isEmpty ? "[:]" : "[" + map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

/// A set of tags (see `TagMap`).
public struct TagSet: Equatable, Sendable, Sequence, ExpressibleByArrayLiteral {
    @usableFromInline var members = TagMap<Bool>()

    @inlinable public init() {}
    @inlinable public init<S: Sequence>(_ tags: S) where S.Element == Int { for tag in tags { insert(tag) } }
    @inlinable public init(arrayLiteral tags: Int...) { self.init(tags) }

    @inlinable public var count: Int { members.count }
    @inlinable public var isEmpty: Bool { members.isEmpty }
    @inlinable public func contains(_ tag: Int) -> Bool { members[tag] != nil }

    @discardableResult @inlinable
    public mutating func insert(_ tag: Int) -> (inserted: Bool, memberAfterInsert: Int) {
        guard members[tag] == nil else { return (false, tag) }
        members[tag] = true
        return (true, tag)
    }

    @inlinable public mutating func remove(_ tag: Int) { members[tag] = nil }

    public func makeIterator() -> IndexingIterator<[Int]> { members.keys.makeIterator() }
}
