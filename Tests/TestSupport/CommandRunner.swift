import Foundation

/// Runs the built `forecast` binary, as a user would, and captures what it prints.
public struct CommandResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum ForecastBinary {
    /// The `forecast` executable next to the running test bundle (`swift test` builds it there).
    public static var url: URL { executable(named: "forecast") }

    /// An executable of the package next to the running test bundle.
    public static func executable(named name: String) -> URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the runner is `.build/<config>/<Package>PackageTests.xctest`; elsewhere it may sit deeper.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return FixturePath.packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    /// Runs `forecast` with `arguments` in the package root, feeding `input` on standard input.
    public static func run(_ arguments: [String], input: Data? = nil) throws -> CommandResult {
        try run(url, arguments, in: FixturePath.packageRoot, input: input)
    }

    /// Runs an executable with `arguments` in `folder`, with `environment` added to this process's.
    public static func run(_ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String] = [:],
                           input: Data? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), error = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData, as: UTF8.self))
    }
}
