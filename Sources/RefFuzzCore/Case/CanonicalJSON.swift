import Foundation

/// The JSON text RefFuzz writes: sorted keys, indented, no escaped slashes, a final newline; the same
/// value always gives the same bytes (case files are named by a hash of them).
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
