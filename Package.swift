// swift-tools-version: 6.0
import PackageDescription

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
        // Debian's libpython3-dev through pkg-config; the shim header includes glibc headers before Python.h.
        .systemLibrary(
            name: "CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["libpython3-dev"])]
        ),
        // What must be C: canary/evil/mutator types, the zombie type, allocator hooks, macro wrappers.
        .target(name: "RefFuzzRuntime", dependencies: ["CPython"]),
        // The built-in example extension modules (bugs of the literature and their correct twins).
        .target(name: "RefFuzzExamples", dependencies: ["CPython"]),
        // Pure Swift: case IR, target specs, generation, model, judging, shrinking, corpus, reports.
        .target(name: "RefFuzzCore"),
        // Python lives here only: execution, detectors, isolation (fork server), the fuzz loop.
        .target(name: "RefFuzzEngine", dependencies: ["RefFuzzCore", "CPython", "RefFuzzRuntime", "RefFuzzExamples"]),
        // Fuzz properties in `swift test`: seeded, budgeted, failing with the shrunk case and its replay line.
        .target(name: "RefFuzzTesting", dependencies: ["RefFuzzEngine", "RefFuzzCore"]),
        .executableTarget(
            name: "reffuzz",
            dependencies: [
                "RefFuzzEngine", "RefFuzzCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RefFuzzCoreTests", dependencies: ["RefFuzzCore"]),
        .testTarget(name: "RefFuzzEngineTests", dependencies: ["RefFuzzEngine", "RefFuzzCore"], exclude: ["Fixtures"]),
        .testTarget(name: "RefFuzzTestingTests", dependencies: ["RefFuzzTesting", "RefFuzzCore"]),
    ],
    swiftLanguageModes: [.v6]
)
