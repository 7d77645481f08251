import ArgumentParser
import TargetForecast

struct ReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings",
        abstract: "Work with readings files.",
        subcommands: [ReadingsCheck.self]
    )
}

struct ReadingsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate readings CSV files and summarise them: metrics, period range, gaps, revisions.",
        discussion: """
            Files are read in order; a metric+period repeated (in one file or a later one) is a \
            revision: the later value wins and is listed. Long form (metric,period,value) and wide \
            form (period plus one column per metric) are recognised from the header. Periods: \
            2021-03, 2021/3, 202103, 2021-03-31, 2021年3月. Values: 1234.5, "9,600", 7.2%, 2.8万; \
            empty = missing. UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030. \
            Exit status 2 when a file has errors. Use - to read standard input.
            """
    )

    @Argument(help: "One or more readings CSV files.")
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    struct MetricSummary: Encodable {
        var metric: String
        var readings: Int
        var first: String
        var last: String
        /// Missing months as runs ("2019-03" or "2019-05…2019-07"), at most 50.
        var gaps: [String]
        var gapMonthCount: Int
    }

    struct RevisionJSON: Encodable {
        var metric: String
        var period: String
        var previous: Double
        var value: Double
        var location: String?
    }

    struct FileSummary: Encodable {
        var file: String
        var layout: String
        var encoding: String
        var readings: Int
        var missing: Int
    }

    struct Summary: Encodable {
        var valid: Bool
        var files: [FileSummary]
        var readingCount: Int
        var metricCount: Int
        var firstPeriod: String?
        var lastPeriod: String?
        var metrics: [MetricSummary]
        var revisions: [RevisionJSON]
        var problems: [DiagnosticJSON]
    }

    func run() throws {
        var readings = Readings()
        var fileSummaries: [FileSummary] = []
        var problems: [Diagnostic] = []
        var failure: InputError?
        for file in files {
            do {
                let parsed = try ReadingsFile.read(file)
                readings.merge(parsed)
                problems += parsed.diagnostics
                fileSummaries.append(FileSummary(file: file, layout: parsed.layout.rawValue, encoding: parsed.encoding.rawValue,
                                                 readings: parsed.readings.count, missing: parsed.missingCount))
            } catch {
                problems += error.diagnostics
                failure = InputError(diagnostics: (failure?.diagnostics ?? []) + error.diagnostics,
                                     omittedCount: (failure?.omittedCount ?? 0) + error.omittedCount)
            }
        }
        let metrics = readings.metrics.compactMap { readings[$0] }.map { series in
            let runs = series.gapRuns
            return MetricSummary(
                metric: series.metric, readings: series.count, first: series.first?.description ?? "",
                last: series.last?.description ?? "",
                gaps: runs.prefix(50).map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)…\($0.upperBound)" },
                gapMonthCount: runs.reduce(0) { $0 + $1.lowerBound.distance(to: $1.upperBound) + 1 })
        }
        let firstPeriod = readings.series.values.compactMap(\.first).min()
        let lastPeriod = readings.series.values.compactMap(\.last).max()
        let revisions = readings.revisions.map {
            RevisionJSON(metric: $0.metric, period: $0.period.description, previous: $0.previousValue, value: $0.value,
                         location: $0.location?.description)
        }
        if format == .json {
            let summary = Summary(valid: failure == nil, files: fileSummaries, readingCount: readings.count,
                                  metricCount: metrics.count, firstPeriod: firstPeriod?.description,
                                  lastPeriod: lastPeriod?.description, metrics: metrics, revisions: revisions,
                                  problems: problems.map(DiagnosticJSON.init))
            print(try Terminal.json(summary), terminator: "")
            if let failure { throw failure }
            return
        }
        if let failure { throw failure }
        for summary in fileSummaries {
            print("\(summary.file): \(Terminal.grouped(summary.readings)) readings (\(summary.layout) form, \(summary.encoding))"
                  + (summary.missing > 0 ? ", \(Terminal.grouped(summary.missing)) empty cells" : ""))
        }
        let range = [firstPeriod, lastPeriod].compactMap { $0?.description }.joined(separator: " … ")
        print("\(Terminal.grouped(readings.count)) readings of \(metrics.count) metrics\(range.isEmpty ? "" : ", \(range)")")
        var rows = [["metric", "readings", "first", "last", "gaps"]]
        for metric in metrics {
            rows.append([metric.metric, Terminal.grouped(metric.readings), metric.first, metric.last,
                         Self.describeGaps(metric.gaps, months: metric.gapMonthCount)])
        }
        print(TextTable.render(rows, rightAligned: [1]).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        if revisions.isEmpty {
            print("no revisions")
        } else {
            print("\(revisions.count) revision\(revisions.count == 1 ? "" : "s") (the later reading wins):")
            for revision in revisions.prefix(20) {
                print("  \(revision.metric) \(revision.period): \(revision.previous) → \(revision.value)"
                      + (revision.location.map { " at \($0)" } ?? ""))
            }
            if revisions.count > 20 { print("  … and \(revisions.count - 20) more") }
        }
        for problem in problems where problem.severity != .error { print(problem) }
    }

    /// "none", "January of every year (…)", or the missing runs of months.
    static func describeGaps(_ gaps: [String], months: Int) -> String {
        guard !gaps.isEmpty else { return "none" }
        if months == gaps.count && gaps.allSatisfy({ $0.hasSuffix("-01") }) { return "January of every year (Jan–Feb reported together)" }
        let shown = gaps.prefix(4).joined(separator: ", ")
        return gaps.count > 4 ? "\(months) months: \(shown), …" : shown
    }
}
