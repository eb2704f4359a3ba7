/// A JUnit XML view of a report: one test case per target, one failure per finding.
public struct JUnitReport: Sendable {
    public let report: Report

    public init(_ report: Report) { self.report = report }

    public var xml: String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let failures = report.findingCount
        lines.append("<testsuites name=\"reffuzz\" tests=\"\(report.targets.count)\" failures=\"\(failures)\" time=\"\(report.seconds)\">")
        lines.append("  <testsuite name=\"reffuzz\" tests=\"\(report.targets.count)\" failures=\"\(failures)\" time=\"\(report.seconds)\">")
        for target in report.targets {
            let name = escape(target.target)
            if target.findings.isEmpty {
                lines.append("    <testcase classname=\"reffuzz\" name=\"\(name)\"/>")
                continue
            }
            lines.append("    <testcase classname=\"reffuzz\" name=\"\(name)\">")
            for f in target.findings {
                let text = "\(f.message)\nmasked by: \(f.maskedBy.map(\.rawValue).joined(separator: ", "))\ncase: \(f.caseFile ?? "")\nreproduce: \(f.reproduce ?? "")"
                lines.append("      <failure type=\"\(f.kind.rawValue)\" message=\"\(escape(f.message))\">\(escape(text))</failure>")
            }
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 allows no other C0 control character, not even as a reference.
                if c.value < 0x20 && c != "\n" && c != "\t" && c != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
