import Foundation
import LinearAlgebra
import TargetData

/// Classical multiplicative decomposition's seasonal indices (the M3/M4 benchmarks' seasonal
/// adjustment), for a positive series that may have gaps.
///
/// - **Test.** The series is adjusted when it is positive, has at least
///   ``DampedTrend/minimumSeasonalMonths`` readings and is seasonal: the lag-12 autocorrelation is
///   significant at 90%, |r₁₂| > 1.645·√((1 + 2Σ_{k<12} r_k²)/n) — each r_k over the pairs of
///   readings k months apart that both exist — or month-of-year effects on log y lower AICc
///   against a line on log y.
/// - **Indices.** For every month whose centred 2×12 moving average has all thirteen readings,
///   over the latest ``DampedTrend/seasonalYears`` years, the ratio y/MA (multiplicative: a
///   December 50% above the average month stays 50% above as the series grows). Each calendar
///   month's index is the mean of its ratios, normalised to average 1; every calendar month needs one.
/// - **Use.** zₜ = yₜ / s(m); a forecast ẑ is reseasonalised as ẑ·s(m), its error scaled by s(m).
///
/// For a series without gaps this is exactly the adjustment ``DampedTrend`` always made. A series
/// with one missing month used to be left unadjusted, and then forecast far worse than seasonal
/// naive (40 seasonal series × 96 months, one month dropped from each: `auto`'s MASE 2.86 against
/// 0.96; now 0.53).
///
/// Series with zeros or negative values stay unadjusted. Additive indices (differences y − MA)
/// were tried for them: on the same synthetic series shifted below zero they took `auto` from
/// 2.86 to 0.51, but on the real series with zeros or negative values they made it worse (held-out
/// Ecdat — returns and rates — 0.481 → 0.513, sktime's intermittent PBS counts 0.715 → 0.784,
/// all 272 held-out series 0.741 → 0.746), where the seasonality tests pass on noise.
public struct SeasonalAdjustment: Sendable, Hashable {
    /// By calendar month 1…12 (index 0 unused): ratios averaging 1.
    public var indices: [Double]

    /// The adjusted value of a reading in calendar month `month`.
    public func adjusted(_ value: Double, month: Int) -> Double { value / indices[month] }

    /// An adjusted forecast back on the series' scale.
    public func reseasonalised(_ value: Double, month: Int) -> Double { value * indices[month] }

    /// What an adjusted-scale error is multiplied by in `month`.
    public func weight(month: Int) -> Double { indices[month] }

    /// The adjustment of `training` (month offset, value; months ascending), or `nil` when the
    /// series is too short, not seasonal, or some calendar month has no complete moving average.
    public static func estimate(_ training: [(Int, Double)], month: (Int) -> Int) -> SeasonalAdjustment? {
        let n = training.count
        guard n >= DampedTrend.minimumSeasonalMonths, let first = training.first?.0, let last = training.last?.0,
              training.allSatisfy({ $0.1.isFinite && $0.1 > 0 }) else { return nil }
        var byMonth = [Double?](repeating: nil, count: last - first + 1)
        for (t, y) in training { byMonth[t - first] = y }
        let mean = training.reduce(0) { $0 + $1.1 } / Double(n)
        let denominator = training.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) }
        guard denominator > 0 else { return nil }
        func acf(_ k: Int) -> Double {
            var sum = 0.0
            for index in k..<byMonth.count {
                if let y = byMonth[index], let earlier = byMonth[index - k] { sum += (y - mean) * (earlier - mean) }
            }
            return sum / denominator
        }
        let r = (1...12).map(acf)
        let limit = 1.645 * ((1 + 2 * r.prefix(11).reduce(0) { $0 + $1 * $1 }) / Double(n)).squareRoot()
        guard abs(r[11]) > limit || seasonalDummiesWin(training, month: month) else { return nil }
        var sums = [Double](repeating: 0, count: 13), counts = [Double](repeating: 0, count: 13)
        // The ratios of the latest `seasonalYears` years only: seasonal patterns drift.
        let start = max(6, last - first - 6 - 12 * DampedTrend.seasonalYears + 1)
        if start <= last - first - 6 {
            for index in start...(last - first - 6) {
                guard let y = byMonth[index] else { continue }
                guard let before = byMonth[index - 6], let after = byMonth[index + 6] else { continue }
                var average = 0.5 * (before + after), complete = true
                for j in (index - 5)...(index + 5) {
                    guard let value = byMonth[j] else { complete = false; break }
                    average += value
                }
                guard complete else { continue }
                average /= 12
                guard average > 0 else { return nil }
                sums[month(first + index)] += y / average
                counts[month(first + index)] += 1
            }
        }
        guard (1...12).allSatisfy({ counts[$0] > 0 }) else { return nil }
        var indices = (0...12).map { $0 == 0 ? 1 : sums[$0] / counts[$0] }
        let scale = 12 / (1...12).reduce(0) { $0 + indices[$1] }
        for m in 1...12 { indices[m] *= scale }
        return SeasonalAdjustment(indices: indices)
    }

    /// Whether month-of-year effects on log y lower AICc against a line on log y: the second
    /// test for seasonality, with more power than the autocorrelation on short trending series
    /// (30 months of a series with a 20% seasonal swing can fail the lag-12 test).
    static func seasonalDummiesWin(_ training: [(Int, Double)], month: (Int) -> Int) -> Bool {
        let n = training.count
        let logs = training.map { Foundation.log($0.1) }
        func criterion(_ model: TrendModel, _ rows: [[Double]]) -> Double? {
            let design = TrendDesign(model: model, spans: (1...12).compactMap { Period(year: 2000, month: $0).map { ($0, $0) } })
            guard case let .success(fit) = BatchTrendFit.fitting(design, rows: Matrix(rows: rows),
                                                                 responses: Matrix(rows: n, columns: 1, columnMajor: logs)) else { return nil }
            return fit.aicc(series: 0)
        }
        let line = training.map { [1, Double($0.0)] }
        let seasonal = training.map { point in [1, Double(point.0)] + (2...12).map { month(point.0) == $0 ? 1.0 : 0.0 } }
        guard let plain = criterion(.loglinear, line), let withSeasons = criterion(.logseasonal, seasonal) else { return false }
        return withSeasons < plain
    }
}
