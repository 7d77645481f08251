import Foundation
import Testing
import TestSupport

@Suite("forecast series")
struct SeriesCommandTests {
    static let file = "Fixtures/series/small-shuffled-missing.csv"

    @Test func csvHasTheDocumentedColumnsSortedByMetric() throws {
        let result = try ForecastBinary.run(["series", Self.file])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first == "metric,model,observations,forecast_sum,lower80,upper80,lower95,upper95,slope")
        let metrics = lines.dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(metrics.count == 300 && metrics == metrics.sorted())
    }

    @Test func shardsConcatenatedAndSortedEqualTheWhole() throws {
        let whole = try ForecastBinary.run(["series", Self.file, "--intervals", "ols"]).standardOutput.split(separator: "\n")
        var rows: [Substring] = []
        for index in 0..<3 {
            let shard = try ForecastBinary.run(["series", Self.file, "--intervals", "ols", "--shard", "\(index)/3"])
            #expect(shard.status == 0)
            rows += shard.standardOutput.split(separator: "\n").dropFirst()
        }
        #expect(rows.count == 300)
        // Same metrics, same models and counts; numbers equal up to rounding (the BLAS sums a
        // different number of series per call, which can move the last bits).
        for (shardRow, wholeRow) in zip(rows.sorted(), whole.dropFirst()) {
            let a = shardRow.split(separator: ",", omittingEmptySubsequences: false)
            let b = wholeRow.split(separator: ",", omittingEmptySubsequences: false)
            #expect(a.count == b.count && a[0...2] == b[0...2])
            for (x, y) in zip(a.dropFirst(3), b.dropFirst(3)) {
                if x.isEmpty || y.isEmpty { #expect(x == y); continue }
                let (u, v) = (Double(x) ?? .nan, Double(y) ?? .nan)
                #expect(abs(u - v) <= 1e-12 * max(abs(v), 1e-300), "\(a[0]): \(x) vs \(y)")
            }
        }
    }

    @Test func standardInputGivesTheSameResult() throws {
        let data = try Data(contentsOf: FixturePath.url("series/small-complete.csv"))
        let piped = try ForecastBinary.run(["series", "-"], input: data)
        let direct = try ForecastBinary.run(["series", "Fixtures/series/small-complete.csv"])
        #expect(piped.status == 0 && piped.standardOutput == direct.standardOutput)
    }

    @Test func calibratedIntervalsAreTheDefaultAndWiden() throws {
        let calibrated = try ForecastBinary.run(["series", Self.file])
        let ols = try ForecastBinary.run(["series", Self.file, "--intervals", "ols"])
        #expect(calibrated.standardError.contains("calibrated intervals: half-widths ×"))
        let a = calibrated.standardOutput.split(separator: "\n")[1].split(separator: ",").compactMap { Double($0) }
        let b = ols.standardOutput.split(separator: "\n")[1].split(separator: ",").compactMap { Double($0) }
        // observations, forecast_sum, lower80, upper80, …: same point, different interval.
        #expect(a[1] == b[1] && a[0] == b[0])
        #expect(a[3] - a[2] != b[3] - b[2])
    }

    @Test func autoIsTheCombinationOfTheSmoothingMethods() throws {
        let auto = try ForecastBinary.run(["series", "Fixtures/series/small-complete.csv", "--model", "auto"])
        let combination = try ForecastBinary.run(["series", "Fixtures/series/small-complete.csv", "--model", "combination"])
        #expect(auto.status == 0 && auto.standardOutput == combination.standardOutput, "\(auto.standardError)")
        let rows = auto.standardOutput.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.split(separator: ",")[1] == "combination" })
        for model in ["ets", "theta", "seasonal-naive"] {
            let result = try ForecastBinary.run(["series", "Fixtures/series/small-complete.csv", "--model", model])
            #expect(result.status == 0 && result.standardOutput.contains(",\(model),"), "\(model): \(result.standardError)")
        }
    }

    @Test func seriesNoMethodCanForecastGetANoteAndJSONStillWrites() throws {
        let directory = try ScratchFolder.make("tf-series")
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["metric,period,value"]
        for t in 0..<72 {
            let period = String(format: "%04d-%02d", 2015 + t / 12, t % 12 + 1)
            lines.append("big,\(period),\(2e307 * (1 + 0.1 * Double(t % 12) / 12))")
            lines.append("constant,\(period),600")
        }
        let file = directory.appendingPathComponent("edge.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let csv = try ForecastBinary.run(["series", file, "--model", "seasonal-naive", "--intervals", "ols"])
        #expect(csv.status == 0 && !csv.standardOutput.contains("inf"), "\(csv.standardOutput)")
        #expect(csv.standardError.contains("big (seasonal-naive: values beyond ±1e150 (squares overflow double precision))"))
        let json = try ForecastBinary.run(["series", file, "--model", "auto", "--format", "json", "--intervals", "ols"])
        #expect(json.status == 0, "\(json.standardError)")
        let constant = try ForecastBinary.run(["series", file, "--model", "auto", "--intervals", "ols"])
        #expect(constant.standardOutput.contains("constant,combination,72,7200"), "\(constant.standardOutput)")
    }

    @Test func seriesThatEndEarlyOrHaveNoIntervalAreNamed() throws {
        let directory = try ScratchFolder.make("tf-stale")
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["metric,period,value"]
        for t in 0..<60 {
            let period = String(format: "%04d-%02d", 2015 + t / 12, t % 12 + 1)
            lines.append("current,\(period),\(100 + t + (t % 3))")
            if t < 36 { lines.append("old,\(period),\(200 + t + (t % 2))") }
            if t >= 47 { lines.append("short,\(period),\(50 + t % 4)") }
        }
        let file = directory.appendingPathComponent("stale.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ForecastBinary.run(["series", file])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("1 series end more than 12 months before the file's last month, 2019-12, so their forecasts (after 2019-12) extrapolate over the months they lack and they cannot help calibrate: old (last reading 2017-12)"), "\(result.standardError)")
        #expect(result.standardError.contains("a reading in each of the file's last 12 months and 24 months before them"))
        // 13 months of a 13-parameter seasonal model: a forecast, no interval, and now a reason on stderr.
        #expect(result.standardError.contains("1 series have a forecast but empty interval cells: short (no interval"), "\(result.standardError)")
        // The backtest names the series it could not score.
        let backtest = try ForecastBinary.run(["backtest", file, "--holdout", "12", "--model", "seasonal"])
        #expect(backtest.standardOutput.hasPrefix("2 series scored (1 skipped: short)"), "\(backtest.standardOutput)")
    }

    @Test func badShardAndBadFileExitTwo() throws {
        let shard = try ForecastBinary.run(["series", Self.file, "--shard", "3/3"])
        #expect(shard.status == 2 && shard.standardError.contains("--shard '3/3' is not I/N"))
        let bad = try ForecastBinary.run(["series", "Fixtures/malformed/month-13.csv"])
        #expect(bad.status == 2 && bad.standardError.contains("month-13.csv:3:5: error:"))
    }
}

@Suite("forecast series on partitions")
struct SeriesPartitionTests {
    /// Two partitions of a file by metric, each run with the whole file's calendar, give the
    /// whole file's result: the contract the Spark job relies on.
    @Test func partitionsWithTheWholeCalendarEqualTheWhole() throws {
        let text = try FixturePath.text("series/small-shuffled-missing.csv")
        let lines = text.split(separator: "\n")
        let header = String(lines[0])
        var parts = ["", ""]
        for line in lines.dropFirst() {
            let metric = line.split(separator: ",")[0]
            parts[Int(metric.last?.asciiValue ?? 0) % 2] += line + "\n"
        }
        var rows: [Substring] = []
        for part in parts {
            let result = try ForecastBinary.run(["series", "-", "--intervals", "ols", "--from", "2016-01", "--through", "2020-12"],
                                                input: Data((header + "\n" + part).utf8))
            #expect(result.status == 0, "\(result.standardError)")
            rows += result.standardOutput.split(separator: "\n").dropFirst()
        }
        let whole = try ForecastBinary.run(["series", SeriesCommandTests.file, "--intervals", "ols"]).standardOutput.split(separator: "\n").dropFirst()
        #expect(rows.count == whole.count)
        for (a, b) in zip(rows.sorted(), whole) {
            let x = a.split(separator: ",", omittingEmptySubsequences: false), y = b.split(separator: ",", omittingEmptySubsequences: false)
            #expect(x[0...2] == y[0...2])
            for (u, v) in zip(x.dropFirst(3), y.dropFirst(3)) where !u.isEmpty {
                #expect(abs((Double(u) ?? .nan) - (Double(v) ?? .nan)) <= 1e-12 * abs(Double(v) ?? 1), "\(x[0])")
            }
        }
    }

    @Test func readingsOutsideTheGivenCalendarAreAnError() throws {
        let result = try ForecastBinary.run(["series", SeriesCommandTests.file, "--from", "2017-01", "--through", "2020-12"])
        #expect(result.status == 2 && result.standardError.contains("outside the calendar 2017-01…2020-12"))
        let lone = try ForecastBinary.run(["series", SeriesCommandTests.file, "--from", "2017-01"])
        #expect(lone.status == 2 && lone.standardError.contains("--from and --through go together"))
    }
}
