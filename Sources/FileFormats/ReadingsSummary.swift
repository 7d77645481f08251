import TargetData

/// What `forecast readings check` reports of readings files: per file its layout, encoding and
/// counts; per metric its readings, first and last month and the runs of missing months; the
/// revisions; and every problem. Encodes as the command's JSON.
public struct ReadingsSummary: Sendable, Encodable {
    public struct File: Sendable, Encodable {
        public var file: String
        public var layout: String
        public var encoding: String
        public var readings: Int
        public var missing: Int
    }

    public struct MetricSummary: Sendable, Encodable {
        public var metric: String
        public var readings: Int
        public var first: String
        public var last: String
        /// Missing months as runs ("2019-03" or "2019-05…2019-07"), at most 50.
        public var gaps: [String]
        public var gapMonthCount: Int
    }

    public struct RevisionEntry: Sendable, Encodable {
        public var metric: String
        public var period: String
        public var previous: Double
        public var value: Double
        public var location: String?
    }

    /// Whether every file was read without an error.
    public var valid: Bool
    public var files: [File]
    public var readingCount: Int
    public var metricCount: Int
    public var firstPeriod: String?
    public var lastPeriod: String?
    public var metrics: [MetricSummary]
    public var revisions: [RevisionEntry]
    public var problems: [DiagnosticRecord]
    /// The problems as diagnostics (errors, warnings, notes), in file order.
    public var diagnostics: [Diagnostic]
    /// Every file's errors together, when a file could not be read.
    public var failure: InputError?

    enum CodingKeys: String, CodingKey {
        case valid, files, readingCount, metricCount, firstPeriod, lastPeriod, metrics, revisions, problems
    }

    /// Reads every file in order (a later reading revises an earlier one) and summarises them;
    /// a file with errors is reported in ``failure`` and the others are still summarised.
    ///
    /// With a `catalogue` (`readings check --targets`), the readings are also checked against it
    /// as `forecast run` would read them: links by name or alias (notes), reading kinds the data
    /// contradict (``Catalogue/readingKindProblems(in:)``, located warnings), metrics in the
    /// readings that no target uses, and measured metrics without any reading.
    ///
    /// `sheet` is the worksheet read in each Excel workbook among the files (default: its first).
    public static func check(_ paths: [String], targets catalogue: Catalogue? = nil, sheet: String? = nil) -> ReadingsSummary {
        var readings = Readings()
        var files: [File] = []
        var problems: [Diagnostic] = []
        var failure: InputError?
        for path in paths {
            do {
                let parsed = try ReadingsFile.read(path, sheet: sheet)
                readings.merge(parsed)
                problems += parsed.diagnostics
                files.append(File(file: path, layout: parsed.layout.rawValue, encoding: parsed.encoding.rawValue,
                                  readings: parsed.readings.count, missing: parsed.missingCount))
            } catch {
                problems += error.diagnostics
                failure = InputError(diagnostics: (failure?.diagnostics ?? []) + error.diagnostics,
                                     omittedCount: (failure?.omittedCount ?? 0) + error.omittedCount)
            }
        }
        if let catalogue {
            var linked = readings
            problems += catalogue.linkListingNotes(&linked)
            problems += catalogue.readingKindProblems(in: linked) + catalogue.boundProblems(in: linked)
            problems += catalogue.unusedMetricWarnings(in: linked)
            let measured = Set(catalogue.targets.compactMap(\.metric))
            let missing = catalogue.metrics.filter { measured.contains($0.id) && linked[$0.id] == nil }.map(\.id)
            if !missing.isEmpty {
                let shown = missing.prefix(Catalogue.listedDiagnostics).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > Catalogue.listedDiagnostics ? ", …" : "")
                problems.append(Diagnostic(.warning, at: .wholeRun, "\(missing.count) metric\(missing.count == 1 ? " of the targets has" : "s of the targets have") no reading under \(missing.count == 1 ? "its" : "their") id, name or aliases (\(shown)): `forecast targets link` proposes the readings names closest to \(missing.count == 1 ? "it" : "them")", code: .noReadings))
            }
        }
        let metrics = readings.metrics.compactMap { readings[$0] }.map { series in
            let runs = series.gapRuns
            return MetricSummary(
                metric: series.metric, readings: series.count, first: series.first?.description ?? "",
                last: series.last?.description ?? "",
                gaps: runs.prefix(50).map(\.label),
                gapMonthCount: runs.reduce(0) { $0 + $1.monthCount })
        }
        let revisions = readings.revisions.map {
            RevisionEntry(metric: $0.metric, period: $0.period.description, previous: $0.previousValue, value: $0.value,
                          location: $0.location?.description)
        }
        return ReadingsSummary(
            valid: failure == nil, files: files, readingCount: readings.count, metricCount: metrics.count,
            firstPeriod: readings.series.values.compactMap(\.first).min()?.description,
            lastPeriod: readings.series.values.compactMap(\.last).max()?.description,
            metrics: metrics, revisions: revisions, problems: problems.map(DiagnosticRecord.init),
            diagnostics: problems, failure: failure)
    }

    /// "none", "January of every year (…)", or the missing runs of months.
    public static func describeGaps(_ gaps: [String], months: Int) -> String {
        guard !gaps.isEmpty else { return "none" }
        if months == gaps.count && gaps.allSatisfy({ $0.hasSuffix("-01") }) { return "January of every year (Jan–Feb reported together)" }
        let shown = gaps.prefix(4).joined(separator: ", ")
        return gaps.count > 4 ? "\(months) months: \(shown), …" : shown
    }
}
