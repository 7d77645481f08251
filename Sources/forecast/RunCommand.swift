import ArgumentParser
import Foundation
import TargetForecast

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Forecast every target: will it be met by its deadline, how sure are we, who is responsible.",
        discussion: """
            Reads the targets file and the readings, fits a trend to each target's metric using \
            only readings up to --as-of, and prints per target: the threshold, what has happened \
            so far, the forecast at the deadline with 80% and 95% prediction intervals, the \
            probability of meeting it, a status (achieved, on-track, at-risk, off-track, missed, \
            no-data, not-forecast), the model, the lead units and a one-line explanation.

            Every report opens with the targets whose status changed since the previous month \
            (or --since), worst first, and shows how P(met) moved through the year: each earlier \
            month of the year with readings is assessed again from the readings up to it \
            (--no-trajectory skips that, for speed on large catalogues).

            Status bands (P = probability of meeting the target): ensure (确保) targets are on \
            track at P ≥ 90% and at risk at P ≥ 60%; strive (力争) at 70% and 40%; others at 80% \
            and 50%.

            Exit status: 0 success; 1 with --fail-on when a target is at that status or worse; \
            2 bad usage or bad input.

            Examples:
              forecast run --targets targets.yaml --readings readings.csv
              forecast run --targets t.yaml --readings 2020.csv 2021.csv --as-of 2021-06
              forecast run --targets t.yaml --readings r.csv --format html --output r.html
              forecast run --targets t.yaml --readings r.csv --fail-on off-track
              forecast run --targets t.yaml --readings r.csv --since 2021-03
            """
    )

    @Option(help: "The targets file: YAML or JSON, or a targets table (CSV or .xlsx, one row per target).")
    var targets: String

    @Option(parsing: .upToNextOption, help: "One or more readings files, CSV or Excel .xlsx (later files revise earlier ones).")
    var readings: [String]

    @Option(help: ArgumentHelp("The worksheet to read in each Excel workbook (.xlsx) among the readings (default: its first sheet).", valueName: "name"))
    var sheet: String?

    @Option(name: .customLong("as-of"), help: "Use only readings up to this month (YYYY-MM); default: the latest reading.")
    var asOf: String?

    @Option(help: "List the targets whose status changed since this month (YYYY-MM, before the month assessed); default: the month before it.")
    var since: String?

    @Flag(inversion: .prefixedNo, help: "Assess each earlier month of the year again for every target's P(met) path (the table's 'this year' column, the JSON's trajectory, the HTML's small chart).")
    var trajectory = true

    @Option(help: "Output format: table, json, csv, markdown, html (one self-contained page), svg (one chart per target, into the folder given by --output) or xlsx (an Excel workbook: every target, then one sheet per lead unit; needs --output).")
    var format: OutputFormat = .table

    @Option(help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Trend model: auto (lowest AICc of linear, seasonal, loglinear, logseasonal), linear, quadratic, loglinear, seasonal or logseasonal.")
    var model: ModelOption = .auto

    @Option(help: "Intervals and P(met): calibrated (textbook intervals widened by split-conformal factors learned from the catalogue's metrics in the five previous years, forecast as of the same month) or ols (textbook OLS Student-t).")
    var intervals: IntervalsOption = .calibrated

    @Option(help: "Prediction interval levels, comma-separated (default 0.8,0.95). The table shows the first; JSON and CSV always carry the 80% and 95% columns when those levels are computed.")
    var levels: String = "0.8,0.95"

    var parsedLevels: [Double]? {
        let values = levels.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { $0 > 0 && $0 < 1 } ?? false }) else { return nil }
        return values.compactMap { $0 }
    }

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when any target is at this status or worse: off-track or at-risk.")
    var failOn: FailOn?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv, markdown, html, svg, xlsx }
    enum ModelOption: String, ExpressibleByArgument, CaseIterable { case auto, linear, quadratic, loglinear, seasonal, logseasonal }
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case offTrack = "off-track", atRisk = "at-risk"
    }

    /// The report in one of the text formats.
    func text(of report: TargetReport) throws -> String {
        switch format {
        case .table: return report.table(colour: output == nil && Terminal.isColourTerminal)
        case .json: return try report.json()
        // A byte-order mark, so that Excel (which assumes the system code page otherwise, GBK on a
        // Chinese Windows) opens the Chinese titles correctly.
        case .csv: return "\u{FEFF}" + report.csv()
        case .markdown: return report.markdown()
        case .html: return report.html()
        case .svg, .xlsx: return ""  // written as files, not text
        }
    }

    /// One SVG file per target with a chart, named after the target id, in `folder`.
    func writeCharts(_ report: TargetReport, to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError(SourceLocation(file: folder), "cannot create the folder: \(error.localizedDescription)")
        }
        let charts = report.chartFiles()
        for file in charts.files {
            try AtomicFile.write(Array(file.svg.utf8), to: folder + "/" + file.name, protecting: [targets] + readings)
        }
        Terminal.printError("wrote \(charts.files.count) charts to \(folder)"
            + (charts.skipped.isEmpty ? "" : "; no chart for \(charts.skipped.joined(separator: ", ")) (not forecast, no threshold, or too few readings)"))
    }

    /// Catalogues from this size on show their progress on a terminal (smaller ones take well
    /// under a second: the Gulou fixture's 67 targets, 0.37 s).
    static let progressTargets = 500

    func validate() throws {
        if readings.isEmpty { throw ValidationError("Give at least one readings file with --readings.") }
        if format == .svg && output == nil {
            throw ValidationError("--format svg writes one file per target: give the folder with --output.")
        }
        if format == .xlsx && output == nil {
            throw ValidationError("--format xlsx writes an Excel workbook: give the file with --output, for example --output report.xlsx.")
        }
        if parsedLevels == nil {
            throw ValidationError("--levels '\(levels)' is not a list of levels between 0 and 1, for example 0.8,0.95.")
        }
        if let asOf, Period(parsing: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a month; expected YYYY-MM, for example 2021-06.")
        }
        if let since, Period(parsing: since) == nil {
            throw ValidationError("--since '\(since)' is not a month; expected YYYY-MM, for example 2021-05.")
        }
        if let since, let asOf, let from = Period(parsing: since), let to = Period(parsing: asOf), from >= to {
            throw ValidationError("--since \(since) is not before --as-of \(asOf): the changes are measured from an earlier month.")
        }
    }

    func run() throws {
        if let output, format != .svg { try AtomicFile.refuseInputs(output, [targets] + readings) }
        var clock = PhaseClock()
        var run = try AssessmentRun(targetsFile: targets, readingsFiles: readings, sheet: sheet)
        clock.lap("read")
        run.asOf = asOf.flatMap { Period(parsing: $0) }
        run.levels = parsedLevels ?? run.levels
        if let chosen = TrendModel(rawValue: model.rawValue) { run.model = .fixed(chosen) }
        run.intervals = intervals.method
        run.since = since.flatMap { Period(parsing: $0) }
        run.trajectory = trajectory
        let line = ProgressLine()
        if line.isShown && run.catalogue.targets.count >= Self.progressTargets {
            let count = Terminal.grouped(run.catalogue.targets.count)
            run.progress = { month, done, total in
                line.show("assessing \(count) targets as of \(month) (month \(done + 1) of \(total))")
            }
        }
        let report = run.assess()
        line.clear()
        clock.lap("assess (calibration and earlier months included)")
        defer { clock.lap("output") }
        for diagnostic in report.diagnostics { Terminal.printError(diagnostic.description) }

        switch format {
        case .svg:
            try writeCharts(report, to: output ?? ".")
        case .xlsx:
            guard let output else { break }  // validate() requires it
            try AtomicFile.write(try report.workbook(), to: output, protecting: [targets] + readings)
            Terminal.printError("wrote \(output): the targets as of \(report.asOf), and one sheet per lead unit")
        case .table, .json, .csv, .markdown, .html:
            let text = try self.text(of: report)
            if let output {
                try AtomicFile.write(Array(text.utf8), to: output, protecting: [targets] + readings)
            } else {
                print(text, terminator: "")
            }
        }
        if let failOn, report.assessments.contains(where: { $0.status.isAtLeastAsBad(as: failOn == .offTrack ? .offTrack : .atRisk) }) {
            throw ExitCode(1)
        }
    }
}
