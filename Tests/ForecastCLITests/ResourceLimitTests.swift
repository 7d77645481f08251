import Foundation
import Testing
import TestSupport

/// Files that would exhaust memory: each works within bounded memory or stops at once with a
/// message saying what was expected (issue: hardening). Peak memory is measured in the README,
/// not asserted here.
@Suite("Resource limits")
struct ResourceLimitTests {
    @Test func lineOf100MBStopsWithALocatedError() throws {
        let folder = try ScratchFolder.make("resources")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("long-line.csv").path
        var bytes = Data("metric,period,value\ngdp,2021-01,".utf8)
        bytes.append(Data(repeating: UInt8(ascii: "9"), count: 100_000_000))
        bytes.append(Data("\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        for command in [["readings", "check", path], ["series", path]] {
            let result = try ForecastBinary.run(command)
            #expect(result.status == 2)
            #expect(result.standardError.contains("long-line.csv:2:13: error: this field is longer than 64 KB"), "\(command)")
        }
    }

    @Test func millionMetricsWithACatalogueOfTwo() throws {
        let folder = try ScratchFolder.make("resources")
        defer { try? FileManager.default.removeItem(at: folder) }
        let readings = folder.appendingPathComponent("million.csv").path
        var text = "metric,period,value\n"
        text.reserveCapacity(48_000_000)
        for index in 0..<1_000_000 {
            text += "m\(index),2021-01,\(index)\nm\(index),2021-02,\(index + 1)\n"
        }
        try text.write(toFile: readings, atomically: false, encoding: .utf8)
        let targets = folder.appendingPathComponent("targets.yaml").path
        try """
            year: 2021
            metrics: [{id: m5, unit: 件, reading: ytd}]
            targets: [{id: t1, title: five, metric: m5, kind: total, value: 20}]
            """.write(toFile: targets, atomically: false, encoding: .utf8)
        // Only the catalogue's metric is kept; the others are named (up to ten) as unused.
        let result = try ForecastBinary.run(["run", "--targets", targets, "--readings", readings, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError.prefix(500))")
        #expect(result.standardError.contains("readings of 'm0' are not used"))
        #expect(result.standardError.contains("more metrics in the readings are not used"))
        #expect(result.standardOutput.contains("\"id\" : \"t1\""))
    }

    @Test func wideFileOf10000Columns() throws {
        let folder = try ScratchFolder.make("resources")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wide.csv").path
        var text = "period," + (0..<10_000).map { "c\($0)" }.joined(separator: ",") + "\n"
        for month in 1...12 {
            text += String(format: "2021-%02d,", month) + (0..<10_000).map { String(($0 * month) % 997) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try ForecastBinary.run(["readings", "check", path, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError.prefix(500))")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["readingCount"] as? Int == 120_000)
    }

    @Test func fileLargerThanMemoryIsRefusedBeforeItIsRead() throws {
        let folder = try ScratchFolder.make("resources")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.csv").path
        // A sparse file: as large as all of this machine's memory, without using the disk.
        let memory = Int64(sysconf(Int32(_SC_PHYS_PAGES))) * Int64(sysconf(Int32(_SC_PAGESIZE)))
        #expect(FileManager.default.createFile(atPath: path, contents: Data("metric,period,value\n".utf8)))
        let descriptor = open(path, O_WRONLY)
        try #require(descriptor >= 0)
        let truncated = ftruncate(descriptor, off_t(memory))
        close(descriptor)
        try #require(truncated == 0, "this file system cannot hold a sparse file of \(memory) bytes")
        let result = try ForecastBinary.run(["readings", "check", path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("more than half of this machine's memory"))
    }
}
