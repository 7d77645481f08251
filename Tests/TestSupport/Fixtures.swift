import Foundation

/// Locates files in the package's `Fixtures/` folder, independent of the working directory.
public enum FixturePath {
    /// The package root: three levels above this file (`Tests/TestSupport/Fixtures.swift`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The URL of `Fixtures/<relativePath>`.
    public static func url(_ relativePath: String) -> URL {
        packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
    }

    /// The text of `Fixtures/<relativePath>`.
    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}

/// A fresh folder under the system's temporary directory, for a test's outputs.
public enum ScratchFolder {
    /// Creates `<tmp>/<prefix>-<uuid>`; remove it with `FileManager.default.removeItem(at:)`.
    public static func make(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
