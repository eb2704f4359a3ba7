import Foundation
import RefFuzzCore
import RefFuzzEngine

/// The command line's output: a progress line on a terminal (stderr), a summary on stdout.
final class Terminal: @unchecked Sendable {
    let isInteractive = isatty(2) != 0
    private var shown = false

    func progress(_ p: FuzzProgress) {
        let rate = p.seconds > 0 ? Int(Double(p.executions) / p.seconds) : 0
        let line = String(format: "\r[reffuzz] %6.1fs  %9d execs  %7d/s  findings: %d  %@",
                          p.seconds, p.executions, rate, p.findings, p.phase as NSString)
        FileHandle.standardError.write(Data((line.padding(toLength: 110, withPad: " ", startingAt: 0)).utf8))
        shown = true
    }

    /// Replaces the progress line with `text`.
    func line(_ text: String) {
        FileHandle.standardError.write(Data("\r\(text.padding(toLength: 110, withPad: " ", startingAt: 0))".utf8))
        shown = true
    }

    func clearProgress() {
        if shown { FileHandle.standardError.write(Data("\r\(String(repeating: " ", count: 110))\r".utf8)) }
    }

    func summary(_ report: Report) {
        let rate = report.seconds > 0 ? Int(Double(report.executions) / report.seconds) : 0
        print("reffuzz: \(report.targets.count) target(s), \(report.executions) cases in \(String(format: "%.1f", report.seconds)) s (\(rate)/s), seed \(report.seed)")
        for target in report.targets where !target.findings.isEmpty {
            print("\n\(target.target)")
            for f in target.findings {
                print("  \(f.kind.rawValue): \(f.message)")
                if let call = f.call { print("    shrunk to \(f.ops ?? 0) op(s): \(call)") }
                if !f.maskedBy.isEmpty { print("    passes with: \(f.maskedBy.map(\.rawValue).joined(separator: ", "))") }
                if let replay = f.reproduce { print("    reproduce: \(replay)") }
            }
        }
        let clean = report.targets.filter { $0.findings.isEmpty }.count
        print("\n\(report.findingCount) finding(s); \(clean) target(s) without findings.")
    }
}
