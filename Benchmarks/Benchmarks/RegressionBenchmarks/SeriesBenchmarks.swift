import Benchmark
import TargetForecast

/// A long-form readings file in memory, `metric,YYYY-MM,value` sorted by metric, as
/// `gen_readings.py` writes it: levels of 3 to 9 digits with two decimals on a third of the rows.
/// Deterministic, so every run parses the same bytes.
func readingsCSV(series: Int, months: Int) -> [UInt8] {
    var text = "metric,period,value\n"
    text.reserveCapacity(series * months * 26)
    for s in 0..<series {
        let metric = "m" + String(repeating: "0", count: 6 - String(s).count) + String(s)
        let level = Double(1_000 + (s &* 7_919) % 900_000_000)
        for t in 0..<months {
            let year = 2001 + t / 12, month = t % 12 + 1
            let value = level * (1 + 0.002 * Double(t)) + Double((s &* 31 &+ t &* 17) % 23)
            let printed = s % 3 == 0 ? String(Double(Int(value * 100)) / 100) : String(Int(value))
            text += "\(metric),\(year)-\(month < 10 ? "0" : "")\(month),\(printed)\n"
        }
    }
    return Array(text.utf8)
}

/// The phases of `forecast series` (issue #5): parsing, fitting, and the whole job, on 10,000
/// series × 240 months (about 60 MB). `Benchmarks/compare.py` measures the command end to end
/// against the Python peers on the full 100,000-series file.
let seriesBenchmarks: @Sendable () -> Void = {
    let bytes = readingsCSV(series: 10_000, months: 240)

    Benchmark("forecast series, parse: 10,000 series × 240 months from CSV bytes") { benchmark in
        benchmark.startMeasurement()
        let table = try SeriesTableReader().read(bytes: bytes, file: "bench.csv")
        benchmark.stopMeasurement()
        blackHole(table.values.count)
    }

    Benchmark("forecast series, fit: 10,000 series × 240 months, seasonal, OLS intervals") { benchmark in
        let table = try SeriesTableReader().read(bytes: bytes, file: "bench.csv")
        benchmark.startMeasurement()
        let forecasts = SeriesForecaster(model: .seasonal, horizon: 12).forecast(table)
        benchmark.stopMeasurement()
        blackHole(forecasts.count)
    }

    Benchmark("forecast series, end to end: parse, fit and CSV of 10,000 series × 240 months") { benchmark in
        benchmark.startMeasurement()
        let table = try SeriesTableReader().read(bytes: bytes, file: "bench.csv")
        let forecasts = SeriesForecaster(model: .seasonal, horizon: 12).forecast(table)
        let parts = SeriesForecast.csvParts(forecasts)
        benchmark.stopMeasurement()
        blackHole(parts.count)
    }
}
