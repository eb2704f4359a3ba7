import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import RefFuzzCore

/// A finding as the finalizer reports it.
func reportedFinding(kind: FindingKind, message: String, maskedBy: [MaskingClass], ops: Int, caseFile: String,
                     firstCase: Int? = nil, call: String? = nil) -> Finding {
    var f = Finding(kind: kind, message: message, maskedBy: maskedBy)
    f.ops = ops
    f.caseFile = caseFile
    f.reproduce = "reffuzz replay \(caseFile)"
    f.firstCase = firstCase
    f.call = call
    return f
}

@Suite("Reports")
struct ReportTests {
    static let awkward = #"arg0 <list> & "quoted" 'single'"#

    static func report() -> Report {
        Report(seed: 42, seconds: 1.5, executions: 1_000, targets: [
            TargetReport(target: "clean:f(list)", executions: 400, findings: []),
            TargetReport(target: "buggy:g(list,mutator)", executions: 600, findings: [
                reportedFinding(kind: .useAfterFree, message: awkward, maskedBy: [.smallIntCache, .extraReference], ops: 2,
                                caseFile: "corpus/buggy/0123456789abcdef.json"),
                reportedFinding(kind: .leak, message: "leaks", maskedBy: [], ops: 3, caseFile: "corpus/buggy/fedcba9876543210.json",
                                firstCase: 17, call: "buggy.g([1], <mutator #0>)"),
            ]),
        ])
    }

    // MARK: JSON

    @Test func jsonKeysFollowTheContract() throws {
        let data = try Self.report().encoded()
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(top.keys).isSuperset(of: ["reffuzz", "seed", "seconds", "executions", "targets"]))
        #expect(top["reffuzz"] as? Int == 1)
        #expect(top["seed"] as? Int == 42)
        #expect(top["seconds"] as? Double == 1.5)
        #expect(top["executions"] as? Int == 1_000)
        let targets = try #require(top["targets"] as? [[String: Any]])
        #expect(targets.count == 2)
        for target in targets {
            #expect(Set(target.keys).isSuperset(of: ["target", "executions", "findings"]))
        }
        #expect(targets.map { $0["target"] as? String } == ["clean:f(list)", "buggy:g(list,mutator)"])
        #expect(targets.map { $0["executions"] as? Int } == [400, 600])
        #expect((targets[0]["findings"] as? [Any])?.isEmpty == true)
        let findings = try #require(targets[1]["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        for finding in findings {
            #expect(Set(finding.keys).isSuperset(of: ["kind", "message", "masked_by", "ops", "case", "reproduce"]))
        }
        let first = findings[0]
        #expect(first["kind"] as? String == "use-after-free")
        #expect(first["message"] as? String == Self.awkward)
        #expect(first["masked_by"] as? [String] == ["small-int-cache", "extra-reference"])
        #expect(first["ops"] as? Int == 2)
        #expect(first["case"] as? String == "corpus/buggy/0123456789abcdef.json")
        #expect(first["reproduce"] as? String == "reffuzz replay corpus/buggy/0123456789abcdef.json")
        #expect(findings[1]["kind"] as? String == "leak")
        #expect(findings[1]["masked_by"] as? [String] == [])
    }

    @Test func everyFindingKindHasItsContractName() {
        #expect(FindingKind.allCases.map(\.rawValue) == ["use-after-free", "leak", "over-decref", "crash", "hang", "bad-exception"])
        #expect(FindingKind.allCases == FindingKind.allCases.sorted())
    }

    @Test func reportRoundTripsAndIsCanonical() throws {
        let report = Self.report()
        let data = try report.encoded()
        #expect(try JSONDecoder().decode(Report.self, from: data) == report)
        #expect(try report.encoded() == data)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("corpus/buggy/"), "slashes are not escaped")
        #expect(report.findingCount == 2)
    }

    @Test func aSeedAboveInt64RoundTrips() throws {
        let report = Report(seed: .max, seconds: 0, executions: 0, targets: [])
        #expect(try JSONDecoder().decode(Report.self, from: report.encoded()).seed == .max)
        #expect(String(decoding: try report.encoded(), as: UTF8.self).contains("18446744073709551615"))
    }

    // MARK: JUnit

    @Test func junitHasOneTestcasePerTargetAndOneFailurePerFinding() {
        let xml = JUnitReport(Self.report()).xml
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 2)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 2)
        #expect(xml.contains(#"<testsuites name="reffuzz" tests="2" failures="2""#))
        #expect(xml.contains(#"<testcase classname="reffuzz" name="clean:f(list)"/>"#))
        #expect(xml.contains(#"<failure type="use-after-free""#))
        #expect(xml.contains(#"<failure type="leak" message="leaks">"#))
        #expect(xml.contains("reproduce: reffuzz replay corpus/buggy/fedcba9876543210.json"))
    }

    @Test func junitEscapesMarkup() {
        let xml = JUnitReport(Self.report()).xml
        let escaped = "arg0 &lt;list&gt; &amp; &quot;quoted&quot; &apos;single&apos;"
        #expect(xml.contains(#"message="\#(escaped)""#))
        #expect(xml.components(separatedBy: escaped).count - 1 == 2, "in the attribute and in the text")
        #expect(!xml.contains(Self.awkward))
        #expect(JUnitReport(Self.report()).escape("a<b>&\"'\nc\td") == "a&lt;b&gt;&amp;&quot;&apos;\nc\td")
    }

    @Test func junitIsWellFormedXML() {
        #expect(XMLParser(data: Data(JUnitReport(Self.report()).xml.utf8)).parse())
        let empty = Report(seed: 1, seconds: 0, executions: 0, targets: [])
        #expect(XMLParser(data: Data(JUnitReport(empty).xml.utf8)).parse())
    }

    /// XML 1.0 has no character references for control characters other than tab, newline and
    /// carriage return: `&#1;` is not well-formed, so a message holding one breaks the whole file.
    @Test func junitStaysWellFormedWithControlCharacters() {
        let report = Report(seed: 1, seconds: 0, executions: 1, targets: [
            TargetReport(target: "m:f(str)", executions: 1, findings: [
                reportedFinding(kind: .crash, message: "str '\u{1}\u{1B}' crashed", maskedBy: [], ops: 1, caseFile: "c.json"),
            ]),
        ])
        let xml = JUnitReport(report).xml
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }
}
