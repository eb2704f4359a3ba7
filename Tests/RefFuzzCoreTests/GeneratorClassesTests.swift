import Testing
@testable import RefFuzzCore

/// Statistics over a few thousand cases with fixed seeds: every data class and kind of TARGETS.md is
/// generated, at the edges that matter, and the plain shapes stay the common ones.
@Suite("Generator: data classes and kinds")
struct GeneratorClassesTests {
    @Test func intsSpanTheirClasses() throws {
        let ints = try cases("m:f(int)", seed: 31, count: 4_000).map(\.arguments[0].value)
        let small = ints.compactMap { if case .smallInt(let n) = $0 { n } else { nil } }
        let big = ints.compactMap { if case .bigInt(let n) = $0 { n } else { nil } }
        let huge = ints.compactMap { if case .hugeInt(let d) = $0 { d } else { nil } }
        #expect(Set(small).isSuperset(of: [-5, -1, 0, 1, 255, 256]))
        #expect(small.contains { $0 > 9 && $0 < 255 })
        #expect(big.contains { $0 <= -1_000_000 && !Value.machineBoundaries.contains($0) })
        let boundaries = [Int(Int32.max), Int(Int32.max) + 1, Int(Int32.max) + 2, Int(UInt32.max) + 1, Int.max, Int(Int32.min), Int.min]
        #expect(Set(big).isSuperset(of: boundaries))
        #expect(Set(huge).isSuperset(of: ["9223372036854775808", "9223372036854775809", "18446744073709551616"]))
        #expect(huge.contains { $0.count > 200 }, "far past 64 bits")
        // Cached small ints and fresh big ones stay the common draws.
        #expect(share(ints) { $0.dataClass == .smallInt } > 0.35)
        #expect(share(ints) { $0.dataClass == .bigInt } > 0.2)
        #expect(share(ints) { $0.dataClass == .hugeInt } < 0.12)
    }

    @Test func floatsSpanTheirClasses() throws {
        let floats = try cases("m:f(float)", seed: 32, count: 2_000).compactMap { c -> Double? in
            if case .float(let x) = c.arguments[0].value { x } else { nil }
        }
        #expect(floats.count > 1_850, "the others are instances of float subclasses")
        #expect(floats.contains { $0 == 0 && $0.sign == .plus })
        #expect(floats.contains { $0 == 0 && $0.sign == .minus })
        #expect(floats.contains { $0.isNaN })
        #expect(floats.contains(.infinity) && floats.contains(-.infinity))
        #expect(floats.contains(5e-324))
        #expect(floats.contains { $0.isFinite && $0 != $0.rounded() })
        #expect(share(floats) { $0.isFinite && $0 != 0 } > 0.4, "ordinary floats are the common ones")
    }

    @Test func stringsSpanTheirClasses() throws {
        let strings = try cases("m:f(str)", seed: 33, count: 4_000).map(\.arguments[0].value)
        func has(_ predicate: (Value, [Unicode.Scalar]) -> Bool) -> Bool {
            strings.contains { v in
                switch v {
                case .internedString(let s), .freshString(let s): predicate(v, Array(s.unicodeScalars))
                default: false
                }
            }
        }
        #expect(has { v, s in v == .internedString("") })
        #expect(has { v, _ in if case .internedString(let s) = v { Generator.identifiers.contains(s) } else { false } })
        #expect(has { v, s in v.dataClass == .freshString && s.count <= 4 })
        #expect(has { _, s in s.contains { $0.value > 0x7F && $0.value <= 0xFF } }, "Latin-1")
        #expect(has { _, s in s.contains { $0.value > 0xFF && $0.value <= 0xFFFF } }, "BMP")
        #expect(has { _, s in s.contains { $0.value > 0xFFFF } }, "astral")
        #expect(has { _, s in s.count >= 300 } && has { _, s in s.count >= 1_000 }, "long")
        #expect(share(strings) { $0.dataClass == .freshString } > 0.35, "short ASCII stays common")
        #expect(share(strings) { $0.dataClass == .internedString } > 0.25)
    }

    @Test func bytesSpanTheirClasses() throws {
        let all = try cases("m:f(bytes)", seed: 34, count: 2_000).compactMap { c -> [UInt8]? in
            if case .bytes(let b) = c.arguments[0].value { b } else { nil }
        }
        #expect(all.count > 1_850, "the others are instances of bytes subclasses")
        #expect(all.contains([]))
        #expect(all.contains { (1...8).contains($0.count) })
        #expect(all.contains { (9...16).contains($0.count) })
        #expect(all.contains { $0.count == 64 || $0.count == 65 } && all.contains { $0.count >= 1_000 })
        #expect(all.contains { $0.count < 10 && $0.contains(0) }, "with NULs")
    }

    @Test func containerLengthsCrossTheFastPathEdgesButStayMostlyShort() throws {
        let lengths = try cases("m:f(list,dict)", seed: 35, count: 6_000).flatMap { c in c.arguments.map(\.value.elementCount) }
        #expect(share(lengths) { $0 <= 6 } > 0.95)
        #expect(share(lengths) { (1...3).contains($0) } > 0.55)
        #expect(Set(lengths).isSuperset(of: [0, 1, 2, 8, 9, 16, 17, 64, 65]))
        #expect(lengths.contains { (200...400).contains($0) })
        #expect(lengths.allSatisfy { $0 <= Generator.Limits().maxElements })
    }

    @Test func containersNestAndSometimesHoldThemselves() throws {
        let all = try cases("m:f(list,any)", seed: 36, count: 4_000)
        #expect(all.contains { $0.arguments[0].value.nesting == 2 })
        let holdsItself = all.filter { $0.arguments[0].value.children.contains(.alias(0)) }
        #expect(holdsItself.count >= 5, "\(holdsItself.count) lists hold themselves")
        let inside = all.filter { c in c.arguments[1].value.allValues.contains(.alias(0)) }
        #expect(!inside.isEmpty, "an argument inside another")
        for c in holdsItself + inside {
            #expect(c.validationProblem == nil)
            #expect(CaseLayout(c).nodes.count < 1_000)
        }
    }

    @Test func twoArgumentsOfCompatibleKindsAreSometimesOneObject() throws {
        let all = try cases("m:f(list,list,dict,any)", seed: 37, count: 3_000)
        let sameList = share(all) { $0.arguments[1].value == .alias(0) }
        #expect(sameList > 0.02 && sameList < 0.12, "\(sameList)")
        for c in all {
            // Only aliases a kind accepts: never the dict for a list, never a scalar.
            if case .alias(let i) = c.arguments[2].value { Issue.record("dict argument aliases argument \(i)") }
            if case .alias(let i) = c.arguments[3].value { #expect(c.arguments[i].value.isContainer) }
        }
        let layouts = all.map { CaseLayout($0).aliasedArguments }
        #expect(layouts.contains([[0, 1]]))
    }

    @Test func everyNewContainerKindIsMadeWithItsOwnShape() throws {
        var bounded = 0, full = 0, typecodes = Set<ArrayTypecode>(), edges = 0
        for c in try cases("m:f(frozenset,deque,ordereddict,bytearray,array)", seed: 38, count: 3_000) {
            guard case .frozenset(let members) = c.arguments[0].value, case .deque(let items, let maxlen) = c.arguments[1].value,
                  case .orderedDict = c.arguments[2].value, case .bytearray = c.arguments[3].value,
                  case .array(let array) = c.arguments[4].value else {
                if !c.arguments.contains(where: { if case .alias = $0.value { true } else { false } }) { Issue.record("\(c.arguments)") }
                continue
            }
            #expect(members.allSatisfy { $0.isHashable })
            if let maxlen {
                bounded += 1
                #expect(items.count <= maxlen)
                if items.count == maxlen { full += 1 }
            }
            typecodes.insert(array.typecode)
            #expect(array.integers.allSatisfy(array.typecode.range.contains))
            if array.integers.contains(where: { $0 == array.typecode.range.lowerBound || $0 == array.typecode.range.upperBound }) { edges += 1 }
        }
        #expect(bounded > 150 && full > 20)
        #expect(typecodes == Set(ArrayTypecode.allCases))
        #expect(edges > 100, "machine numbers at the type code's edges")
    }

    @Test func callablesReturnValuesAndRaiseAfterTheirSteps() throws {
        var values: [Value] = [], raises = Set<ExceptionType>(), withSteps = 0
        for c in try cases("m:f(list,callable)", seed: 39, count: 2_000) {
            let program = c.mutators[0]
            for result in program.results {
                switch result {
                case .value(let v): values.append(v)
                case .raise(let t): raises.insert(t); if !program.calls.isEmpty { withSteps += 1 }
                case .usual: break
                }
            }
            #expect(program.results.last != .usual)
        }
        #expect(values.contains { $0.dataClass == .canary })
        #expect(values.contains { $0.isContainer })
        #expect(values.contains(.singleton(.none)) && values.contains { $0.dataClass == .float })
        #expect(values.contains { if case .bytes(let b) = $0 { b.count >= 10_000 } else { false } })
        #expect(values.contains { if case .freshString(let s) = $0 { s.unicodeScalars.count >= 10_000 } else { false } })
        #expect(raises.count >= 5 && withSteps > 50)
        // A plain mutator returns None.
        #expect(try cases("m:f(list,mutator)", count: 500).allSatisfy { $0.mutators[0].results.isEmpty })
    }

    @Test func iteratorsRaiseLieAndReenterThemselves() throws {
        var raising = 0, substituting = 0, lying = 0, truthful = 0, reentering = 0, withItems = 0
        for c in try cases("m:f(iterator,list)", seed: 40, count: 2_000) {
            let it = c.iterators[0]
            if !it.items.isEmpty { withItems += 1 }
            if it.results.contains(where: { if case .raise = $0 { true } else { false } }) { raising += 1 }
            if it.results.contains(where: { if case .value = $0 { true } else { false } }) { substituting += 1 }
            if let hint = it.lengthHint { if hint == it.items.count { truthful += 1 } else { lying += 1 } }
            if it.calls.joined().contains(.next(argument: 0)) { reentering += 1 }
        }
        #expect(withItems > 1_500 && raising > 400 && substituting > 100 && lying > 400 && truthful > 300 && reentering > 100,
                "\(withItems) \(raising) \(substituting) \(lying) \(truthful) \(reentering)")
    }

    @Test func filesWriteReadFlushAndFailMidWrite() throws {
        var methods = Set<FileMethod>(), osErrorAfterAWrite = 0, reads = Set<DataClass>(), programs = 0
        for c in try cases("m:f(list,file)", seed: 41, count: 2_000) {
            let file = c.files[0]
            methods.formUnion(file.programs.keys)
            methods.formUnion(file.results.keys)
            programs += file.programs.count
            if let write = file.results[.write], write.count > 1, write.last == .raise(.osError) { osErrorAfterAWrite += 1 }
            for method in [FileMethod.read, .readline] {
                for case .value(let v) in file.results[method] ?? [] { reads.insert(v.dataClass) }
            }
        }
        #expect(methods == Set(FileMethod.allCases))
        #expect(osErrorAfterAWrite > 50 && programs > 500)
        #expect(reads.contains(.bytes) && (reads.contains(.freshString) || reads.contains(.internedString)))
    }

    @Test func anyDrawsInstancesOfEveryBuiltinSubclassWithProgramsAndRaises() throws {
        var bases = Set<BuiltinBase>(), programs = 0, raises = 0, methods = Set<String>()
        for c in try cases("m:f(any,list)", seed: 42, count: 6_000) {
            for instance in c.instances {
                bases.insert(instance.base)
                #expect(instance.base.holds(instance.value))
                #expect(Set(instance.programs.keys).union(instance.results.keys).isSubset(of: instance.base.methods))
                methods.formUnion(instance.programs.keys)
                programs += instance.programs.count
                raises += instance.results.values.joined().filter { if case .raise = $0 { true } else { false } }.count
            }
        }
        #expect(bases == Set(BuiltinBase.allCases))
        #expect(programs > 50 && raises > 20, "\(programs) \(raises)")
        #expect(methods.isSuperset(of: ["__eq__", "__hash__", "__len__", "__index__", "lower", "keys"]))
    }

    @Test func evilObjectsRaiseFromTheirDundersAndLieAboutTheirLength() throws {
        var raising = Set<Dunder>(), lies: [Dunder: Set<Value>] = [:]
        for c in try cases("m:f(list,any)", seed: 43, count: 4_000) {
            for evil in c.evils {
                for (dunder, results) in evil.results {
                    for result in results {
                        switch result {
                        case .raise: raising.insert(dunder)
                        case .value(let v): lies[dunder, default: []].insert(v)
                        case .usual: break
                        }
                    }
                }
            }
        }
        #expect(raising.isSuperset(of: [.eq, .lt, .hash, .repr, .len]))
        #expect(lies[.len, default: []].count >= 4 && lies[.lengthHint, default: []].count >= 3, "\(lies)")
        #expect(lies[.len, default: []].contains(.smallInt(-1)))
    }

    @Test func someProgramsActOnlyOnTheirNthCall() throws {
        var nth = 0, second = 0, programs = 0
        for c in try cases("m:f(list,mutator,any)", seed: 44, count: 3_000) {
            for program in c.mutators.map(\.calls) + c.evils.flatMap(\.programs.values) {
                programs += 1
                let idle = program.prefix { $0.isEmpty }.count
                guard idle > 0 else { continue }
                nth += 1
                #expect(idle < program.count)
                if idle == 1 { second += 1 }
            }
        }
        let fraction = Double(nth) / Double(programs)
        #expect(fraction > 0.02 && fraction < 0.1, "\(fraction)")
        #expect(second > 0, "a compare that clears the container the second time it runs")
    }

    @Test("every generated case is valid", arguments: [
        "m:f(any,any,any)", "m:f(list,list,callable)", "m:f(frozenset,deque,ordereddict,bytearray,array,mutator)",
        "m:f(iterator,file,dict,set)", "m:f(int,float,str,bytes,tuple,list,dict)",
    ])
    func everyCaseIsValid(spec: String) throws {
        for (index, c) in try cases(spec, seed: 45, count: 1_500).enumerated() {
            #expect(c.validationProblem == nil, "index \(index): \(c.validationProblem ?? "")")
        }
    }
}
