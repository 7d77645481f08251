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

            Status bands (P = probability of meeting the target): ensure (确保) targets are on \
            track at P ≥ 90% and at risk at P ≥ 60%; strive (力争) at 70% and 40%; others at 80% \
            and 50%.

            Exit status: 0 success; 1 with --fail-on when a target is at that status or worse; \
            2 bad usage or bad input.
            """
    )

    @Option(help: "The targets file (YAML or JSON).")
    var targets: String

    @Option(parsing: .upToNextOption, help: "One or more readings CSV files (later files revise earlier ones).")
    var readings: [String]

    @Option(name: .customLong("as-of"), help: "Use only readings up to this month (YYYY-MM); default: the latest reading.")
    var asOf: String?

    @Option(help: "Output format: table, json, csv, markdown, html (one self-contained page) or svg (one chart per target, into the folder given by --output).")
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

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv, markdown, html, svg }
    enum ModelOption: String, ExpressibleByArgument, CaseIterable { case auto, linear, quadratic, loglinear, seasonal, logseasonal }
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case offTrack = "off-track", atRisk = "at-risk"
    }

    /// One SVG file per target with a chart, named after the target id, in `folder`.
    func writeCharts(_ report: TargetReport, to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError(SourceLocation(file: folder), "cannot create the folder: \(error.localizedDescription)")
        }
        var written = 0
        var skipped: [String] = []
        for assessment in report.assessments {
            guard let chart = assessment.chart else {
                skipped.append(assessment.target.id)
                continue
            }
            let name = String(assessment.target.id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
            let svg = SVGChart.render(chart, title: "\(assessment.target.id): \(assessment.target.title)", description: assessment.explanation)
            try AtomicFile.write(Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n").utf8),
                                 to: folder + "/" + name + ".svg", protecting: [targets] + readings)
            written += 1
        }
        Terminal.printError("wrote \(written) charts to \(folder)"
            + (skipped.isEmpty ? "" : "; no chart for \(skipped.joined(separator: ", ")) (not forecast, no threshold, too few readings, or a relative target)"))
    }

    func validate() throws {
        if readings.isEmpty { throw ValidationError("Give at least one readings file with --readings.") }
        if format == .svg && output == nil {
            throw ValidationError("--format svg writes one file per target: give the folder with --output.")
        }
        if parsedLevels == nil {
            throw ValidationError("--levels '\(levels)' is not a list of levels between 0 and 1, for example 0.8,0.95.")
        }
        if let asOf, Period(parsing: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a month; expected YYYY-MM, for example 2021-06.")
        }
    }

    func run() throws {
        if let output, format != .svg { try AtomicFile.refuseInputs(output, [targets] + readings) }
        let targetsFile = try TargetsFile.read(targets)
        // Only the catalogue's metrics are kept: memory follows the catalogue, not the file.
        let used = Set(targetsFile.catalogue.metrics.map(\.id))
        let allReadings = try Readings.read(readings, keeping: { used.contains($0) })
        for warning in targetsFile.diagnostics where warning.severity == .warning {
            Terminal.printError(warning.description)
        }
        let unused = targetsFile.catalogue.unusedMetrics(in: allReadings)
        for warning in unused.prefix(10) { Terminal.printError("warning: \(warning)") }
        if unused.count > 10 { Terminal.printError("warning: … and \(unused.count - 10) more metrics in the readings are not used") }
        for revision in allReadings.revisions.prefix(10) {
            Terminal.printError("note: \(revision.location?.description ?? revision.metric): \(revision.metric) \(revision.period) revised from \(revision.previousValue) to \(revision.value); the later reading is used")
        }
        if allReadings.revisions.count > 10 { Terminal.printError("note: … and \(allReadings.revisions.count - 10) more revised readings") }

        var options = AssessmentOptions(asOf: asOf.flatMap { Period(parsing: $0) }, levels: parsedLevels ?? [0.8, 0.95])
        // An --as-of past the latest reading assesses as of the latest reading: the months after
        // it are forecast either way, and an as-of at or past the deadline would otherwise ask
        // for a year the readings do not complete.
        if let requested = options.asOf, let latest = targetsFile.catalogue.latestReading(in: allReadings), requested > latest {
            Terminal.printError("warning: --as-of \(requested) is after the latest reading (\(latest)); assessing as of \(latest), the months after it forecast")
            options.asOf = latest
        }
        if let chosen = TrendModel(rawValue: model.rawValue) { options.model = .fixed(chosen) }
        if intervals == .calibrated {
            if let calibration = targetsFile.catalogue.intervalCalibration(allReadings, options: options) {
                options.calibration = calibration
                Terminal.printError(String(format: "calibrated intervals: ×%.2f (80%%), ×%.2f (95%%), learned from %d past-year forecasts of these metrics",
                                           calibration.factor80, calibration.factor95, calibration.forecasts))
            } else {
                Terminal.printError("note: too little history to calibrate the intervals (fewer than 20 past-year forecasts); they are the textbook OLS intervals")
            }
        }
        let report = targetsFile.catalogue.assess(allReadings, options: options)
        if let earliest = allReadings.series.values.filter({ used.contains($0.metric) }).compactMap(\.first).min(), report.asOf < earliest {
            Terminal.printError("warning: --as-of \(report.asOf) is before the first reading (\(earliest)); nothing can be forecast from it")
        }

        let text: String
        switch format {
        case .table: text = report.table(colour: output == nil && Terminal.isColourTerminal)
        case .json: text = try report.json()
        // A byte-order mark, so that Excel (which assumes the system code page otherwise, GBK on a
        // Chinese Windows) opens the Chinese titles correctly.
        case .csv: text = "\u{FEFF}" + report.csv()
        case .markdown: text = report.markdown()
        case .html: text = report.html()
        case .svg:
            try writeCharts(report, to: output ?? ".")
            return
        }
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output, protecting: [targets] + readings)
        } else {
            print(text, terminator: "")
        }
        if let failOn {
            let failing: Set<Status> = failOn == .offTrack ? [.offTrack, .missed] : [.offTrack, .missed, .atRisk]
            if report.assessments.contains(where: { failing.contains($0.status) }) { throw ExitCode(1) }
        }
    }
}
