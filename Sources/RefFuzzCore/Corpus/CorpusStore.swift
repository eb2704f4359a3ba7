import Foundation

/// A folder of case files: `DIR/MODULE/HASH.json`, named by a hash of the program and its finding kind,
/// written atomically (a temporary file, then rename) so that a run killed at any moment leaves only
/// whole, readable files, and never stores the same (target, kind, case) twice.
public struct CorpusStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The file name a case file gets: 16 hex digits of FNV-1a over its program and finding kind.
    public static func name(for file: CaseFile) throws -> String {
        var identity = file
        identity.theCase = file.theCase.identityOnly
        identity.finding = file.finding.map { Finding(kind: $0.kind, message: "") }
        let hash = SplitMix64.fnv1a(try identity.encoded())
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".json"
    }

    /// Writes the case unless the same one is already stored; returns its path either way.
    @discardableResult
    public func store(_ file: CaseFile) throws -> String {
        let folder = (directory as NSString).appendingPathComponent(file.theCase.target.module)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(try Self.name(for: file))
        if FileManager.default.fileExists(atPath: path) { return path }
        try Self.writeAtomically(try file.encoded(), to: path)
        return path
    }

    /// Writes `data` to a temporary file next to `path`, flushes it, and renames it into place.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary]) }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Every case file under `path` (a file or a folder, recursively), sorted; temporary files skipped.
    public static func caseFiles(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasSuffix(".json") && !name.hasPrefix(".") {
                files.append((path as NSString).appendingPathComponent(relative))
            }
        }
        return files.sorted()
    }
}
