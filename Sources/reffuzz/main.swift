import ArgumentParser
import Foundation

// Exit status (TARGETS.md): 0 no findings, 1 findings, 2 usage or setup error with one line on stderr.
do {
    var command = try Reffuzz.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch let failure as CLIFailure {
    FileHandle.standardError.write(Data("reffuzz: \(failure.message)\n".utf8))
    Foundation.exit(2)
} catch {
    // Help and --version are clean exits; anything else the parser rejects is a usage error.
    let code = Reffuzz.exitCode(for: error)
    if code == .success {
        Reffuzz.exit(withError: error)
    }
    let message = Reffuzz.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
    FileHandle.standardError.write(Data("reffuzz: \(message) (see 'reffuzz help')\n".utf8))
    Foundation.exit(2)
}
