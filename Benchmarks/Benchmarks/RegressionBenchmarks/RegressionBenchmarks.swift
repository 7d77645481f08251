import Benchmark
import TargetForecast

/// Trend + 11 month-of-year dummies over months 0..<n: the design `forecast series` shares
/// across every complete series.
private func seasonalDesign(months: Range<Int>) -> Matrix {
    Matrix(rows: months.map { t in [1, Double(t)] + (1..<12).map { t % 12 == $0 ? 1.0 : 0.0 } })
}

/// Deterministic synthetic responses (no RNG cost in the measured loop).
private func responses(series: Int, months: Int) -> Matrix {
    var values = [Double](repeating: 0, count: series * months)
    for s in 0..<series {
        let level = 100 + Double(s % 997)
        let slope = Double(s % 13) - 6
        for t in 0..<months {
            values[t + s * months] = level + slope * Double(t) + Double((s &* 31 &+ t &* 17) % 23) - 11
        }
    }
    return Matrix(rows: months, columns: series, columnMajor: values)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 10)

    // Issue #2's yardstick: one batched solve of 100,000 series × 240 months × 13 columns.
    Benchmark("batched OLS: 100,000 series × 240 months × 13 columns") { benchmark in
        let problem = try LeastSquares(design: seasonalDesign(months: 0..<240))
        let y = responses(series: 100_000, months: 240)
        let future = seasonalDesign(months: 240..<252)
        benchmark.startMeasurement()
        let fit = try problem.fit(columns: consume y)
        let sums = fit.predictSums(over: future)
        benchmark.stopMeasurement()
        blackHole(sums.count)
    }

    // Its largest part: applying Qᵀ to every series (LAPACK DORMQR, level-3 BLAS).
    Benchmark("DORMQR: Qᵀ·Y for 100,000 series × 240 months, 13 reflectors") { benchmark in
        let qr = try QRFactorization(seasonalDesign(months: 0..<240))
        var y = responses(series: 100_000, months: 240)
        benchmark.startMeasurement()
        try qr.applyQTranspose(to: &y)
        benchmark.stopMeasurement()
        blackHole(y.elements[0])
    }

    // Parsing, fitting and the whole `forecast series` job (SeriesBenchmarks.swift).
    seriesBenchmarks()

    // `forecast run` and the target backtest (RunBenchmarks.swift).
    runBenchmarks()
}
