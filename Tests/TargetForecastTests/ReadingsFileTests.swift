import Testing
import TargetForecast
import TestSupport

@Suite("Readings files")
struct ReadingsFileTests {
    func read(_ name: String) throws -> ReadingsFile {
        try ReadingsFile.read(FixturePath.url("readings/\(name)").path)
    }

    func values(_ file: ReadingsFile) -> [String] {
        file.readings.map { "\($0.reading.metric) \($0.reading.period) \($0.reading.value)" }
    }

    @Test func bomCRLFQuotesAndEveryPeriodAndValueForm() throws {
        let file = try read("bom-crlf-quoted.csv")
        #expect(values(file) == [
            "gdp 2021-02 9600.0", "gdp 2021-03 12345.5", "rate 2021-03 7.2", "rate 2021-04 7.5", "rate 2021-05 7.8",
            "jobs 2021-05 28000.0",
        ])
        #expect(file.missingCount == 1)
        #expect(file.layout == .long && file.encoding == .utf8)
    }

    @Test func wideFormHasOneColumnPerMetric() throws {
        let file = try read("wide.csv")
        #expect(file.layout == .wide)
        #expect(values(file) == [
            "gdp 2021-02 100.5", "新增城镇就业 2021-02 1200.0", "新增城镇就业 2021-03 1500.0", "gdp 2021-04 160.0", "新增城镇就业 2021-04 1800.0",
        ])
        #expect(file.missingCount == 1)
    }

    @Test func gb18030FromExcelIsDecoded() throws {
        let file = try read("gb18030.csv")
        #expect(file.encoding == .gb18030)
        #expect(values(file) == ["地区生产总值 2021-02 100.0", "地区生产总值 2021-03 150.0"])
        #expect(file.diagnostics.contains { $0.severity == .note && $0.message.contains("GB18030") })
    }

    @Test func utf16TabSeparatedFromExcelIsDecoded() throws {
        let file = try read("utf16-tab.csv")
        #expect(file.encoding == .utf16LittleEndian)
        #expect(values(file) == ["gdp 2021-02 100.0", "gdp 2021-03 150.0"])
    }

    @Test func semicolonDelimitedIsRead() throws {
        #expect(values(try read("semicolon.csv")) == ["gdp 2021-02 100.0"])
    }

    @Test func laterReadingRevisesEarlierAcrossFiles() throws {
        var readings = Readings()
        readings.merge(try read("revisions-a.csv"))
        readings.merge(try read("revisions-b.csv"))
        let gdp = try #require(readings["gdp"])
        #expect(gdp[Period(year: 2021, month: 2)!] == 101)
        #expect(gdp[Period(year: 2021, month: 3)!] == 155)
        #expect(readings.revisions.map { "\($0.period) \($0.previousValue)→\($0.value) \($0.location?.description ?? "")" } == [
            "2021-02 100.0→101.0 \(FixturePath.url("readings/revisions-a.csv").path):4:13",
            "2021-03 150.0→155.0 \(FixturePath.url("readings/revisions-b.csv").path):2:13",
        ])
    }

    @Test func tenMegabyteLineIsRejectedNotHung() {
        var bytes = Array("metric,period,value\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20) + Array(",2021-03,1\n".utf8)
        let error = #expect(throws: InputError.self) { try ReadingsFile.parse(bytes, file: "long.csv") }
        #expect(error?.diagnostics.first?.description.hasPrefix("long.csv:2:1: error: this field is longer than 64 KB") == true)
    }

    @Test func gulouFixtureReadsCompletely() throws {
        let file = try ReadingsFile.read(FixturePath.url("gulou-2021/readings.csv").path)
        var readings = Readings()
        readings.merge(file)
        #expect(readings.count == file.readings.count)
        #expect(readings.revisions.isEmpty)
        #expect(readings["gdp"]?.last == Period(year: 2021, month: 6))
    }
}
