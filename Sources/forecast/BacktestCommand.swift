import ArgumentParser
import Foundation
import TargetForecast

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Measure forecast accuracy and interval coverage on held-out months of every series.",
        discussion: """
            For every series of the long-form readings files, the last --holdout months it has are \
            hidden, the model is fitted on the rest as forecast series fits it, and the hidden \
            months are forecast and scored: sMAPE (M3), MAPE, MASE (scaled by the in-sample \
            seasonal-naive error, lag 12, or lag 1 under two years), coverage of the 80% and 95% \
            intervals, and MSIS (M4, α = 0.05) — overall and by horizon. --rolling K adds K earlier \
            origins per series. Series may have different calendars (as in the M3 competition).
            """
    )

    @Argument(help: "Long-form readings CSV files (metric,period,value); - for standard input.")
    var files: [String]

    @Option(help: "Months held out at the end of each series.")
    var holdout: Int

    @Option(help: "Months scored after each origin (default: the holdout).")
    var horizon: Int?

    @Option(help: "Model: auto (lowest AICc of linear and seasonal, per series), seasonal, linear or quadratic.")
    var model: SeriesCommand.SeriesModel = .auto

    @Option(help: "Earlier forecast origins per series, each one holdout before the previous.")
    var rolling: Int = 0

    @Option(name: .customLong("history"), help: "Fit on at most this many of the latest months before each origin (default: all).")
    var history: Int?

    @Option(help: "Intervals: calibrated (split-conformal factors per horizon from one earlier origin of every series) or ols (textbook).")
    var intervals: BacktestIntervals = .calibrated

    enum BacktestIntervals: String, ExpressibleByArgument, CaseIterable { case calibrated, ols }

    @Option(help: "Output format: table, json or markdown.")
    var format: Format = .table

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    func validate() throws {
        guard (1...240).contains(holdout) else { throw ValidationError("--holdout must be from 1 to 240 months.") }
        if let horizon, !(1...holdout).contains(horizon) { throw ValidationError("--horizon must be from 1 to the holdout (\(holdout)).") }
        guard (0...50).contains(rolling) else { throw ValidationError("--rolling must be from 0 to 50.") }
        if let history, history < 3 { throw ValidationError("--history must be at least 3 months.") }
    }

    func run() throws {
        let readings = try Readings.read(files)
        var backtest = SeriesBacktest(holdout: holdout, model: model == .auto ? nil : TrendModel(rawValue: model.rawValue))
        backtest.horizon = horizon ?? holdout
        backtest.rollingOrigins = rolling
        backtest.maximumHistoryMonths = history
        backtest.calibrated = intervals == .calibrated
        let result = backtest.run(readings)
        if backtest.calibrated, result.factors80.allSatisfy({ $0 == 1 }), result.factors95.allSatisfy({ $0 == 1 }) {
            Terminal.printError("note: too few calibration forecasts (fewer than 20 per horizon) to calibrate; the intervals are the textbook OLS ones")
        }
        let text: String
        switch format {
        case .table: text = result.table()
        case .json: text = try result.json()
        case .markdown: text = result.markdown()
        }
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output, protecting: files)
        } else {
            print(text, terminator: "")
        }
    }
}
