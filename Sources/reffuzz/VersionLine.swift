import CPython
import Foundation

/// What `reffuzz --version` prints: RefFuzz's version and the CPython it embeds, as the libpython loaded
/// into this process tells it (`Py_GetVersion` needs no initialized interpreter), not as the build
/// configuration says, with the file that libpython was loaded from.
enum VersionLine {
    static let refFuzz = "0.1.0"

    static var text: String {
        "reffuzz \(refFuzz) (CPython \(python)\(libraryPath.map { ", \($0)" } ?? ""))"
    }

    /// The embedded CPython's version, "3.11.2", without starting the interpreter.
    static var python: String { String(String(cString: Py_GetVersion()).prefix { $0 != " " }) }

    /// The file mapped where Py_GetVersion's code is (the libpython the dynamic linker found), from
    /// /proc/self/maps: "START-END PERMS OFFSET DEVICE INODE PATH" lines, addresses in hex.
    private static var libraryPath: String? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "Py_GetVersion"),
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        let address = UInt(bitPattern: symbol)
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let range = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            if fields.count == 6, range.count == 2, range[0] <= address, address < range[1] {
                return fields[5].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
