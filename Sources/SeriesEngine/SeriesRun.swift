import Forecasting
import Foundation
import SeriesReading
import TargetData

/// `forecast series` as a value: a long-form file read by ``SeriesTableReader``, every series
/// forecast by ``SeriesForecaster`` with calibrated intervals by default, and every warning the
/// command prints kept as a ``Diagnostic`` with a code — so a Swift program gets what the command
/// writes.
///
/// Two steps, so that a caller can time them or keep the matrix: ``read(_:)`` then
/// ``forecast(_:)``.
///
/// ```swift
/// let run = SeriesRun()
/// let (table, readWarnings) = try run.read(["readings.csv"])
/// let result = run.forecast(table)
/// for diagnostic in readWarnings + result.diagnostics { print(diagnostic) }
/// let csv = SeriesForecast.csvParts(result.forecasts)
/// ```
public struct SeriesRun {
    /// How files are read (threads, shard, a fixed calendar).
    public var reader: SeriesTableReader
    /// The model, horizon and threads of the fits (default: `seasonal`, 12 months, every core).
    public var forecaster: SeriesForecaster
    /// Calibrated intervals (the default) or textbook OLS ones.
    public var intervals: IntervalMethod = .calibrated

    /// A gap of at least this many months in which no series has a reading is warned about: in
    /// a statistics office's export it is almost always a stray period, which moves every
    /// series' month index and forecast.
    public static let strayPeriodMonths = 24

    public init(reader: SeriesTableReader = SeriesTableReader(), forecaster: SeriesForecaster = SeriesForecaster()) {
        self.reader = reader
        self.forecaster = forecaster
    }

    /// The forecasts, the calibration factors used and the run's warnings and notes.
    public struct Result: Sendable {
        /// One per series, in byte order of the metric id.
        public var forecasts: [SeriesForecast]
        /// The factors the intervals' half-widths were multiplied by; `nil`: textbook intervals.
        public var calibration: IntervalCalibration?
        /// The calibration, unfitted series.
        public var diagnostics: [Diagnostic]
    }

    /// Reads the files (`-` for standard input) into one table, with warnings about a stray
    /// period and repeated readings.
    ///
    /// - Throws: `InputError` with every problem found, located by file, line and column.
    public func read(_ files: [String]) throws(InputError) -> (table: SeriesTable, diagnostics: [Diagnostic]) {
        let table = try reader.read(files)
        var diagnostics: [Diagnostic] = []
        if let longest = table.monthsWithoutReadings().max(by: { $0.monthCount < $1.monthCount }), longest.monthCount >= Self.strayPeriodMonths {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "no series has a reading from \(longest.lowerBound) to \(longest.upperBound) (\(longest.monthCount) months): a stray period? Months count from the file's first, \(table.firstPeriod), and forecasts start after its last, \(table.lastPeriod)", code: .gap))
        }
        if table.revisionCount > 0 {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "\(table.revisionCount) reading\(table.revisionCount == 1 ? " repeats" : "s repeat") a metric and month; the later one was used", code: .revision))
        }
        if let stale = Self.staleSeries(table) { diagnostics.append(stale) }
        return (table, diagnostics)
    }

    /// Months a series' last reading may fall before the file's last month without a warning: a
    /// year (a release that lags the others by a few months is common; one a year behind is not).
    public static let staleMonths = 12

    /// A warning naming the series whose last reading is more than ``staleMonths`` before the
    /// file's last month: they are forecast after the file's last month like every other, so
    /// their forecasts extrapolate over the months they lack.
    static func staleSeries(_ table: SeriesTable) -> Diagnostic? {
        let months = table.months
        var stale: [(metric: String, last: Int)] = []
        table.values.withUnsafeBufferPointer { values in
            for (series, metric) in table.metrics.enumerated() {
                var last = months - 1
                while last >= 0, values[series * months + last].isNaN { last -= 1 }
                if last >= 0, months - 1 - last > staleMonths { stale.append((metric, last)) }
            }
        }
        guard !stale.isEmpty else { return nil }
        let examples = Self.examples(stale, separator: ", ") { "\($0.metric) (last reading \(table.firstPeriod.advanced(by: $0.last)))" }
        return Diagnostic(.warning, at: .wholeRun, "\(stale.count) series end more than \(staleMonths) months before the file's last month, \(table.lastPeriod), so their forecasts (after \(table.lastPeriod)) extrapolate over the months they lack and they cannot help calibrate: \(examples); forecast them from a file that ends where they do", code: .gap)
    }

    /// The first three of `items` as `describe` words them, then "…" when there are more: the
    /// examples a run-wide warning names.
    static func examples<Item>(_ items: [Item], separator: String, _ describe: (Item) -> String) -> String {
        items.prefix(3).map(describe).joined(separator: separator) + (items.count > 3 ? separator + "…" : "")
    }

    /// Forecasts every series of `table`, calibrating the intervals first unless they are OLS.
    public func forecast(_ table: consuming SeriesTable) -> Result {
        var diagnostics: [Diagnostic] = []
        var factors: IntervalCalibration?
        if intervals == .calibrated {
            factors = forecaster.calibration(table)
            if let factors {
                diagnostics.append(Diagnostic(.note, at: .wholeRun, "calibrated intervals: half-widths × \(String(format: "%.3f", factors.factor80)) (80%) and × \(String(format: "%.3f", factors.factor95)) (95%), learned from \(factors.forecasts) series refitted without their last \(forecaster.horizon) months", code: .calibration))
            } else {
                diagnostics.append(Diagnostic(.warning, at: .wholeRun, "cannot calibrate the intervals: that needs 20 series with a reading in each of the file's last \(forecaster.horizon) months and 24 months before them, and forecast errors to learn from (perfectly straight series have none); they are the textbook model intervals", code: .calibration))
            }
        }
        var forecasts = forecaster.forecast(table)
        if let factors { forecasts = SeriesForecaster.calibrate(forecasts, by: factors) }
        let unsolved = forecasts.filter { $0.forecastSum == nil }
        if !unsolved.isEmpty {
            let examples = Self.examples(unsolved, separator: "; ") { "\($0.metric) (\($0.note ?? "no fit"))" }
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "\(unsolved.count) series could not be fitted and have empty cells: \(examples)", code: .unfitted))
        }
        let unbounded = forecasts.filter { $0.forecastSum != nil && $0.intervals.isEmpty }
        if !unbounded.isEmpty {
            let examples = Self.examples(unbounded, separator: "; ") { "\($0.metric) (\($0.note ?? "no interval"))" }
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "\(unbounded.count) series have a forecast but empty interval cells: \(examples)", code: .unfitted))
        }
        return Result(forecasts: forecasts, calibration: factors, diagnostics: diagnostics)
    }
}
