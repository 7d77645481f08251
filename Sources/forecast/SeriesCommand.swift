import ArgumentParser
import Foundation
import TargetForecast

struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "Forecast every series of a large long-form readings file (no targets needed).",
        discussion: """
            For each metric: the predicted sum of the next --horizon months after the last month \
            of the whole file, its 80% and 95% prediction intervals (the regressions: full \
            covariance, Student t; the per-series methods: their model's variance of the sum, \
            errors correlated across months), and the trend per month the forecast carries. \
            Output: CSV with the columns \
            metric,model,observations,forecast_sum,lower80,upper80,lower95,upper95,slope, one row per \
            metric in byte order of the metric id.

            The month index counts from the file's first month; a series with missing months is \
            fitted on the months it has, with its own degrees of freedom; a series that cannot be \
            forecast (a regression's calendar month never observed, too few months, values \
            beyond ±1e150) gets empty cells and a warning saying why.

            Models: seasonal (the default, and what the benchmark peers compute), linear, \
            quadratic and aicc are regressions fitted in batches; damped, ets, theta and \
            combination are fitted to each series alone, on seasonally adjusted values when the \
            series is positive and seasonal (slower: about 20× seasonal); \
            seasonal-naive repeats each month of the last year; auto is combination, the mean of \
            ets (A,Ad,N), theta and damped, the most robust on the backtests (README, Backtesting).

            --shard I/N keeps only the metrics whose stable hash falls in shard I (0 ≤ I < N), so \
            N processes (Spark's pipe, Kubernetes indexed jobs, Slurm arrays) can split the work; \
            the shards' outputs, concatenated and sorted, equal the unsharded output (up to \
            rounding, with --intervals ols: calibrated factors are learned from each shard's input).

            Examples:
              forecast series readings.csv --horizon 12
              forecast series big.csv --model seasonal --output forecasts.csv
              forecast series big.csv --shard 0/4 > part-0.csv
            """
    )

    @Argument(help: "Long-form readings CSV files (metric,period,value); - for standard input.")
    var files: [String]

    @Option(help: "Months to forecast after the file's last month.")
    var horizon: Int = 12

    @Option(help: "Model: seasonal (trend + month-of-year effects; the benchmark job), linear, quadratic, aicc (lowest AICc of linear and seasonal, per series); per series on seasonally adjusted data: damped (half the trend of the last five years, re-anchored on the last six months), ets (exponential smoothing, trend form by AICc), theta, combination (the mean of ets (A,Ad,N), theta and the damped trend); seasonal-naive (last year's same month); or auto (the recommended model: combination).")
    var model: SeriesModel = .seasonal

    @Option(help: "Intervals: calibrated (the model's intervals widened or narrowed by split-conformal factors learned from this file: every series refitted without its last --horizon months) or ols (the textbook model intervals — OLS Student-t for the regressions, what the benchmark peers compute).")
    var intervals: IntervalsOption = .calibrated

    @Option(help: "Output format: csv or json.")
    var format: SeriesFormat = .csv

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Threads (default: every core).")
    var threads: Int?

    @Option(help: "Process only shard I of N (I from 0 to N − 1), by a stable hash of the metric id.")
    var shard: String?

    @Option(help: "The calendar's first month (YYYY-MM), when the input is a part of a larger file: months count from it (default: the input's first month).")
    var from: String?

    @Option(help: "The calendar's last month (YYYY-MM): forecasts start the month after it (default: the input's last month).")
    var through: String?

    enum SeriesModel: String, ExpressibleByArgument, CaseIterable {
        case seasonal, linear, quadratic, damped, ets, theta, seasonalNaive = "seasonal-naive", combination, aicc, auto

        /// The model to fit; `nil` for the lowest AICc of linear and seasonal per series.
        /// `auto` is the recommended model: the combination of damped smoothing, Theta and the
        /// damped trend, the most accurate on the M3 and real monthly backtests (README, "Backtesting").
        var trendModel: TrendModel? {
            switch self {
            case .aicc: nil
            case .auto: .combination
            default: TrendModel(rawValue: rawValue)
            }
        }
    }
    enum SeriesFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func validate() throws {
        guard (1...1200).contains(horizon) else { throw ValidationError("--horizon must be from 1 to 1200 months.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        for (name, value) in [("--from", from), ("--through", through)] {
            if let value, Period(parsing: value) == nil { throw ValidationError("\(name) '\(value)' is not a month; expected YYYY-MM.") }
        }
        if (from == nil) != (through == nil) { throw ValidationError("--from and --through go together.") }
        if let from, let through, let first = Period(parsing: from), let last = Period(parsing: through), first > last {
            throw ValidationError("--from \(from) is after --through \(through).")
        }
        if let shard, parsedShard(shard) == nil {
            throw ValidationError("--shard '\(shard)' is not I/N with 0 ≤ I < N, for example 0/4.")
        }
    }

    func parsedShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else { return nil }
        return (index, count)
    }

    func run() throws {
        if let output { try AtomicFile.refuseInputs(output, files) }
        var reader = SeriesTableReader(threads: threads)
        reader.shard = shard.flatMap(parsedShard)
        if let first = from.flatMap({ Period(parsing: $0) }), let last = through.flatMap({ Period(parsing: $0) }) {
            reader.calendar = first...last
        }
        let line = ProgressLine()
        if line.isShown {
            reader.progress = { bytes in line.show("read \(bytes / 1_000_000) MB") }
        }
        var clock = PhaseClock()
        var forecaster = SeriesForecaster(model: model.trendModel, horizon: horizon)
        if let threads { forecaster.threads = threads }
        var run = SeriesRun(reader: reader, forecaster: forecaster)
        run.intervals = intervals.method
        let (table, readDiagnostics) = try run.read(files)
        clock.lap("read")
        line.clear()
        for diagnostic in readDiagnostics { Terminal.printError(diagnostic.description) }
        // The matrix is left for the process's exit to reclaim, as compilers skip freeing at exit
        // (clang's -disable-free): unmapping 192 MB page by page took 14 ms, and while it ran it
        // held up every other allocation of the process; exit reclaims it at no visible cost.
        _ = Unmanaged.passRetained(ReclaimedAtExit(table.values))
        let result = run.forecast(table)
        clock.lap(intervals == .calibrated ? "calibrate + fit" : "fit")
        let forecasts = result.forecasts
        for diagnostic in result.diagnostics { Terminal.printError(diagnostic.description) }
        let parts = format == .csv ? SeriesForecast.csvParts(forecasts) : [try SeriesForecast.json(forecasts)]
        if let output {
            try AtomicFile.write(parts: parts, to: output, protecting: files)
        } else {
            for part in parts { FileHandle.standardOutput.write(Data(part)) }
        }
        clock.lap("write")
    }
}

/// Memory deliberately kept until the process ends (see `SeriesCommand.run`).
private final class ReclaimedAtExit {
    let values: [Double]
    init(_ values: [Double]) { self.values = values }
}
