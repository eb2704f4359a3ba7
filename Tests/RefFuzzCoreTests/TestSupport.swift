import Foundation
@testable import RefFuzzCore

/// Target specs that together use every argument kind, keyword arguments and several containers.
let generatorSpecs = [
    "m:f(list,mutator)",
    "m:f(dict,mutator)",
    "m:f(set,mutator)",
    "m:f(set,tuple,any)",
    "jsonlib:dumps(list, default=mutator)",
    "m:f(any,any,key=mutator)",
    "m:f(int,str,dict,set)",
    "pkg.mod:Class.staticfn(list,dict,set,mutator,other=any)",
    "m:f(frozenset,deque,ordereddict,mutator)",
    "m:f(bytearray,array,callable)",
    "m:f(float,bytes,iterator,file)",
    "m:f(list,list,any,dict)",
    "m:f(iterator,list,mutator)",
]

func parse(_ text: String) throws -> TargetSpec { try TargetSpec(parsing: text) }

extension Value {
    /// This value and every value inside it, depth-first.
    var allValues: [Value] { [self] + children.flatMap(\.allValues) }

    /// How many containers deep the value goes (0 for a scalar, 1 for a flat list).
    var nesting: Int { isContainer ? 1 + (children.map(\.nesting).max() ?? 0) : 0 }

    /// The number of elements of a container (entries for a dict), 0 for a scalar.
    var elementCount: Int {
        switch self {
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items), .deque(let items, _): items.count
        case .dict(let entries), .orderedDict(let entries): entries.count
        case .bytearray(let b): b.count
        case .array(let a): a.count
        default: 0
        }
    }
}

extension Case {
    /// Every value made for the arguments, nested ones included.
    var argumentValues: [Value] { arguments.flatMap { $0.value.allValues } }
    /// Every step of every program (of every behaviour).
    var allSteps: [MutationStep] { programs.flatMap(\.steps) }
    /// Every value of the case: the arguments', the iterators' items, the instances' contents, the
    /// values calls return and steps store, nested ones included.
    var everyValue: [Value] {
        (arguments.map(\.value) + iterators.flatMap(\.items) + instances.map(\.value) + behaviourValues
            + allSteps.flatMap(\.values)).flatMap(\.allValues)
    }
}

/// The cases `index in 0..<count` of `spec` with `seed` (and `configuration`).
func cases(_ spec: String, seed: UInt64 = 1, count: Int = 2_000,
           configuration: Generator.Configuration = Generator.Configuration()) throws -> [Case] {
    let generator = Generator(spec: try parse(spec), configuration: configuration)
    return (0..<count).map { generator.generate(seed: seed, index: $0) }
}

/// The fraction of `items` that satisfy `predicate`.
func share<T>(_ items: [T], _ predicate: (T) -> Bool) -> Double {
    Double(items.filter(predicate).count) / Double(max(items.count, 1))
}

/// Runs `body` with a fresh, empty folder under the temporary directory, and removes it afterwards.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("reffuzz-coretests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Every file and folder under `path`, dot-files included, relative to it.
func everything(under path: String) -> [String] {
    var all: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let relative = enumerator?.nextObject() as? String { all.append(relative) }
    return all.sorted()
}
