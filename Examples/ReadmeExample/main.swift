import Foundation
import TargetForecast

// The repository's folder (where Package.swift is): TARGETFORECAST_REPO, else the current folder.
let repository = ProcessInfo.processInfo.environment["TARGETFORECAST_REPO"] ?? FileManager.default.currentDirectoryPath
let gulou = repository + "/Fixtures/gulou-2021/"

// A year's targets and the readings so far, assessed as `forecast run` assesses them.
var run = try AssessmentRun(targetsFile: gulou + "targets.yaml", readingsFiles: [gulou + "readings.csv"])
run.asOf = Period(year: 2021, month: 6)   // default: the latest reading
let report = run.assess()
for diagnostic in report.diagnostics where diagnostic.code == .calibration { print(diagnostic) }   // codes to branch on
if let jobs = report.assessments.first(where: { $0.target.id == "t45-new-urban-jobs" }) {
    print(jobs.status, jobs.probability ?? .nan, jobs.forecast ?? .nan)   // onTrack 0.9327… 29462.857…
    print(jobs.explanation)                       // the one-line explanation of the table
    if let chart = jobs.chart() {                 // built only when asked for
        let svg = SVGChart.render(chart, title: jobs.target.title, description: jobs.explanation)
        print(svg.hasPrefix("<svg"))              // true
    }
}
let table = report.table()                        // or .json(), .csv(), .markdown(), .html()
for change in report.changes {                    // statuses that moved since report.since (2021-05), worst first
    print(change.target.id, change.before.status, "→", change.after.status)
}
print(report.assessments.first?.trajectory.map(\.asOf) ?? [])   // 2021-01 … 2021-06: P(met) and status each month

// One level down: the catalogue assessed with explicit options (textbook OLS intervals unless
// options.calibration is set; P(met) of this target 0.975 with OLS).
let ols = run.catalogue.assess(run.readings, options: AssessmentOptions(asOf: Period(year: 2021, month: 6)))

// The regression core on its own: a linear trend fitted by QR, and the sum of the next 12 months
// with a 95% prediction interval from the full covariance.
let months = 0..<36
let design = Matrix(rows: months.map { [1, Double($0)] })
let problem = try LeastSquares(design: design)
let fit = try problem.fit(months.map { 100 + 2 * Double($0) + ($0 % 2 == 0 ? 1.5 : -1.5) })
let next12 = Matrix(rows: (36..<48).map { [1, Double($0)] })
let sum = fit.predictSum(over: next12)
print(sum.mean, sum.interval(level: 0.95) as Any)   // 2193.998…, Interval(level: 0.95, lower: 2174.85…, upper: 2213.15…)

let extraction = try TargetExtractor.extract(path: gulou + "document.txt")
if let extracted = extraction.catalogue.targets.first(where: { $0.title == "确保新增城镇就业2.8万人" }) {
    print(extracted.kind, extracted.value ?? .nan, extracted.firmness, extracted.lead)   // total 28000.0 ensure ["区人社局"]
}
let yaml = TargetsFileWriter.yaml(extraction.catalogue, notes: extraction.notes)
let extractedFile = FileManager.default.temporaryDirectory.appendingPathComponent("extracted-\(UUID().uuidString).yaml").path
try yaml.write(toFile: extractedFile, atomically: true, encoding: .utf8)
let link = try TargetsLink(targetsFile: extractedFile, readingsFiles: [gulou + "readings-by-name.csv"])
print(link.proposal.newLinks.count, link.proposal.unlinked.count)   // 30 1
let backup = try link.write(to: extractedFile)    // aliases and reading kinds written in, comments kept
for path in [extractedFile] + (backup.map { [$0] } ?? []) { try FileManager.default.removeItem(atPath: path) }
