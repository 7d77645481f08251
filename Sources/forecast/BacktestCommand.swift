import ArgumentParser
import Foundation
import TargetForecast

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Measure how honest the forecasts are: on held-out months of every series, or on the past years of a targets file.",
        discussion: """
            Target mode (--targets FILE --readings FILE...): every past year of the readings is \
            replayed as of each month before the deadline, with thresholds as demanding as this \
            year's (growth rates kept; totals and levels scaled to the same ratio to the previous \
            year's outcome), exactly as forecast run assesses this year. Scores: Brier score of \
            P(met) beside the climatological reference (always saying the base rate) and the Brier \
            skill score, a reliability table, and by months remaining: Brier, 80%/95% interval \
            coverage, MAPE and MASE. Beside them, the analyst's spreadsheet rules on the same cases \
            (growth so far persists; last year's profile; last level + mean change of the last 12 \
            months), each with P(met) from its misses in the five earlier years: their Brier and \
            forecast run's skill against them (1 − Brier/Brier_rule; positive: forecast run is better).

            Series mode (FILE... --holdout H): for every series of the long-form readings files, the last --holdout months it has are \
            hidden, the model is fitted on the rest as forecast series fits it, and the hidden \
            months are forecast and scored: sMAPE (M3), MAPE, MASE (scaled by the in-sample \
            seasonal-naive error, lag 12, or lag 1 under two years), coverage of the 80% and 95% \
            intervals, and MSIS (M4, α = 0.05) — overall and by horizon. --rolling K adds K earlier \
            origins per series. Series may have different calendars (as in the M3 competition).

            Examples:
              forecast backtest --targets targets.yaml --readings readings.csv
              forecast backtest --targets targets.yaml --readings readings.csv --format svg
              forecast backtest readings.csv --holdout 12 --rolling 2
            """
    )

    @Argument(help: "Series mode: long-form readings CSV files (metric,period,value); - for standard input.")
    var files: [String] = []

    @Option(help: "Target mode: the targets file (YAML or JSON) whose targets are replayed on past years.")
    var targets: String?

    @Option(parsing: .upToNextOption, help: "Target mode: readings files, CSV or Excel .xlsx (long or wide form).")
    var readings: [String] = []

    @Option(help: ArgumentHelp("The worksheet to read in each Excel workbook (.xlsx) among the readings files (default: its first sheet).", valueName: "name"))
    var sheet: String?

    @Option(help: "Series mode: months held out at the end of each series.")
    var holdout: Int?

    @Option(help: "Months scored after each origin (default: the holdout).")
    var horizon: Int?

    @Option(help: "Model: auto (the recommended model: combination in series mode; forecast run's AICc choice in target mode), combination (the mean of ets (A,Ad,N), theta and the damped trend), damped, ets, theta, seasonal-naive, aicc (lowest AICc of linear and seasonal, per series), seasonal, linear or quadratic.")
    var model: SeriesCommand.SeriesModel = .auto

    @Option(help: "Earlier forecast origins per series, each one holdout before the previous.")
    var rolling: Int = 0

    @Option(name: .customLong("history"), help: "Fit on at most this many of the latest months before each origin (default: all).")
    var history: Int?

    @Option(help: "Intervals: calibrated (split-conformal factors per horizon from the six months before the holdout of every series) or ols (textbook).")
    var intervals: IntervalsOption = .calibrated

    @Option(help: "Output format: table, json or markdown; target mode also svg (the reliability diagram of forecast run and the analyst's best rule).")
    var format: Format = .table

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown, svg }

    @Option(help: "Target mode: also write every replayed forecast (target, year, month, P(met), forecast, intervals, outcome, met) to this CSV file.")
    var cases: String?

    func validate() throws {
        if cases != nil && targets == nil { throw ValidationError("--cases writes the forecasts of target mode: give --targets and --readings.") }
        if format == .svg && targets == nil { throw ValidationError("--format svg draws target mode's reliability diagram: give --targets and --readings (series mode writes table, json or markdown).") }
        if targets != nil {
            guard !(model.trendModel?.isSeriesMethod ?? false) || model == .auto else { throw ValidationError("--model \(model.rawValue) forecasts series; target mode assesses targets as forecast run does (auto, linear, seasonal or quadratic).") }
            guard !readings.isEmpty else { throw ValidationError("--targets needs --readings FILE... (the readings the targets are replayed on).") }
            guard files.isEmpty, holdout == nil else { throw ValidationError("give either --targets with --readings (target mode) or FILE... --holdout (series mode), not both.") }
            return
        }
        guard !files.isEmpty else { throw ValidationError("give readings files and --holdout (series mode), or --targets FILE --readings FILE... (target mode).") }
        guard let holdout else { throw ValidationError("series mode needs --holdout: the months held out at the end of each series.") }
        guard (1...240).contains(holdout) else { throw ValidationError("--holdout must be from 1 to 240 months.") }
        if let horizon, !(1...holdout).contains(horizon) { throw ValidationError("--horizon must be from 1 to the holdout (\(holdout)).") }
        guard (0...50).contains(rolling) else { throw ValidationError("--rolling must be from 0 to 50.") }
        if let history, history < 3 { throw ValidationError("--history must be at least 3 months.") }
    }

    func run() throws {
        let inputs = files + readings + [targets].compactMap { $0 }
        if let output { try AtomicFile.refuseInputs(output, inputs) }
        if let cases { try AtomicFile.refuseInputs(cases, inputs) }
        if let targets {
            try runTargets(targets)
            return
        }
        let holdout = self.holdout ?? 1
        var backtest = SeriesBacktest(holdout: holdout, model: model.trendModel)
        backtest.horizon = horizon ?? holdout
        backtest.rollingOrigins = rolling
        backtest.maximumHistoryMonths = history
        backtest.calibrated = intervals == .calibrated
        let (result, diagnostics) = try backtest.run(files: files, sheet: sheet)
        for diagnostic in diagnostics { Terminal.printError(diagnostic.description) }
        let text: String
        switch format {
        case .table: text = result.table()
        case .json: text = try result.json()
        case .markdown, .svg: text = result.markdown()
        }
        try write(text)
    }

    private func write(_ text: String) throws {
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output, protecting: files + readings + [targets].compactMap { $0 })
        } else {
            print(text, terminator: "")
        }
    }

    private func runTargets(_ path: String) throws {
        // The targets and readings are read as forecast run reads them (only the catalogue's metrics).
        let input = try AssessmentRun(targetsFile: path, readingsFiles: self.readings, sheet: sheet)
        for diagnostic in input.inputDiagnostics { Terminal.printError(diagnostic.description) }
        var options = AssessmentOptions()
        // Target mode assesses year values as forecast run does: auto and aicc are its AICc choice.
        if ![.auto, .aicc].contains(model), let fixed = TrendModel(rawValue: model.rawValue) { options.model = .fixed(fixed) }
        if let history { options.maximumHistoryMonths = history }
        var backtest = TargetBacktest(options: options, calibrated: intervals == .calibrated)
        let line = ProgressLine()
        if line.isShown {
            backtest.progress = { done, total in line.show("replayed \(done) of \(total) past months") }
        }
        let result: TargetBacktest.Result
        do {
            // Clears the progress line, also before an error is printed (the table goes to standard output).
            defer { line.clear() }
            result = try backtest.run(input, targetsFile: path)
        }
        let text: String
        switch format {
        case .table: text = result.table()
        case .json: text = try result.json()
        case .markdown: text = result.markdown()
        case .svg: text = ReliabilityDiagram.render(result)
        }
        if let cases {
            try AtomicFile.write(Array(result.casesCSV().utf8), to: cases, protecting: self.readings + [path])
        }
        try write(text)
    }
}
