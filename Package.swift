// swift-tools-version: 6.0
import Foundation
import PackageDescription

// Which CPython is embedded. By default the system's libpython3-dev, found by pkg-config as python3-embed
// (no unsafe flags, so RefFuzz stays usable as a package dependency). `Scripts/setup --python
// /path/to/bin/python3.X` records another CPython 3.11+ with a shared libpython in `.reffuzz-python`
// (KEY=value lines, gitignored), and the targets below then take its headers and library from there,
// with an rpath so the binaries run without LD_LIBRARY_PATH. `Scripts/setup --python system` deletes
// the file. Edit neither by hand: Scripts/setup also makes SwiftPM forget its cached evaluation of this
// manifest, which does not notice a change of the file.
struct ChosenPython {
    let includeDir: String
    let libDir: String
    let library: String

    init?(file: String) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let includeDir = values["INCLUDE_DIR"], let libDir = values["LIB_DIR"], let library = values["LIBRARY"] else {
            fatalError("\(file) lacks INCLUDE_DIR, LIB_DIR or LIBRARY: run Scripts/setup --python again")
        }
        (self.includeDir, self.libDir, self.library) = (includeDir, libDir, library)
    }
}
let chosenPython = ChosenPython(file: Context.packageDirectory + "/.reffuzz-python")
// For the C targets that include Python.h, the Swift targets that see the CPython module (directly or
// through RefFuzzEngine), and RefFuzzEngine's links (its linker settings reach every link that includes
// it, with RefFuzzRuntime and RefFuzzExamples: the executable and the test bundle).
let pythonC: [CSetting] = chosenPython.map { [.unsafeFlags(["-I\($0.includeDir)"])] } ?? []
let pythonSwift: [SwiftSetting] = chosenPython.map { [.unsafeFlags(["-Xcc", "-I\($0.includeDir)"])] } ?? []
let pythonLink: [LinkerSetting] = chosenPython.map {
    [.unsafeFlags(["-L\($0.libDir)", "-l\($0.library)", "-Xlinker", "-rpath", "-Xlinker", $0.libDir])]
} ?? []

let package = Package(
    name: "RefFuzz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reffuzz", targets: ["reffuzz"]),
        .library(name: "RefFuzzCore", targets: ["RefFuzzCore"]),
        .library(name: "RefFuzzEngine", targets: ["RefFuzzEngine"]),
        .library(name: "RefFuzzTesting", targets: ["RefFuzzTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The embedded CPython (see above); the shim header includes glibc headers before Python.h.
        .systemLibrary(
            name: "CPython",
            pkgConfig: chosenPython == nil ? "python3-embed" : nil,
            providers: chosenPython == nil ? [.apt(["libpython3-dev"])] : nil
        ),
        // What must be C: canary/evil/mutator types, the zombie type, allocator hooks, macro wrappers.
        .target(name: "RefFuzzRuntime", dependencies: ["CPython"], cSettings: pythonC),
        // The built-in example extension modules (bugs of the literature and their correct twins).
        .target(name: "RefFuzzExamples", dependencies: ["CPython"], cSettings: pythonC),
        // Pure Swift: case IR, target specs, generation, model, judging, shrinking, corpus, reports.
        .target(name: "RefFuzzCore"),
        // Python lives here only: execution, detectors, isolation (fork server), the fuzz loop.
        .target(name: "RefFuzzEngine", dependencies: ["RefFuzzCore", "CPython", "RefFuzzRuntime", "RefFuzzExamples"],
                swiftSettings: pythonSwift, linkerSettings: pythonLink),
        // Fuzz properties in `swift test`: seeded, budgeted, failing with the shrunk case and its replay line.
        .target(name: "RefFuzzTesting", dependencies: ["RefFuzzEngine", "RefFuzzCore"], swiftSettings: pythonSwift),
        .executableTarget(
            name: "reffuzz",
            dependencies: [
                "RefFuzzEngine", "RefFuzzCore", "CPython",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: pythonSwift
        ),
        .testTarget(name: "RefFuzzCoreTests", dependencies: ["RefFuzzCore"]),
        .testTarget(name: "RefFuzzEngineTests", dependencies: ["RefFuzzEngine", "RefFuzzCore"], exclude: ["Fixtures"],
                    swiftSettings: pythonSwift),
        .testTarget(name: "RefFuzzTestingTests", dependencies: ["RefFuzzTesting", "RefFuzzCore"], swiftSettings: pythonSwift),
    ],
    swiftLanguageModes: [.v6]
)
