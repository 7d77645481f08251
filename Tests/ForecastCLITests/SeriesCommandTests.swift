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
        let whole = try ForecastBinary.run(["series", Self.file]).standardOutput.split(separator: "\n")
        var rows: [Substring] = []
        for index in 0..<3 {
            let shard = try ForecastBinary.run(["series", Self.file, "--shard", "\(index)/3"])
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

    @Test func badShardAndBadFileExitTwo() throws {
        let shard = try ForecastBinary.run(["series", Self.file, "--shard", "3/3"])
        #expect(shard.status == 2 && shard.standardError.contains("--shard '3/3' is not I/N"))
        let bad = try ForecastBinary.run(["series", "Fixtures/malformed/month-13.csv"])
        #expect(bad.status == 2 && bad.standardError.contains("month-13.csv:3:5: error:"))
    }
}
