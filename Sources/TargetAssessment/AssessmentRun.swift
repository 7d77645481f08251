// TargetAssessment: targets assessed as of a month — `AssessmentRun` (what `forecast run` does,
// with its defaults), `Catalogue.assess`, year values V = A + F, P(met), statuses, the interval
// calibration learned from past years, and the target backtest. Explanations and charts are
// built from its results by Reporting.

import FileFormats
import Forecasting
import Foundation
import TargetData

/// `forecast run` as a value: a catalogue and its readings, assessed with the command's defaults,
/// so that a Swift program gets exactly what the command prints.
///
/// The command is only options → ``AssessmentRun`` → a report format; every policy lives here:
/// - only the catalogue's metrics are read from the readings files (memory follows the catalogue);
/// - the intervals are calibrated by default (``IntervalMethod/calibrated``: split-conformal factors
///   learned from the catalogue's metrics in the five previous years, ``Catalogue/intervalCalibration(_:options:)``);
/// - an as-of month after the latest reading is replaced by the latest reading (the months after
///   it are forecast either way), with a warning;
/// - every warning and note found on the way — the targets file's, each readings file's,
///   revisions, unused metrics, gaps, the calibration — is kept in ``TargetReport/diagnostics``.
///
/// ```swift
/// let run = try AssessmentRun(targetsFile: "Fixtures/gulou-2021/targets.yaml",
///                             readingsFiles: ["Fixtures/gulou-2021/readings.csv"])
/// let report = run.assess()
/// for diagnostic in report.diagnostics { print(diagnostic) }
/// let jobs = report.assessments.first { $0.target.id == "t45-new-urban-jobs" }
/// print(jobs?.status, jobs?.probability)   // the status and P(met) `forecast run` prints
/// ```
public struct AssessmentRun: Sendable {
    /// The year's metrics and targets.
    public var catalogue: Catalogue
    /// The readings (of the catalogue's metrics, when read from files).
    public var readings: Readings
    /// Warnings and notes from reading the inputs, passed on in ``TargetReport/diagnostics``.
    public var inputDiagnostics: [Diagnostic]

    /// Assess as of this month; `nil`: the latest reading of a catalogue metric (no later than
    /// the catalogue's December). A month after the latest reading is replaced by it.
    public var asOf: Period?
    /// The trend model: automatic (lowest AICc) or fixed.
    public var model: ModelSelection = .automatic
    /// Prediction interval levels.
    public var levels: [Double] = [0.8, 0.95]
    /// Calibrated (default) or textbook intervals.
    public var intervals: IntervalMethod = .calibrated
    /// Probability bands for the statuses.
    public var bands = StatusBands()
    /// Also assess every earlier month of the year with readings, for each target's
    /// ``Assessment/trajectory`` (`forecast run --no-trajectory` turns it off): as many more
    /// assessments as such months, up to eleven.
    public var trajectory = true
    /// The month the status changes (``TargetReport/changes``) are measured from; `nil`: the
    /// month before the one assessed. It must be before the month assessed (else a warning and
    /// no changes).
    public var since: Period?
    /// Called as each month starts to be assessed — the month assessed first (`done` 0), then
    /// each earlier month — with how many months are done and how many there are in all: long
    /// runs (thousands of targets) show it (`forecast run` on a terminal).
    public var progress: (@Sendable (_ month: Period, _ done: Int, _ total: Int) -> Void)?
    /// Threads the targets and the calibration's replays are assessed on (the report is the same
    /// on any number). Their regressions are small: call `BLASThreads.set(1)` (or set
    /// `OPENBLAS_NUM_THREADS=1`) once in a program that assesses on several threads, as `forecast`
    /// does — OpenBLAS's own idle threads spinning beside these made the target backtest of the
    /// Gulou fixture 1.5 s instead of 0.83 s in process (`Benchmarks/`).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// How many revisions, unused metrics and gaps are listed one by one before the rest are counted.
    public static let listedDiagnostics = Catalogue.listedDiagnostics

    /// A run over a catalogue and readings built in code.
    ///
    /// Readings that come under a metric's name or alias instead of its id are linked to it
    /// (``Catalogue/link(_:)``), with a note in ``inputDiagnostics``.
    public init(catalogue: Catalogue, readings: Readings, inputDiagnostics: [Diagnostic] = []) {
        var linked = readings
        let links = catalogue.linkListingNotes(&linked)
        self.catalogue = catalogue
        self.readings = linked
        self.inputDiagnostics = inputDiagnostics + links
    }

    /// Reads a targets file (YAML or JSON) and readings files (later files revise earlier ones),
    /// keeping only the readings of the catalogue's metrics — under their ids, names or aliases.
    ///
    /// - Throws: `InputError` with every problem of every file, each located by line and column;
    ///   naming the readings files when none of the catalogue's metrics has a reading in them (a
    ///   run of no-data targets would look like an answer), with the closest names.
    ///
    /// - Parameter sheet: the worksheet read in each Excel workbook among `readingsFiles` (default: its first).
    public init(targetsFile: String, readingsFiles: [String], sheet: String? = nil) throws(InputError) {
        let targets = try TargetsFile.read(targetsFile)
        let keys = targets.catalogue.readingKeys
        let (readings, notes) = try Readings.readWithNotes(readingsFiles, keeping: { keys.contains(Metric.matchingKey($0)) }, sheet: sheet)
        self.init(catalogue: targets.catalogue, readings: readings,
                  inputDiagnostics: targets.diagnostics.filter { $0.severity == .warning } + notes)
        let measured = catalogue.metrics.filter { metric in catalogue.targets.contains { $0.metric == metric.id } }
        if !measured.isEmpty, !measured.contains(where: { self.readings[$0.id] != nil }) {
            throw Self.nothingLinked(catalogue: catalogue, readings: self.readings, readingsFiles: readingsFiles, targetsFile: targetsFile)
        }
    }

    /// The error of a run in which no metric of the catalogue has a reading.
    static func nothingLinked(catalogue: Catalogue, readings: Readings, readingsFiles: [String], targetsFile: String) -> InputError {
        let names = readings.metrics + readings.otherMetrics
        let files = readingsFiles.joined(separator: ", ")
        guard !names.isEmpty else {
            return InputError(SourceLocation(file: files), "no readings at all for the \(catalogue.metrics.count) metrics of \(targetsFile); expected rows of metric,period,value (or a wide table) naming them")
        }
        let candidates = catalogue.metrics.flatMap(\.readingNames)
        let guesses = names.prefix(200).compactMap { name in Catalogue.closest(to: name, in: candidates).map { "'\(name)' → '\($0)'" } }.prefix(5)
        let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        return InputError(SourceLocation(file: files), "none of the \(catalogue.metrics.count) metrics of \(targetsFile) has a reading here: the readings name \(names.count) other metric\(names.count == 1 ? "" : "s") (\(shown))"
            + (guesses.isEmpty ? "" : "; closest: \(guesses.joined(separator: ", "))")
            + ". Give each metric its readings' name as `name:` or in `aliases:` in the targets file, or rename the readings")
    }

    /// The options the assessment uses, and the diagnostics of choosing them: the as-of month
    /// (clamped), the model, levels, bands and calibration.
    public func resolvedOptions() -> (options: AssessmentOptions, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var options = AssessmentOptions(asOf: asOf, model: model, levels: levels)
        options.bands = bands
        options.threads = threads
        if let requested = options.asOf, let latest = catalogue.latestReading(in: readings), requested > latest {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "--as-of \(requested) is after the latest reading (\(latest)); assessing as of \(latest), the months after it forecast", code: .asOfClamped))
            options.asOf = latest
        }
        if intervals == .calibrated {
            let (trend, yearOverYear) = catalogue.calibrations(readings, options: options)
            func factors(_ c: IntervalCalibration) -> String {
                "×\(String(format: "%.2f", c.factor80)) (80%), ×\(String(format: "%.2f", c.factor95)) (95%), learned from \(c.forecasts) past-year forecasts"
            }
            if let trend {
                options.calibration = trend
                diagnostics.append(Diagnostic(.note, at: .wholeRun, "calibrated intervals: \(factors(trend)) of these metrics", code: .calibration))
            } else {
                diagnostics.append(Diagnostic(.note, at: .wholeRun, "too little history to calibrate the trend models' intervals (fewer than 20 past-year forecasts); they are the textbook OLS intervals", code: .calibration))
            }
            if let yearOverYear {
                options.yearOverYearCalibration = yearOverYear
                diagnostics.append(Diagnostic(.note, at: .wholeRun, "year-over-year intervals calibrated: \(factors(yearOverYear))", code: .calibration))
            }
        }
        return (options, diagnostics)
    }

    /// Every target assessed, with the run's warnings and notes in ``TargetReport/diagnostics``
    /// (inputs first, then the run's own), the calibration used, each target's trajectory
    /// through the year and its status as of ``since`` (``TargetReport/changes``).
    public func assess() -> TargetReport {
        let (options, chosen) = resolvedOptions()
        let now = options.asOf ?? catalogue.defaultAsOf(readings)
        let earlier = earlierMonths(before: now)
        progress?(now, 0, earlier.months.count + 1)
        var report = catalogue.assess(readings, options: options)
        var diagnostics = inputDiagnostics + readingsDiagnostics() + chosen
        let used = Set(catalogue.metrics.map(\.id))
        let earliest = readings.series.values.filter { used.contains($0.metric) }.compactMap(\.first).min()
        if let earliest, earliest.year > catalogue.year {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "every reading is after \(catalogue.year), the targets' year (the first is \(earliest)): the \(catalogue.year) targets cannot be assessed from them; is the targets file's year right?", code: .outsideTargetYear))
        } else if let earliest, report.asOf < earliest {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, asOf == nil
                ? "the month assessed (\(report.asOf)) is before the first reading (\(earliest)); nothing can be forecast from it"
                : "--as-of \(report.asOf) is before the first reading (\(earliest)); nothing can be forecast from it", code: .asOfBeforeReadings))
        }
        if let latest = catalogue.latestReading(in: readings), latest.year < catalogue.year {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "no reading falls in \(catalogue.year), the targets' year (the latest is \(latest)): every year value is forecast whole from the years before", code: .outsideTargetYear))
        } else if report.asOf.year == catalogue.year {
            // Others have readings in the year but these targets' metrics have none yet: each says so.
            var behind: [(metric: String, latest: Period, targets: [String])] = []
            for assessment in report.assessments {
                guard let latest = assessment.latestReading, assessment.forecast != nil, latest.year < catalogue.year,
                      let metric = assessment.metric?.id else { continue }
                if let index = behind.firstIndex(where: { $0.metric == metric }) {
                    behind[index].targets.append(assessment.target.id)
                } else {
                    behind.append((metric, latest, [assessment.target.id]))
                }
            }
            diagnostics += behind.map { entry in
                Diagnostic(.warning, at: .wholeRun, "metric '\(entry.metric)' (target\(entry.targets.count == 1 ? "" : "s") \(entry.targets.map { "'\($0)'" }.joined(separator: ", "))) has no reading in \(catalogue.year) (the latest is \(entry.latest)) although the readings run to \(report.asOf): its whole year is forecast from the years before", code: .outsideTargetYear)
            }.listing { Diagnostic(.warning, at: .wholeRun, "… and \($0) more metrics without a reading in \(catalogue.year)", code: .outsideTargetYear) }
        }
        diagnostics += addHistory(to: &report, months: earlier)
        report.diagnostics = diagnostics
        report.calibration = options.calibration
        return report
    }

    /// Unused metrics, revisions and gaps in the catalogue's metrics, the first
    /// ``listedDiagnostics`` of each listed and the rest counted.
    func readingsDiagnostics() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let limit = Self.listedDiagnostics
        diagnostics += catalogue.unusedMetricWarnings(in: readings)
        diagnostics += catalogue.readingKindProblems(in: readings) + catalogue.boundProblems(in: readings)
        // Only the revisions listed (and one to tell that there are more) are worded: a file can
        // bring hundreds of thousands.
        diagnostics += readings.revisions.prefix(limit + 1).map { revision in
            Diagnostic(.note, at: revision.location ?? .wholeRun, "\(revision.metric) \(revision.period) revised from \(revision.previousValue) to \(revision.value); the later reading is used", code: .revision)
        }.listing { _ in Diagnostic(.note, at: .wholeRun, "… and \(readings.revisions.count - limit) more revised readings", code: .revision) }
        // Missing months inside a metric's history (as `forecast readings check` lists them).
        // Year-to-date statistics without January (reported with February) are the norm, not a gap.
        var gaps: [Diagnostic] = []
        for metric in catalogue.metrics {
            guard let series = readings[metric.id] else { continue }
            // Months a combined report covers (2021年1-2月) are read, not missing.
            let spanned = Set(readings.combinedReports(of: metric.id).flatMap { Array($0.first..<$0.last) })
            let runs = series.gapRuns.filter { run in
                !(metric.reading == .ytd || metric.reading == .ytdGrowth) || run.lowerBound != run.upperBound || run.lowerBound.month != 1
            }.filter { run in !run.allSatisfy(spanned.contains) }
            guard let first = runs.first else { continue }
            let months = runs.reduce(0) { $0 + $1.monthCount }
            gaps.append(Diagnostic(.note, at: .wholeRun, "\(metric.id) has \(months) month\(months == 1 ? "" : "s") without a reading between \(series.first.map { "\($0)" } ?? "") and \(series.last.map { "\($0)" } ?? "") (first \(first.label)); missing months are not interpolated", code: .gap))
        }
        diagnostics += gaps.listing { Diagnostic(.note, at: .wholeRun, "… and \($0) more metrics with missing months", code: .gap) }
        return diagnostics
    }
}
