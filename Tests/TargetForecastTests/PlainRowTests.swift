import Testing
@testable import TargetForecast
@testable import SeriesEngine
@testable import SeriesReading

@Suite("forecast series: the plain-line fast path")
struct PlainRowTests {
    /// `text` then a line feed, padded so that the fast path may load whole words past the line.
    private func padded(_ text: String, padding: Int = 40) -> [UInt8] {
        Array(text.utf8) + [0x0A] + [UInt8](repeating: UInt8(ascii: "x"), count: padding)
    }

    private func plainValue(_ bytes: [UInt8], limit: Int? = nil) -> PlainRow.Value? {
        bytes.withUnsafeBufferPointer { PlainRow.value($0.baseAddress!, 0, limit: limit ?? $0.count) }
    }

    private func generalValue(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            if case .value(let value) = FastDecimal.parse(buffer, 0, buffer.count) { return value }
            return nil
        }
    }

    @Test func digitLanesAreCountedAndConvertedForEveryLength() {
        var generator = SystemRandomNumberGenerator()
        // Every byte that is not a digit must stop the count, including those just below "0" and above "9".
        let stops: [UInt8] = [0x00, 0x0A, 0x0D, 0x2C, 0x2E, 0x2F, 0x3A, 0x41, 0x7F, 0x80, 0xFF]
        for count in 0...8 {
            for stop in stops {
                let digits = (0..<count).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }
                let bytes = digits + [stop] + [UInt8](repeating: 0x35, count: 8)
                let word = bytes.withUnsafeBufferPointer { PlainRow.word($0.baseAddress!) }
                #expect(PlainRow.digitCount(word) == count, "count \(count), stop \(stop)")
                let expected = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
                #expect(PlainRow.digitsValue(word, count: count) == expected)
            }
        }
    }

    @Test func periodsAreReadOnlyInTheirPlainForm() {
        func month(_ text: String, _ delimiter: Character = ",") -> Int32? {
            let bytes = Array(text.utf8) + [UInt8](repeating: 0, count: 8)
            return bytes.withUnsafeBufferPointer { PlainRow.period($0.baseAddress!, delimiter: UInt8(ascii: delimiter.unicodeScalars.first!)) }
        }
        #expect(month("2021-03,") == Int32(2021 * 12 + 2))
        #expect(month("1999-12,") == Int32(1999 * 12 + 11))
        #expect(month("2021-03;", ";") == Int32(2021 * 12 + 2))
        // Anything else goes to the general period parser (which accepts or reports it).
        for text in ["2021-13,", "2021-00,", "2021-3,1", "20a1-01,", "2021/03,", "2021-03;", "2021-03 ", "２021-03,"] {
            #expect(month(text) == nil, "\(text)")
        }
    }

    @Test func plainNumbersAreBitIdenticalToTheGeneralDecimalReader() {
        var cases = ["0", "-0", "7", "612767000", "1234.56", "0.0000001", "-12.5", "00012", "99999999", "100000000",
                     "1234567890123456", "9007199254740991", "9007199254740993", "12345678.1234567", "1.2345678",
                     "12345678901234567", "1.", ".5", "1e5", "+1", "1,5", "1 ", "-", "1.2.3", "1.5%", "0x10", "١٢"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let integerDigits = Int.random(in: 1...17, using: &generator)
            let fractionDigits = Int.random(in: 0...8, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += String((0..<integerDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            }
            cases.append(text)
        }
        var fast = 0
        for text in cases {
            let forms: [(bytes: [UInt8], limit: Int?)] = [(padded(text), nil), (padded(text, padding: 0), text.utf8.count + 1), (padded(text + "\r"), nil)]
            for (bytes, limit) in forms {
                guard case .number(let value, let next)? = plainValue(bytes, limit: limit) else { continue }
                fast += 1
                let expected = generalValue(text)
                #expect(expected.map { $0.bitPattern == value.bitPattern } == true, "\(text): \(value) against \(String(describing: expected))")
                #expect(next == text.utf8.count + (bytes[text.utf8.count] == 0x0D ? 2 : 1), "\(text)")
            }
        }
        // The forms machine-written files use must take the fast path, also with fewer bytes
        // after the line than the word-wide reader needs (the careful reader then takes them).
        for text in ["0", "-0", "612767000", "1234.56", "-12.5", "123456789012345", "12345678.1234567"] {
            #expect(plainValue(padded(text)) != nil && plainValue(padded(text, padding: 9)) != nil, "\(text)")
        }
        // What it does not know exactly goes to the general code.
        for text in ["1234567890123456", "12345678901234567", "9007199254740993", "1.12345678", "1.", ".5", "1e5", "+1", "1,5", "1 ", "-", "1.2.3", "1.5%", "0x10", "١٢"] {
            #expect(plainValue(padded(text)) == nil && plainValue(padded(text, padding: 9)) == nil, "\(text)")
        }
        #expect(fast > 10_000)
    }

    @Test func emptyValuesAreReadAsMissing() {
        let lines: [(bytes: [UInt8], limit: Int?)] = [(padded(""), nil), ([0x0D, 0x0A], nil), ([0x0A], nil)]
        for (bytes, limit) in lines {
            guard case .empty(let next)? = plainValue(bytes, limit: limit) else {
                Issue.record("\(bytes) is not read as empty")
                continue
            }
            #expect(next == (bytes.first == 0x0D ? 2 : 1))
        }
    }

    /// A run of plain lines continues only from a plain line: a quoted line between them, then
    /// a plain line repeating its month, is a revision, not the next month.
    @Test func aRunRestartsAfterALineReadByTheGeneralRules() throws {
        let text = "metric,period,value\nm,2001-01,1\n\"m\",2001-02,2\nm,2001-02,3\nm,2001-03,4\nm,2001-03,\nm,2001-04,5\n"
        let table = try SeriesTableReader(threads: 1).read(bytes: Array(text.utf8), file: "r.csv")
        #expect(table.metrics == ["m"] && table.months == 4)
        #expect(table.values == [1, 3, 4, 5])
        #expect(table.revisionCount == 1 && table.missingCount == 1)
    }

    /// Found by review: after 9999-12 there is no next month's word (0), and a line of eight NUL
    /// bytes in the period field matched it, past the first 64 KB (where NUL bytes are refused).
    @Test(arguments: ["9999-12", "0500-12"])
    func aRunEndsWhereTheCalendarCannotGoOn(last: String) throws {
        var text = "metric,period,value\n"
        while text.utf8.count < 70_000 { text += "filler,2000-01,1\n" }
        let bytes = Array(text.utf8) + Array("m,\(last),1\nm,".utf8) + [UInt8](repeating: 0, count: 8) + Array("2\n".utf8)
            + Array(String(repeating: "filler,2000-02,1\n", count: 10).utf8)
        for threads in [1, 2] {
            let error = #expect(throws: InputError.self) { try SeriesTableReader(threads: threads).read(bytes: bytes, file: "n.csv") }
            let line = text.split(separator: "\n").count + 2
            #expect(error?.diagnostics.first?.location.line == line, "\(String(describing: error))")
        }
    }

    /// Found by review: an error on a plain line (a metric id that is not UTF-8) named the line
    /// after it.
    @Test func anErrorOnAPlainLineNamesThatLine() throws {
        var text = "metric,period,value\n"
        while text.utf8.count < 70_000 { text += "filler,2000-01,1\n" }
        let bytes = Array(text.utf8) + [0xC4, 0xE3] + Array(",2021-01,5\nok,2021-01,6\n".utf8)
        let error = #expect(throws: InputError.self) { try SeriesTableReader(threads: 1).read(bytes: bytes, file: "g.csv") }
        #expect(error?.diagnostics.first?.location.line == text.split(separator: "\n").count + 1)
        #expect(error?.diagnostics.first?.message.contains("not UTF-8") == true)
    }

    /// Found by FuzzSeriesReader: a metric id with white space at an end (`gdp<TAB>`) was kept
    /// as it was, a second metric beside `gdp`; the general readings reader trims it.
    @Test func metricIdsAreTrimmedAsTheGeneralReaderTrimsThem() throws {
        let text = "metric,period,value\ngdp\t,2021-02,100\ngdp,2021-03,140\n gdp\u{3000},2021-04,150\n\u{A0}gdp ,2021-05,160\n"
        for threads in [1, 2] {
            var reader = SeriesTableReader(threads: threads)
            reader.blockSize = 64
            let table = try reader.read(bytes: Array(text.utf8), file: "t.csv")
            #expect(table.metrics == ["gdp"] && table.values == [100, 140, 150, 160])
        }
        var readings = Readings()
        readings.merge(try ReadingsFile.parse(Array(text.utf8), file: "t.csv"))
        #expect(readings.metrics == ["gdp"])
    }

    @Test func periodWordsFollowTheCalendar() throws {
        var word = try #require(PlainRow.periodWord(month: 2001 * 12, delimiter: UInt8(ascii: ",")))
        for month in Int32(2001 * 12)..<Int32(2004 * 12) {
            #expect(word == PlainRow.periodWord(month: month, delimiter: UInt8(ascii: ",")), "\(month)")
            let bytes = withUnsafeBytes(of: word.littleEndian) { Array($0) }
            #expect(bytes.withUnsafeBufferPointer { PlainRow.period($0.baseAddress!, delimiter: UInt8(ascii: ",")) } == month)
            word = PlainRow.nextPeriodWord(after: word, month: month, delimiter: UInt8(ascii: ","))
        }
        #expect(PlainRow.periodWord(month: 9999 * 12 + 11, delimiter: 0x2C).map { PlainRow.nextPeriodWord(after: $0, month: 9999 * 12 + 11, delimiter: 0x2C) } == 0)
    }

    /// The same readings written plainly (the fast path) and with every field quoted (the general
    /// path) read to the same table, bit for bit, whatever the block size.
    @Test func plainAndQuotedFilesReadTheSameTable() throws {
        var generator = SystemRandomNumberGenerator()
        var plain = "metric,period,value\n", quoted = "metric,period,value\r\n"
        for row in 0..<3000 {
            let metric = "series-\(Int.random(in: 0..<40, using: &generator))"
            let period = "20\(10 + row % 12)-\(String(row % 12 + 1).count == 1 ? "0" : "")\(row % 12 + 1)"
            let value = row % 97 == 0 ? "" : "\(Int.random(in: -99_999...99_999_999, using: &generator)).\(Int.random(in: 0...999, using: &generator))"
            plain += "\(metric),\(period),\(value)\n"
            quoted += "\"\(metric)\",\"\(period)\",\"\(value)\"\r\n"
        }
        for blockSize in [64, 1000, 1 << 20] {
            var reader = SeriesTableReader(threads: 3)
            reader.blockSize = blockSize
            let fast = try reader.read(bytes: Array(plain.utf8), file: "plain.csv")
            let general = try reader.read(bytes: Array(quoted.utf8), file: "quoted.csv")
            #expect(fast.metrics == general.metrics && fast.firstPeriod == general.firstPeriod && fast.lastPeriod == general.lastPeriod)
            #expect(fast.values.map(\.bitPattern) == general.values.map(\.bitPattern))
            #expect(fast.revisionCount == general.revisionCount && fast.missingCount == general.missingCount && fast.missingCount > 0)
        }
    }
}
