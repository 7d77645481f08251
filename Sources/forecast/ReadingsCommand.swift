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
        abstract: "Validate readings files (CSV or .xlsx) and summarise them: metrics, period range, gaps, revisions.",
        discussion: """
            Files are read in order; a metric+period repeated (in one file or a later one) is a \
            revision: the later value wins and is listed. Long form (metric,period,value) and wide \
            form (period plus one column per metric) are recognised from the header. Periods: \
            2021-03, 2021/3, 202103, 2021-03-31, 2021年3月, and the combined report 2021年1-2月. Headers \
            may be Chinese (指标 or 指标名称, 时间/月份/日期/期间, 数值/值). Values: 1234.5, "9,600", 7.2%, 2.8万; \
            empty = missing. UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030. \
            An Excel workbook (.xlsx) is read from its first sheet (or --sheet NAME) with the same \
            header rules; its problems are located as file.xlsx:Sheet1!C14. \
            Exit status 2 when a file has errors. Use - to read standard input.

            Examples:
              forecast readings check readings.csv
              forecast readings check 2020.csv 2021.csv --format json
              forecast readings check readings.csv --targets targets.yaml
              forecast readings check statistics.xlsx --sheet 月度数据
            """
    )

    @Argument(help: "One or more readings files: CSV, or Excel workbooks (.xlsx).")
    var files: [String]

    @Option(help: ArgumentHelp("The worksheet to read in each Excel workbook (.xlsx) (default: its first sheet).", valueName: "name"))
    var sheet: String?

    @Option(help: "Also check the readings against this targets file, as forecast run reads them: names linked, reading kinds against the data, metrics without readings.")
    var targets: String?

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    func run() throws {
        let catalogue = try targets.map { path throws(InputError) in try TargetsFile.read(path).catalogue }
        let summary = ReadingsSummary.check(files, targets: catalogue, sheet: sheet)
        if format == .json {
            print(try Terminal.json(summary), terminator: "")
            if let failure = summary.failure { throw failure }
            return
        }
        if let failure = summary.failure { throw failure }
        for file in summary.files {
            print("\(file.file): \(Terminal.grouped(file.readings)) reading\(file.readings == 1 ? "" : "s") (\(file.layout) form, \(file.encoding))"
                  + (file.missing > 0 ? ", \(Terminal.grouped(file.missing)) empty cells" : ""))
        }
        let range = [summary.firstPeriod, summary.lastPeriod].compactMap { $0 }.joined(separator: " … ")
        print("\(Terminal.grouped(summary.readingCount)) reading\(summary.readingCount == 1 ? "" : "s") of \(summary.metricCount) metric\(summary.metricCount == 1 ? "" : "s")\(range.isEmpty ? "" : ", \(range)")")
        var rows = [["metric", "readings", "first", "last", "gaps"]]
        for metric in summary.metrics {
            rows.append([metric.metric, Terminal.grouped(metric.readings), metric.first, metric.last,
                         ReadingsSummary.describeGaps(metric.gaps, months: metric.gapMonthCount)])
        }
        print(TextTable.render(rows, rightAligned: [1]).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let revisions = summary.revisions
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
        for problem in summary.diagnostics where problem.severity != .error { print(problem) }
    }
}
