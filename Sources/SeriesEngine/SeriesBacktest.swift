import Dispatch
import Distributions
import Foundation
import LinearAlgebra
import Regression
import FileFormats
import Forecasting
import InternalConcurrency
import SeriesReading
import TargetData

/// Forecast accuracy and interval coverage on held-out data: for every series, the last `holdout`
/// months it has are hidden, the model is fitted on the rest exactly as `forecast series` fits
/// (same designs, same AICc choice), and the `holdout` months are forecast and scored.
///
/// Scores (M3/M4 conventions; A actual, F forecast, h = 1…H):
///
///     sMAPE = 200·|A − F| / (|A| + |F|)                       (Makridakis & Hibon 2000; the
///                                                               absolute values are M4's form,
///                                                               equal to M3's for positive data)
///     MAPE  = 100·|A − F| / |A|                                (A ≠ 0)
///     MASE  = |A − F| / s,  s = mean |yₜ − yₜ₋ₘ| in sample      (Hyndman & Koehler 2006;
///                                                               m = 12, or 1 under two years)
///     MSIS  = [(U − L) + (2/α)(L − A)·1{A < L} + (2/α)(A − U)·1{A > U}] / s,  α = 0.05 (M4)
///     coverage80/95 = share of A inside the 80% / 95% prediction interval
///
/// Each is averaged over series and horizons (overall) and over series per horizon.
public struct SeriesBacktest: Sendable {
    public var holdout: Int
    /// Months scored after each origin (≤ `holdout`; default all of them).
    public var horizon: Int
    /// `nil`: the lowest AICc per series among ``SeriesForecaster/automaticModels``.
    public var model: TrendModel?
    /// Extra, earlier forecast origins per series (each `holdout` months before the previous).
    public var rollingOrigins = 0
    /// Fit on at most this many of the latest months before each origin (`nil`: all of them).
    public var maximumHistoryMonths: Int?
    /// Widen (or narrow) the intervals by split-conformal factors per horizon (``ConformalFactors``),
    /// learned from every series' own history just before the months being scored, never from
    /// them: for horizon h, the model is fitted up to h months before each of the last
    /// ``calibrationMonths`` months before the holdout and its h-step forecast of that month is
    /// compared with the reading. Calibration
    /// forecasts thus come from almost as much history as the scored ones (an earlier origin a
    /// whole holdout back would fit on less data, err more, and over-widen).
    public var calibrated = false
    /// How many of the latest months before the holdout each series forecasts, at every
    /// horizon, for calibration. Six gives steadier factors than one (on the 166 real monthly
    /// series one month per series left the 95% intervals at 91.9% coverage; six give 94.3%,
    /// and M3 stays at 94.7%), from history barely older.
    public var calibrationMonths = 6
    public var threads = SeriesTableReader.processorCount

    public init(holdout: Int, model: TrendModel? = nil) {
        precondition(holdout >= 1, "holdout must be at least one month")
        self.holdout = holdout
        self.horizon = holdout
        self.model = model
    }

    /// Scores per horizon and overall.
    public struct Scores: Sendable, Hashable, Codable {
        public var smape: Double
        public var mape: Double
        public var mase: Double
        public var coverage80: Double
        public var coverage95: Double
        public var msis: Double
        /// Forecasts scored.
        public var count: Int
    }

    public struct Result: Sendable, Hashable {
        /// Series with enough history to be scored.
        public var series: Int
        /// Series skipped (too short, or no model could be fitted).
        public var skipped: Int
        /// The ids of the skipped series, in the order of the readings (all of them).
        public var skippedSeries: [String] = []
        public var horizon: Int
        public var overall: Scores
        /// Scores for h = 1 … horizon.
        public var byHorizon: [Scores]
        /// How often each model was chosen.
        public var models: [String: Int]
        /// The factors the intervals were multiplied by, per horizon (all 1 without calibration).
        public var factors80: [Double]
        public var factors95: [Double]
    }

    /// One forecast month: what is needed to score it, with or without calibration.
    struct Record {
        var h: Int
        var actual: Double
        var point: Double
        /// Half-widths of the 80% and 95% intervals (``IntervalQuantiles/levels``).
        var halfWidths: [Double]
        var scale: Double
    }

    /// One forecast scored: its horizon and the terms of each score.
    struct Score {
        var h: Int
        var smape: Double
        var ape: Double?
        var ase: Double
        var in80: Bool
        var in95: Bool
        var sis: Double
    }

    /// Backtests every series of `readings`, each on its own months (series need not share a
    /// calendar, as in the M3 competition, where they start and end at different dates).
    public func run(_ readings: Readings) -> Result {
        let candidates = model.map { [$0] } ?? SeriesForecaster.automaticModels
        let designs = candidates.map { TrendDesign(model: $0, spans: (1...12).compactMap { month in
            Period(year: 2000, month: month).map { ($0, $0) } }) }
        let series = readings.metrics.compactMap { readings[$0] }
        let longest = series.map { ($0.first ?? Period(monthIndex: 24_000)).distance(to: $0.last ?? Period(monthIndex: 24_000)) + 1 }.max() ?? 1
        let quantiles = IntervalQuantiles(maximumDegreesOfFreedom: longest)
        let collected = IndexedSlots<SeriesRecords>(count: series.count)
        let holdout = self.holdout, origins = rollingOrigins, maximumHistoryMonths = self.maximumHistoryMonths
        let workers = max(1, min(threads, series.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < series.count {
                let readings = series[index].readings
                guard let first = readings.first?.period else { index += workers; continue }
                let observed = readings.map { (first.distance(to: $0.period), $0.value) }
                var scored: [Record] = []
                var calibration: [Record] = []
                var chosen: [TrendModel] = []
                if calibrated {
                    // The last month before every scored one (before the earliest origin with --rolling).
                    let latest = observed.count - holdout * (origins + 1) - 1
                    // Each origin is fitted once and forecasts every calibration month it is h ≤
                    // holdout months before (the same forecasts as one fit per month and horizon).
                    var targetsByEnd: [Int: [(h: Int, index: Int)]] = [:]
                    for back in 0..<max(1, calibrationMonths) {
                        let last = latest - back
                        for h in 1...holdout where last >= 0 && last - h + 1 >= 1 {
                            guard observed[last].0 - observed[last - h].0 == h else { continue }
                            targetsByEnd[last - h + 1, default: []].append((h, last))
                        }
                    }
                    for (end, targets) in targetsByEnd.sorted(by: { $0.key > $1.key }) {
                        var training = Array(observed[0..<end])
                        if let window = maximumHistoryMonths, let last = training.last?.0 { training = training.filter { $0.0 > last - window } }
                        // A month the origin cannot forecast (seasonal naive's missing lag) must not
                        // take the others with it: then each month is tried alone.
                        let months = targets.map { observed[$0.index].0 }
                        var forecasts: [(target: (h: Int, index: Int), mean: Double, halfWidths: [Double])] = []
                        if let forecast = Self.forecast(training: training, future: months, designs: designs, first: first, quantiles: quantiles) {
                            forecasts = targets.enumerated().map { ($1, forecast.means[$0], forecast.halfWidths[$0]) }
                        } else if targets.count > 1 {
                            for (target, month) in zip(targets, months) {
                                guard let forecast = Self.forecast(training: training, future: [month], designs: designs,
                                                                   first: first, quantiles: quantiles) else { continue }
                                forecasts.append((target, forecast.means[0], forecast.halfWidths[0]))
                            }
                        }
                        for (target, mean, halfWidths) in forecasts {
                            calibration.append(Record(h: target.h - 1, actual: observed[target.index].1, point: mean,
                                                      halfWidths: halfWidths, scale: 0))
                        }
                    }
                }
                for origin in 0...origins {
                    let end = observed.count - origin * holdout
                    guard end - holdout >= 1 else { break }
                    var training = Array(observed[0..<(end - holdout)])
                    let test = Array(observed[(end - holdout)..<end])
                    // MASE and MSIS are scaled by the whole in-sample history, as in M4, whatever window is fitted.
                    let scale = Self.masScale(training.map(\.1), months: training.map(\.0))
                    if let window = maximumHistoryMonths, let last = training.last?.0 {
                        training = training.filter { $0.0 > last - window }
                    }
                    guard let forecast = Self.forecast(training: training, future: test.map(\.0), designs: designs,
                                                       first: first, quantiles: quantiles) else { continue }
                    let records = zip(test.map(\.1), forecast.means).enumerated().map { h, pair in
                        Record(h: h, actual: pair.0, point: pair.1, halfWidths: forecast.halfWidths[h], scale: scale)
                    }
                    scored += records
                    chosen.append(forecast.model)
                }
                collected.store(SeriesRecords(scored: scored, calibration: calibration, models: chosen), at: index)
                index += workers
            }
        }
        return Self.summarise(collected, metrics: series.map(\.metric), horizon: min(max(1, horizon), holdout), calibrated: calibrated)
    }

    /// Scores one forecast month with its interval half-widths multiplied by `f80` and `f95`.
    static func score(_ record: Record, f80: Double, f95: Double) -> Score {
        let (actual, point) = (record.actual, record.point)
        let (h80, h95) = (f80 * record.halfWidths[0], f95 * record.halfWidths[1])
        let (lower95, upper95) = (point - h95, point + h95)
        let denominator = abs(actual) + abs(point)
        let smape = denominator > 0 ? 200 * abs(actual - point) / denominator : 0
        let penalty = (upper95 - lower95) + 40 * max(0, lower95 - actual) + 40 * max(0, actual - upper95)
        return Score(h: record.h, smape: smape, ape: actual != 0 ? 100 * abs(actual - point) / abs(actual) : nil,
                     ase: record.scale > 0 ? abs(actual - point) / record.scale : .nan,
                     in80: abs(actual - point) <= h80 + ForecastDistribution.tolerance(actual),
                     in95: abs(actual - point) <= h95 + ForecastDistribution.tolerance(actual),
                     sis: record.scale > 0 ? penalty / record.scale : .nan)
    }

    /// The forecast of the months `future` from `training`: a per-series method's
    /// (``SeriesMethods``), or the design of lowest AICc — the ``BatchTrendFit`` of `forecast
    /// series` on one series, predicting each month.
    static func forecast(training: [(Int, Double)], future: [Int], designs: [TrendDesign], first: Period,
                         quantiles: IntervalQuantiles) -> (model: TrendModel, means: [Double], halfWidths: [[Double]])? {
        let n = training.count
        if designs.count == 1, let model = designs.first?.model, model.isSeriesMethod {
            guard let forecast = SeriesMethods.forecast(model, training: training, first: first, future: future) else { return nil }
            let widths = forecast.standardErrors.compactMap { quantiles.halfWidths(standardError: $0, degreesOfFreedom: forecast.degreesOfFreedom) }
            guard widths.count == future.count else { return nil }
            return (model, forecast.means, widths)
        }
        var best: (criterion: Double, model: TrendModel, means: [Double], halfWidths: [[Double]])?
        for design in designs where n >= design.model.minimumObservations {
            let rows = design.matrix(months: training.map(\.0), origin: first)
            let responses = Matrix(rows: n, columns: 1, columnMajor: training.map(\.1))
            guard case let .success(fit) = BatchTrendFit.fitting(design, rows: rows, responses: responses),
                  let criterion = fit.aicc(series: 0) else { continue }
            guard designs.count == 1 || criterion < (best?.criterion ?? .infinity) else { continue }
            let predictions = fit.values(at: design.matrix(months: future, origin: first), series: 0)
            let widths = predictions.compactMap { quantiles.halfWidths(standardError: $0.standardError, degreesOfFreedom: $0.degreesOfFreedom) }
            guard widths.count == future.count else { continue }
            best = (criterion, design.model, predictions.map(\.mean), widths)
        }
        return best.map { ($0.model, $0.means, $0.halfWidths) }
    }

    /// The in-sample mean absolute error of the seasonal naive forecast (lag 12, or lag 1 when the
    /// training covers less than two years), over pairs of observed months.
    static func masScale(_ values: [Double], months: [Int]) -> Double {
        let span = (months.last ?? 0) - (months.first ?? 0) + 1
        let lag = span >= 24 ? 12 : 1
        var byMonth: [Int: Double] = [:]
        for (month, value) in zip(months, values) { byMonth[month] = value }
        var total = 0.0, count = 0
        for (month, value) in zip(months, values) {
            if let earlier = byMonth[month - lag] {
                total += abs(value - earlier)
                count += 1
            }
        }
        return count > 0 ? total / Double(count) : .nan
    }

    /// - Parameter metrics: the series' ids, in the order of `collected`.
    static func summarise(_ collected: IndexedSlots<SeriesRecords>, metrics: [String], horizon: Int, calibrated: Bool) -> Result {
        var records: [Record] = [], calibration: [Record] = []
        var scored = 0
        var skippedSeries: [String] = []
        var models: [String: Int] = [:]
        for (series, metric) in metrics.enumerated() {
            let stored = collected.value(at: series)
            let (mine, calibrating, chosen) = (stored?.scored ?? [], stored?.calibration ?? [], stored?.models ?? [])
            if mine.isEmpty { skippedSeries.append(metric) } else { scored += 1 }
            records += mine.filter { $0.h < horizon }
            calibration += calibrating.filter { $0.h < horizon }
            for model in chosen { models[model.rawValue, default: 0] += 1 }
        }
        var factors80 = [Double](repeating: 1, count: horizon), factors95 = [Double](repeating: 1, count: horizon)
        if calibrated {
            for h in 0..<horizon {
                var sample = ConformalFactors.Sample()
                for record in calibration where record.h == h {
                    sample.append(error: abs(record.actual - record.point), halfWidth80: record.halfWidths[0],
                                  halfWidth95: record.halfWidths[1], magnitude: abs(record.point))
                }
                if let factors = sample.calibration {
                    factors80[h] = factors.factor80
                    factors95[h] = factors.factor95
                }
            }
        }
        let all = records.map { score($0, f80: factors80[$0.h], f95: factors95[$0.h]) }
        func aggregate(_ scores: [Score]) -> Scores {
            func mean(_ values: [Double]) -> Double {
                let finite = values.filter(\.isFinite)
                return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
            }
            // Nothing scored: every score is undefined, not 0%.
            let count = scores.isEmpty ? Double.nan : Double(scores.count)
            return Scores(smape: mean(scores.map(\.smape)), mape: mean(scores.compactMap(\.ape)), mase: mean(scores.map(\.ase)),
                          coverage80: Double(scores.filter(\.in80).count) / count, coverage95: Double(scores.filter(\.in95).count) / count,
                          msis: mean(scores.map(\.sis)), count: scores.count)
        }
        return Result(series: scored, skipped: skippedSeries.count, skippedSeries: skippedSeries, horizon: horizon, overall: aggregate(all),
                      byHorizon: (0..<horizon).map { h in aggregate(all.filter { $0.h == h }) }, models: models,
                      factors80: factors80, factors95: factors95)
    }
}

/// What backtesting one series produced: its scored forecasts, its calibration forecasts and the
/// models chosen.
struct SeriesRecords: Sendable {
    var scored: [SeriesBacktest.Record]
    var calibration: [SeriesBacktest.Record]
    var models: [TrendModel]
}

extension SeriesBacktest {
    /// `forecast backtest FILE… --holdout N` as a value: the readings files read as
    /// ``Readings/read(_:keeping:)`` reads them and every series backtested, with a note when
    /// calibrated intervals had too few calibration forecasts and stayed the textbook ones.
    ///
    /// - Throws: `InputError` with every problem of the files, or naming them when no series
    ///   could be scored.
    ///
    /// `sheet` is the worksheet read in each Excel workbook among the files (default: its first).
    public func run(files: [String], sheet: String? = nil) throws(InputError) -> (result: Result, diagnostics: [Diagnostic]) {
        let result = run(try Readings.read(files, sheet: sheet))
        guard result.series > 0 else {
            throw InputError(SourceLocation(file: files.joined(separator: ", ")), "no series could be scored: each needs more than --holdout (\(holdout)) months, and enough before them to fit the model (\(result.skipped) series skipped); try a shorter --holdout\(maximumHistoryMonths == nil ? "" : " or a longer --history")")
        }
        var diagnostics: [Diagnostic] = []
        if calibrated, result.factors80.allSatisfy({ $0 == 1 }), result.factors95.allSatisfy({ $0 == 1 }) {
            diagnostics.append(Diagnostic(.note, at: .wholeRun, "too few calibration forecasts (fewer than 20 per horizon) to calibrate; the intervals are the textbook model ones", code: .calibration))
        }
        return (result, diagnostics)
    }
}
