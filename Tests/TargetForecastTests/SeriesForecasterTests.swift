import Foundation
import Testing
@testable import TargetForecast
@testable import SeriesEngine
@testable import SeriesReading
import TestSupport

@Suite("forecast series: reading")
struct SeriesTableReaderTests {
    @Test func smallBlocksAndManyThreadsReadTheSameTable() throws {
        let bytes = Array(try Data(contentsOf: FixturePath.url("series/small-shuffled-missing.csv")))
        let reference = try SeriesTableReader(threads: 1).read(bytes: bytes, file: "f.csv")
        var chunked = SeriesTableReader(threads: 4)
        chunked.blockSize = 4096
        let table = try chunked.read(bytes: bytes, file: "f.csv")
        #expect(Set(table.metrics) == Set(reference.metrics) && table.metrics.count == 300)
        #expect(table.firstPeriod == Period(year: 2016, month: 1) && table.lastPeriod == Period(year: 2020, month: 12))
        // The same series, whatever order the metrics were first seen in.
        for (column, metric) in table.metrics.enumerated() {
            let other = try #require(reference.metrics.firstIndex(of: metric))
            let ours = table.values[(column * 60)..<((column + 1) * 60)], theirs = reference.values[(other * 60)..<((other + 1) * 60)]
            #expect(zip(ours, theirs).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(metric)")
        }
        #expect(table.values.filter(\.isNaN).count == 300 * 60 - 17_816)
        // The months the reader counted per metric as it merged (revisions counted once) are the
        // months that have a value.
        let counted = try #require(table.knownObservationCounts)
        #expect(counted == (0..<table.metrics.count).map { column in Int32(table.values[(column * 60)..<((column + 1) * 60)].count { !$0.isNaN }) })
    }

    @Test func generalFormsFallBackAndRevisionsAreCounted() throws {
        let text = "value,metric,period\r\n1.5,a,2021-01\r\n\"2,500\",b,2021/2\r\n7.2%,\"a\",2021年2月\r\n,b,2021-01\r\n1.25,a,2021-01\r\n"
        let table = try SeriesTableReader().read(bytes: Array(text.utf8), file: "t.csv")
        #expect(table.metrics == ["a", "b"])
        #expect(table.months == 2 && table.revisionCount == 1 && table.missingCount == 1)
        #expect(table.knownObservationCounts == [2, 1])
        #expect(table.values[0] == 1.25 && table.values[1] == 7.2 && table.values[2].isNaN && table.values[3] == 2500)
        // First appearance order: "b" before "a" here.
        let reversed = try SeriesTableReader().read(bytes: Array("metric,period,value\nb,2021-01,1\na,2021-01,2\n".utf8), file: "r.csv")
        #expect(reversed.metrics == ["b", "a"])
        #expect(SeriesForecaster(model: .linear).forecast(reversed).map(\.metric) == ["a", "b"])
    }

    @Test func errorsNameTheLineAcrossBlocks() throws {
        var text = "metric,period,value\n"
        for i in 0..<500 { text += "m\(i % 7),20\(10 + i / 12)-\(String(format: "%02d", i % 12 + 1)),\(i)\n" }
        text += "m1,2021-13,5\nm2,2021-01,abc\n"
        var reader = SeriesTableReader(threads: 3)
        reader.blockSize = 1000
        let error = #expect(throws: InputError.self) { try reader.read(bytes: Array(text.utf8), file: "e.csv") }
        let messages = error?.diagnostics.map(\.description) ?? []
        #expect(messages.count == 2)
        #expect(messages.first?.hasPrefix("e.csv:502:4: error: '2021-13' is not a valid month") == true)
        #expect(messages.last?.hasPrefix("e.csv:503:12: error: 'abc' is not a number") == true)
    }

    @Test(arguments: ["semicolon.csv", "gb18030.csv", "utf16-tab.csv", "bom-crlf-quoted.csv"])
    func everyFormTheGeneralReaderAcceptsReadsTheSame(name: String) throws {
        let path = FixturePath.url("readings/\(name)").path
        let table = try SeriesTableReader().read(path)
        var readings = Readings()
        readings.merge(try ReadingsFile.read(path))
        #expect(Set(table.metrics) == Set(readings.metrics))
        for (column, metric) in table.metrics.enumerated() {
            for month in 0..<table.months {
                let period = table.firstPeriod.advanced(by: month)
                let value = table.values[column * table.months + month]
                #expect(value.isNaN ? readings[metric]?[period] == nil : readings[metric]?[period] == value, "\(metric) \(period)")
            }
        }
    }

    /// Found by FuzzSeriesReader: a lone carriage return inside a line ends a record for the
    /// general reader; the fast reader once kept only the first record of such a line.
    @Test func aLoneCarriageReturnIsAnErrorNotADroppedRow() throws {
        let bytes = Array(try Data(contentsOf: FixturePath.url("series/fuzz-lone-cr.csv")))
        do {
            _ = try SeriesTableReader().read(bytes: bytes, file: "cr.csv")
            Issue.record("a line with a lone CR was accepted")
        } catch {
            #expect(error.description.contains("a carriage return (CR) without a line feed"))
        }
        let unquoted = Array("metric,period,value\na,2021-01,1\rb,2021-02,2\n".utf8)
        #expect(throws: InputError.self) { _ = try SeriesTableReader().read(bytes: unquoted, file: "cr2.csv") }
        #expect(try ReadingsFile.parse(unquoted, file: "cr2.csv").readings.count == 2)
    }

    @Test func sparseFilesAreRefusedNotAllocated() {
        // 1,000 metrics over 9,000 years would need 108 million cells for 1,000 readings.
        var text = "metric,period,value\nm0,0001-01,1\n"
        for i in 1..<1000 { text += "m\(i),9999-12,2\n" }
        do {
            let table = try SeriesTableReader().read(bytes: Array(text.utf8), file: "s.csv")
            Issue.record("a \(table.months)-month table was allocated")
        } catch {
            #expect(error.description.contains("too sparse for forecast series"))
        }
    }

    /// Found on 100,000 shuffled series: the first part of a shuffled file names nearly every
    /// metric and spans every month, far more cells than its own rows justify; the whole file's
    /// rows (estimated from its size) do.
    @Test func shuffledFilesAreDenseEnough() throws {
        var rows: [String] = []
        for metric in 0..<3000 { for month in 1...24 { rows.append("s\(metric),\(2000 + (month - 1) / 12)-\(String(format: "%02d", (month - 1) % 12 + 1)),\(metric + month)") } }
        var generator = SystemRandomNumberGenerator()
        rows.shuffle(using: &generator)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shuffled-\(UInt32.random(in: 0...UInt32.max)).csv")
        try Data(("metric,period,value\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = SeriesTableReader(threads: 2)
        reader.blockSize = 1 << 18        // parts of 64 KB: the first holds about 3,000 rows
        reader.cellFloor = 1000           // so that only the rows can justify the cells
        let table = try reader.read(url.path)
        #expect(table.metrics.count == 3000 && table.months == 24 && !table.values.contains(where: \.isNaN))
    }

    /// A file ordered by month (every metric's January, then every February…) reads to the same
    /// table as the file ordered by metric, bit for bit: its months arrive a part at a time (the
    /// rows grow, then are trimmed), each row starts a new run, and the parsing threads keep their
    /// interners from part to part; with a shard too.
    @Test(arguments: [nil, 1])
    func aFileOrderedByMonthReadsLikeOneOrderedByMetric(shard: Int?) throws {
        var byMetric = "metric,period,value\n", byMonth = "metric,period,value\n"
        let month = { (t: Int) in "\(2000 + t / 12)-\(String(format: "%02d", t % 12 + 1))" }
        for metric in 0..<400 { for t in 0..<36 where (metric + t) % 17 != 0 { byMetric += "id\(metric),\(month(t)),\(metric * 1000 + t).5\n" } }
        for t in 0..<36 { for metric in 0..<400 where (metric + t) % 17 != 0 { byMonth += "id\(metric),\(month(t)),\(metric * 1000 + t).5\n" } }
        let directory = FileManager.default.temporaryDirectory
        let urls = [byMetric, byMonth].map { _ in directory.appendingPathComponent("order-\(UInt32.random(in: 0...UInt32.max)).csv") }
        for (url, text) in zip(urls, [byMetric, byMonth]) { try Data(text.utf8).write(to: url) }
        defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
        var reader = SeriesTableReader(threads: 2)
        reader.blockSize = 1 << 18        // parts of 64 KB: each brings a month or two
        if let shard { reader.shard = (shard, 3) }
        let metricOrder = try reader.read(urls[0].path), monthOrder = try reader.read(urls[1].path)
        #expect(metricOrder.firstPeriod == monthOrder.firstPeriod && metricOrder.lastPeriod == monthOrder.lastPeriod && monthOrder.months == 36)
        #expect(Set(metricOrder.metrics) == Set(monthOrder.metrics) && metricOrder.metrics.count == (shard == nil ? 400 : metricOrder.metrics.count))
        for (column, metric) in monthOrder.metrics.enumerated() {
            let other = try #require(metricOrder.metrics.firstIndex(of: metric))
            let ours = monthOrder.values[(column * 36)..<((column + 1) * 36)], theirs = metricOrder.values[(other * 36)..<((other + 1) * 36)]
            #expect(zip(ours, theirs).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(metric)")
        }
        #expect(monthOrder.knownObservationCounts.map { Set($0) } == metricOrder.knownObservationCounts.map { Set($0) })
        // Metrics keep the order of first appearance: by month, the first month names them in order.
        if shard == nil { #expect(monthOrder.metrics.prefix(3) == ["id1", "id2", "id3"]) }
    }

    /// Found by review: a second regular file (then memory-mapped) in one run started its parsing threads' ids
    /// from 0 again while the merge still held the first file's, and stopped on a precondition.
    @Test func severalMappedFilesReadAsOne() throws {
        let directory = FileManager.default.temporaryDirectory
        let urls = (0..<2).map { _ in directory.appendingPathComponent("part-\(UInt32.random(in: 0...UInt32.max)).csv") }
        var first = "metric,period,value\n", second = "metric,period,value\n"
        for metric in 0..<300 { for month in 1...12 { first += "a\(metric),2020-\(String(format: "%02d", month)),\(month)\n" } }
        for metric in 150..<450 { for month in 1...12 { second += "a\(metric),2021-\(String(format: "%02d", month)),\(100 + month)\n" } }
        for (url, text) in zip(urls, [first, second]) { try Data(text.utf8).write(to: url) }
        defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
        for threads in [1, 2] {
            var reader = SeriesTableReader(threads: threads)
            reader.blockSize = 1 << 18
            let table = try reader.read(urls.map(\.path))
            #expect(table.metrics.count == 450 && table.months == 24)
            let column = try #require(table.metrics.firstIndex(of: "a200"))
            let expected: [Double] = (1...12).map { Double($0) } + (101...112).map { Double($0) }
            let series = Array(table.values[(column * 24)..<(column * 24 + 24)])
            #expect(series == expected)
        }
    }

    /// From a new-user trial: one row at 9999-12 moved every forecast past it without a word.
    @Test func monthsWithoutAnyReadingAreFound() throws {
        let text = "metric,period,value\na,2020-01,1\na,2020-02,2\nb,2020-02,3\nb,2020-05,4\na,2020-07,5\n"
        let table = try SeriesTableReader().read(bytes: Array(text.utf8), file: "g.csv")
        let gaps = table.monthsWithoutReadings().map { "\($0.lowerBound)…\($0.upperBound)" }
        #expect(gaps == ["2020-03…2020-04", "2020-06…2020-06"])
        let stray = try SeriesTableReader().read(bytes: Array("metric,period,value\na,2020-01,1\na,2300-01,2\n".utf8), file: "s.csv")
        #expect(stray.monthsWithoutReadings().map { $0.lowerBound.distance(to: $0.upperBound) + 1 } == [3359])
    }

    /// From a new-user trial: a GB18030 file whose first 64 KB are plain ASCII was refused at its
    /// first Chinese metric id; it is now decoded whole, as `readings check` does.
    @Test func gb18030AfterTheFirst64KBIsDecoded() throws {
        var text = "metric,period,value\n"
        var row = 0
        while text.utf8.count < 70_000 {
            text += "s\(row % 50),\(2000 + row / 600)-\(String(format: "%02d", row / 50 % 12 + 1)),\(row)\n"
            row += 1
        }
        var encoded = Data(text.utf8)
        // 地区生产总值 in GB18030.
        let name: [UInt8] = [181, 216, 199, 248, 201, 250, 178, 250, 215, 220, 214, 181]
        for month in 1...12 {
            text += "地区生产总值,2021-\(String(format: "%02d", month)),\(100 + month)\n"
            encoded += Data(name) + Data(",2021-\(String(format: "%02d", month)),\(100 + month)\n".utf8)
        }
        let directory = FileManager.default.temporaryDirectory
        let url = directory.appendingPathComponent("gb-\(UInt32.random(in: 0...UInt32.max)).csv")
        try encoded.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try SeriesTableReader(threads: 2).read(url.path)
        let utf8 = try SeriesTableReader(threads: 2).read(bytes: Array(text.utf8), file: "u.csv")
        #expect(table.metrics == utf8.metrics && table.metrics.contains("地区生产总值"))
        #expect(table.values.map(\.bitPattern) == utf8.values.map(\.bitPattern))
    }

    @Test func fastDecimalIsCorrectlyRounded() {
        let cases = ["0.1", "1234570000", "98765.4", "-3.25e-7", "123456789012345678901234", "1e22", "1e23", "2.2250738585072014e-308", "0.000001", "7"]
        for text in cases {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { FastDecimal.parse($0, 0, $0.count) }
            guard case let .value(value) = parsed else { Issue.record("\(text) not parsed"); continue }
            #expect(value == Double(text), "\(text)")
        }
    }
}

@Suite("forecast series: results")
struct SeriesForecasterTests {
    /// Rows of a result CSV by metric.
    func rows(_ text: String) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields)
        })
    }

    /// The peer's header is metric,forecast_sum,lower95,upper95,slope.
    @Test(arguments: ["small-complete", "small-shuffled-missing"])
    func resultsEqualTheNumpyPeer(name: String) throws {
        let table = try SeriesTableReader().read(FixturePath.url("series/\(name).csv").path)
        let forecasts = SeriesForecaster(model: .seasonal).forecast(table)
        let expected = rows(try FixturePath.text("series/\(name).expected.csv"))
        #expect(expected.count == forecasts.count)
        var worst = 0.0
        for forecast in forecasts {
            let peer = try #require(expected[forecast.metric])
            let pairs: [(Double?, String)] = [(forecast.forecastSum, peer[1]), (forecast.interval(level: 0.95)?.lower, peer[2]), (forecast.interval(level: 0.95)?.upper, peer[3]), (forecast.slope, peer[4])]
            for (ours, theirs) in pairs {
                if theirs.isEmpty { #expect(ours == nil, "\(forecast.metric)"); continue }
                let value = try #require(Double(theirs))
                let mine = try #require(ours, "\(forecast.metric) has an empty cell where the peer has \(theirs)")
                let relative = abs(mine - value) / max(abs(value), 1e-300)
                worst = max(worst, relative)
                #expect(relative <= 1e-9, "\(forecast.metric): \(mine) vs \(value)")
            }
        }
        print("series \(name): largest relative difference from the numpy peer \(worst)")
    }

    @Test func batchedGroupsEqualSingleFits() throws {
        let table = try SeriesTableReader().read(FixturePath.url("series/small-shuffled-missing.csv").path)
        let forecasts = SeriesForecaster(model: .linear).forecast(table)
        for series in [0, 17, 123, 299] {
            let values = Array(table.values[(series * table.months)..<((series + 1) * table.months)])
            let observed = values.indices.filter { !values[$0].isNaN }
            let fit = try LeastSquares(design: Matrix(rows: observed.map { [1, Double($0)] })).fit(observed.map { values[$0] })
            let future = Matrix(rows: (table.months..<(table.months + 12)).map { [1, Double($0)] })
            let prediction = fit.predictSum(over: future)
            let forecast = try #require(forecasts.first { $0.metric == table.metrics[series] })
            #expect(abs(try #require(forecast.forecastSum) - prediction.mean) <= 1e-9 * abs(prediction.mean))
            let upper = try #require(prediction.interval(level: 0.95)).upper
            #expect(abs(try #require(forecast.interval(level: 0.95)?.upper) - upper) <= 1e-9 * abs(upper))
        }
    }

    @Test func unsolvableSeriesGetEmptyCellsAndANote() throws {
        // Series b never has a March; series c has exactly 13 months (no degrees of freedom left).
        var text = "metric,period,value\n"
        for month in 0..<36 {
            let period = Period(year: 2019, month: 1)!.advanced(by: month)
            text += "a,\(period),\(100 + month)\n"
            if period.month != 3 { text += "b,\(period),\(50 + month % 5)\n" }
            if month < 13 { text += "c,\(period),\(month * month)\n" }
        }
        let forecasts = SeriesForecaster(model: .seasonal).forecast(try SeriesTableReader().read(bytes: Array(text.utf8), file: "u.csv"))
        #expect(forecasts.map(\.metric) == ["a", "b", "c"])
        #expect(forecasts[0].forecastSum != nil && forecasts[0].interval(level: 0.95) != nil)
        #expect(forecasts[1].forecastSum == nil && forecasts[1].note?.contains("cannot identify the model") == true)
        #expect(forecasts[2].forecastSum != nil && forecasts[2].interval(level: 0.95) == nil)
    }

    @Test func resultsFollowTheBytesOfTheMetricIdsWhateverTheirFirstEightBytes() throws {
        // Ids that share their first eight bytes, one a prefix of another, one with a byte
        // above ASCII, in an order that is none of theirs.
        let ids = ["abcdefgh1", "b", "abcdefgh", "abcdefgh0", "é", "abcdefg", "abcdefgh\u{7F}"]
        var text = "metric,period,value\n"
        for month in 0..<24 {
            let period = Period(year: 2019, month: 1)!.advanced(by: month)
            for (index, id) in ids.enumerated() { text += "\(id),\(period),\(100 + index + month)\n" }
        }
        let forecasts = SeriesForecaster(model: .linear).forecast(try SeriesTableReader().read(bytes: Array(text.utf8), file: "ids.csv"))
        let expected = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(forecasts.map(\.metric) == expected)
    }

    @Test func automaticChoiceKeepsTheBetterModelPerSeries() throws {
        var text = "metric,period,value\n"
        for month in 0..<48 {
            let period = Period(year: 2018, month: 1)!.advanced(by: month)
            let wiggle = Double((month * 7) % 11) / 10
            text += "plain,\(period),\(100 + 2 * Double(month) + wiggle)\n"
            text += "seasonal,\(period),\(100 + Double(month) + (period.month == 12 ? 40 : 0) + wiggle)\n"
        }
        let forecasts = SeriesForecaster(model: nil).forecast(try SeriesTableReader().read(bytes: Array(text.utf8), file: "m.csv"))
        #expect(forecasts.map(\.metric) == ["plain", "seasonal"])
        #expect(forecasts[0].model == .linear && forecasts[1].model == .seasonal)
        // A parabola is never chosen automatically (it extrapolates badly; see automaticModels).
        #expect(!SeriesForecaster.automaticModels.contains(.quadratic))
    }
}

/// Regular files are read in parts by every worker (`pread`), never mapped.
@Suite("forecast series: reading files in parts")
struct SeriesFilePartsTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url
    }

    /// Parts that meet inside CRLF line ends, a last line without a line end: the parts meet
    /// where they must, whatever the part size and the threads.
    @Test(arguments: [1, 2, 3])
    func partsOfAnySizeReadWhatTheStreamReads(threads: Int) throws {
        var text = "metric,period,value\r\n"
        for i in 0..<20_000 { text += "m\(i % 13),20\(10 + (i / 13) / 12 % 80)-\(String(format: "%02d", (i / 13) % 12 + 1)),\(i)\r\n" }
        text += "m0,2095-01,7"   // no line end
        let bytes = Array(text.utf8)
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = SeriesTableReader(threads: threads)
        reader.blockSize = 1 << 18   // parts of 64 KB
        let fromFile = try reader.read(url.path)
        let fromStream = try SeriesTableReader(threads: 1).read(bytes: bytes, file: "s.csv")
        #expect(fromFile.metrics == fromStream.metrics && fromFile.metrics.count == 13)
        #expect(fromFile.values.count == fromStream.values.count)
        #expect(zip(fromFile.values, fromStream.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(fromFile.lastPeriod == Period(year: 2095, month: 1))
    }

    /// A line longer than a part and than the slack read past it (here a 200 KB field, an
    /// error) is one line: the error is located as the stream locates it.
    @Test(arguments: [1, 2])
    func aLineLongerThanAPartIsOneLine(threads: Int) throws {
        var text = "metric,period,value\n"
        for i in 0..<4_000 { text += "m\(i % 13),2010-01,\(i)\n" }
        text += String(repeating: "x", count: 200_000) + ",2010-01,1\n"
        text += "m0,2010-02,abc\n"
        let bytes = Array(text.utf8)
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = SeriesTableReader(threads: threads)
        reader.blockSize = 1 << 18
        let fromFile = #expect(throws: InputError.self) { try reader.read(url.path) }
        let fromStream = #expect(throws: InputError.self) { try SeriesTableReader(threads: 1).read(bytes: bytes, file: url.path) }
        #expect(fromFile?.diagnostics.map(\.description) == fromStream?.diagnostics.map(\.description))
        #expect(fromFile?.diagnostics.map { $0.location.line } == [4002, 4003])
    }

    /// Found by review: a memory-mapped file that shrank while it was read killed the process
    /// with SIGBUS. Now the short read is an error naming the file.
    @Test func aFileThatShrinksWhileReadIsALocatedError() throws {
        var text = "metric,period,value\n"
        for i in 0..<200_000 { text += "m\(i % 97),20\(10 + (i / 97) / 12 % 80)-\(String(format: "%02d", (i / 97) % 12 + 1)),\(i)\n" }
        let url = try Self.temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.path
        var reader = SeriesTableReader(threads: 2)
        reader.blockSize = 1 << 18   // parts of 64 KB: about 60 of them
        let truncated = Flag()
        reader.progress = { _ in
            if truncated.setOnce() { _ = truncate(path, 100_000) }
        }
        let error = #expect(throws: InputError.self) { try reader.read(path) }
        let message = error?.diagnostics.first?.description ?? ""
        #expect(message.hasPrefix("\(path): error: the file shrank while it was read"), "\(message)")
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var set = false
        /// `true` the first time only.
        func setOnce() -> Bool { lock.withLock { defer { set = true }; return !set } }
    }

    @Test func aDirectoryIsRefusedByName() throws {
        let error = #expect(throws: InputError.self) { try SeriesTableReader().read(FileManager.default.temporaryDirectory.path) }
        #expect(error?.diagnostics.first?.description.contains("is a directory; expected a readings CSV file") == true)
    }
}
