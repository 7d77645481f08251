import Foundation
import Testing
import TestSupport

/// `forecast targets extract` end to end: the file it writes is one `targets check` accepts.
@Suite("forecast targets extract")
struct ExtractCommandTests {
    @Test func extractedGulouFileIsAcceptedByCheck() throws {
        let folder = try ScratchFolder.make("extract")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("targets.yaml").path
        let extract = try ForecastBinary.run(["targets", "extract", "Fixtures/gulou-2021/document.txt", "--output", output])
        #expect(extract.status == 0, "\(extract.standardError)")
        #expect(extract.standardError.contains("100 targets (65 quantitative, 35 qualitative) from 72 items"))
        let yaml = try String(contentsOfFile: output, encoding: .utf8)
        #expect(yaml.contains("title: \"确保新增城镇就业2.8万人\""))
        #expect(yaml.contains("value: 28000"))
        let check = try ForecastBinary.run(["targets", "check", output])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("valid targets file for 2021"))
    }

    @Test func jsonToStandardOutput() throws {
        let result = try ForecastBinary.run(["targets", "extract", "Fixtures/extraction/ordinal-items-2023.txt", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["year"] as? Int == 2023)
        #expect((json["targets"] as? [[String: Any]])?.contains { $0["value"] as? Int == 95_000 } == true)
    }

    @Test func outputOverTheDocumentIsRefused() throws {
        let folder = try ScratchFolder.make("extract")
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = folder.appendingPathComponent("doc.txt").path
        try FileManager.default.copyItem(atPath: FixturePath.url("extraction/no-year.txt").path, toPath: document)
        let before = try Data(contentsOf: URL(fileURLWithPath: document))
        let result = try ForecastBinary.run(["targets", "extract", document, "--year", "2025", "--output", document])
        #expect(result.status == 2)
        #expect(result.standardError.contains("refusing to write the output over an input file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: document)) == before)
    }

    @Test func fileThatIsNoDocumentExitsTwo() throws {
        let result = try ForecastBinary.run(["targets", "extract", "Fixtures/extraction/not-a-document.txt"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Fixtures/extraction/not-a-document.txt:1:1: error: found no targets"))
    }
}
