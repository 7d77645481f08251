import Foundation
import Testing
import TargetForecast
import TestSupport

/// Readings linked to metrics by name or alias, reading kinds checked against the data, and
/// swapped options named: cases where a run used to give a quiet wrong answer.
@Suite("Linking readings to metrics")
struct LinkingTests {
    static let targets = FixturePath.url("gulou-2021/targets.yaml").path
    static let readings = FixturePath.url("gulou-2021/readings.csv").path

    /// The fixture's readings with every metric id replaced by the metric's name.
    static func readingsByName() throws -> (path: String, remove: () -> Void) {
        let catalogue = try TargetsFile.read(targets).catalogue
        let names = Dictionary(uniqueKeysWithValues: catalogue.metrics.map { ($0.id, $0.name) })
        let lines = try FixturePath.text("gulou-2021/readings.csv").split(separator: "\n", omittingEmptySubsequences: false)
        let renamed = lines.enumerated().map { index, line -> String in
            guard index > 0, let comma = line.firstIndex(of: ",") else { return String(line) }
            let id = String(line[..<comma])
            return (names[id] ?? id) + line[comma...]
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("by-name-\(UUID().uuidString).csv")
        try renamed.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return (url.path, { try? FileManager.default.removeItem(at: url) })
    }

    @Test func readingsUnderTheMetricsNamesGiveWhatReadingsUnderTheirIdsGive() throws {
        let (path, remove) = try Self.readingsByName()
        defer { remove() }
        var byName = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [path])
        var byID = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        byName.intervals = .ols
        byID.intervals = .ols
        let (a, b) = (byName.assess(), byID.assess())
        #expect(a.asOf == b.asOf)
        #expect(a.assessments.map(\.status) == b.assessments.map(\.status))
        #expect(a.assessments.map(\.probability) == b.assessments.map(\.probability))
        let links = a.diagnostics.filter { $0.code == .linked }
        #expect(links.first?.description == "note: metric 'silicon-alley-new-floor-space' is read from the readings of '新增硅巷面积' (its name)")
        #expect(links.count == AssessmentRun.listedDiagnostics + 1, "ten listed, the rest counted")
        #expect(!a.diagnostics.contains { $0.code == .unusedMetric })
    }

    @Test func anAliasWidthAndSpacesLink() throws {
        let yaml = """
            year: 2021
            metrics:
              - id: retail
                name: 社会消费品零售总额
                aliases: [零售额, "社零"]
                unit: 元
                reading: ytd
              - id: gdp
                unit: 元
                reading: ytd
            targets: []
            """
        let file = try TargetsFile.parse(Array(yaml.utf8), file: "t.yaml")
        #expect(file.catalogue.metrics.first?.aliases == ["零售额", "社零"])
        // The writer keeps the aliases (YAML and JSON read back the same).
        let written = try TargetsFile.parse(Array(TargetsFileWriter.yaml(file.catalogue).utf8), file: "w.yaml")
        #expect(written.catalogue.metrics == file.catalogue.metrics)
        let json = try TargetsFile.parse(Array(TargetsFileWriter.json(file.catalogue).utf8), file: "w.json")
        #expect(json.catalogue.metrics == file.catalogue.metrics)

        let period = Period(year: 2021, month: 3)!
        var readings = Readings([Reading(metric: " 社零 ", period: period, value: 5), Reading(metric: "ＧＤＰ", period: period, value: 9)])
        let notes = file.catalogue.link(&readings)
        #expect(readings["retail"]?[period] == 5 && readings["gdp"]?[period] == 9)
        #expect(notes.map(\.message) == ["metric 'retail' is read from the readings of ' 社零 ' (an alias)",
                                          "metric 'gdp' is read from the readings of 'ＧＤＰ' (its id, written differently)"])
    }

    @Test func readingsUnderAMetricsOwnIdAreNeverTakenByAnother() {
        let period = Period(year: 2021, month: 3)!
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "a", name: "b", unit: "元", reading: .flow),
                                                        Metric(id: "b", unit: "元", reading: .flow)], targets: [])
        var readings = Readings([Reading(metric: "b", period: period, value: 1)])
        #expect(catalogue.link(&readings).isEmpty)
        #expect(readings["a"] == nil && readings["b"]?[period] == 1)
    }

    @Test func aRunWithNoReadingOfAnyMetricIsAnErrorWithTheClosestNames() throws {
        let csv = "metric,period,value\nnew-urban-job,2021-01,100\nnew-urban-job,2021-02,200\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString).csv")
        try csv.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: InputError.self) { try AssessmentRun(targetsFile: Self.targets, readingsFiles: [url.path]) }
        let message = error?.diagnostics.first?.description ?? ""
        #expect(message.hasPrefix("\(url.path): error: none of the 67 metrics of \(Self.targets) has a reading here"), "\(message)")
        #expect(message.contains("'new-urban-job' → 'new-urban-jobs'"), "\(message)")
    }

    @Test func aMonthlyFlowDeclaredYearToDateIsWarnedAboutWhereItFalls() throws {
        let yaml = try FixturePath.text("gulou-2021/targets.yaml")
            .replacingOccurrences(of: "  - id: new-insured-persons\n    name: 新增参保续保人数\n    unit: 人\n    reading: flow",
                                  with: "  - id: new-insured-persons\n    name: 新增参保续保人数\n    unit: 人\n    reading: ytd")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kind-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var run = try AssessmentRun(targetsFile: url.path, readingsFiles: [Self.readings])
        run.intervals = .ols
        let warnings = run.assess().diagnostics.filter { $0.code == .readingKind }
        #expect(warnings.map(\.description) == ["\(Self.readings):2175:29: warning: 'new-insured-persons' is read as year to date (reading: ytd) but falls from 1615 (2018-03) to 1493 (2018-04) within 2018, and 18 times in all: a year-to-date total cannot fall; is it a monthly flow (reading: flow)?"])
    }

    @Test func aYearToDateSeriesDeclaredAFlowIsWarnedAbout() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "jobs", unit: "人", reading: .flow)], targets: [])
        var values: [Reading] = []
        for year in 2018...2020 {
            for month in 1...12 { values.append(Reading(metric: "jobs", period: Period(year: year, month: month)!, value: Double(100 * month + year - 2018))) }
        }
        let warnings = catalogue.readingKindProblems(in: Readings(values))
        #expect(warnings.count == 1 && warnings.first?.message.contains("drops back each January (as in 2019-01)") == true)
        // Real monthly flows, seasonal and noisy, are not warned about.
        var flows: [Reading] = []
        var random = SplitMix64(seed: 3)
        for year in 2018...2020 {
            for month in 1...12 { flows.append(Reading(metric: "jobs", period: Period(year: year, month: month)!, value: 100 + 30 * Double(month % 3) + 10 * random.nextGaussian())) }
        }
        #expect(catalogue.readingKindProblems(in: Readings(flows)).isEmpty)
        // Nor a year-to-date series that rises, with one correction.
        let ytd = Catalogue(year: 2021, metrics: [Metric(id: "jobs", unit: "人", reading: .ytd)], targets: [])
        let rising = (1...12).map { Reading(metric: "jobs", period: Period(year: 2020, month: $0)!, value: $0 == 6 ? 450 : Double(100 * $0)) }
        #expect(ytd.readingKindProblems(in: Readings(rising)).isEmpty)
    }

    @Test func swappedTargetsAndReadingsAreNamed() throws {
        let asTargets = #expect(throws: InputError.self) { try TargetsFile.read(Self.readings) }
        #expect(asTargets?.diagnostics.first?.description.contains("not a targets file (YAML or JSON with year, metrics and targets): was it given in the place of the targets file?") == true)
        let asReadings = #expect(throws: InputError.self) { try ReadingsFile.read(Self.targets) }
        #expect(asReadings?.diagnostics.first?.description.hasPrefix("\(Self.targets):1:1: error: this is a targets file") == true)
    }
}

@Suite("Readings outside the targets' year")
struct OutsideTargetYearTests {
    static func run(shiftingYearsBy shift: Int, keepingBefore year: Int? = nil) throws -> [Diagnostic] {
        let base = try AssessmentRun(targetsFile: LinkingTests.targets, readingsFiles: [LinkingTests.readings])
        let moved = base.readings.metrics.flatMap { metric in
            (base.readings[metric]?.values ?? [:]).compactMap { period, value -> Reading? in
                guard year.map({ period.year < $0 }) ?? true, let shifted = Period(year: period.year + shift, month: period.month) else { return nil }
                return Reading(metric: metric, period: shifted, value: value)
            }
        }
        var run = AssessmentRun(catalogue: base.catalogue, readings: Readings(moved))
        run.intervals = .ols
        return run.assess().diagnostics
    }

    @Test func readingsThatEndBeforeTheYearAreNamedPlainly() throws {
        let warnings = try Self.run(shiftingYearsBy: 0, keepingBefore: 2021).filter { $0.code == .outsideTargetYear }
        #expect(warnings.map(\.message) == ["no reading falls in 2021, the targets' year (the latest is 2020-12): every year value is forecast whole from the years before"])
    }

    @Test func aTargetWhoseMetricHasNoReadingInTheYearSaysSo() throws {
        let base = try AssessmentRun(targetsFile: LinkingTests.targets, readingsFiles: [LinkingTests.readings])
        let kept = base.readings.metrics.flatMap { metric in
            (base.readings[metric]?.readings ?? []).filter { metric != "new-urban-jobs" || $0.period.year < 2021 }
        }
        var run = AssessmentRun(catalogue: base.catalogue, readings: Readings(kept))
        run.intervals = .ols
        let report = run.assess()
        #expect(report.asOf == Period(year: 2021, month: 6))
        let jobs = try #require(report.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        #expect(jobs.explanation.hasPrefix("no reading in 2021 yet (the latest is 2020-12): the whole year is forecast from the years before; forecast "))
        let warnings = report.diagnostics.filter { $0.code == .outsideTargetYear }.map(\.message)
        #expect(warnings == ["metric 'new-urban-jobs' (target 't45-new-urban-jobs') has no reading in 2021 (the latest is 2020-12) although the readings run to 2021-06: its whole year is forecast from the years before"])
        let gdp = try #require(report.assessments.first { $0.target.metric == "gdp" })
        #expect(!gdp.explanation.contains("no reading in"))
    }

    @Test func readingsThatStartAfterTheYearDoNotSpeakOfAnAsOfNobodyGave() throws {
        let diagnostics = try Self.run(shiftingYearsBy: 4)
        #expect(diagnostics.filter { $0.code == .outsideTargetYear }.map(\.message) == ["every reading is after 2021, the targets' year (the first is 2022-01): the 2021 targets cannot be assessed from them; is the targets file's year right?"])
        #expect(!diagnostics.contains { $0.message.contains("--as-of") })
    }
}

@Suite("Combined reports (2021年1-2月)")
struct CombinedReportTests {
    @Test(arguments: ["2021年1-2月", "2021年1—2月", "2021年1~2月", "2021年1至2月", "２０２１年１－２月", "2021年1月-2月"])
    func theJanuaryFebruaryReportIsReadAsBothMonths(label: String) throws {
        let report = try #require(Period.reportPeriod(parsing: label))
        #expect(report.first == Period(year: 2021, month: 1) && report.last == Period(year: 2021, month: 2))
    }

    @Test func otherLabelsAreOneMonthOrNothing() {
        #expect(Period.reportPeriod(parsing: "2021-03").map { $0.first == $0.last } == true)
        #expect(Period.reportPeriod(parsing: "2021年5-3月") == nil, "backwards")
        #expect(Period.reportPeriod(parsing: "2021年1-13月") == nil)
        #expect(Period.reportPeriod(parsing: "1-2月") == nil, "no year")
        #expect(Period(parsing: "2021年1-2月") == nil, "one month only: forecast series reads months")
    }

    @Test func aYearToDateFileWithTheCombinedLabelReadsAsWithTheFebruaryLabel() throws {
        let combined = "metric,period,value\njobs,2020年1-2月,300\njobs,2020年3月,500\njobs,2021年1-2月,320\n"
        let plain = "metric,period,value\njobs,2020-02,300\njobs,2020-03,500\njobs,2021-02,320\n"
        var a = Readings(), b = Readings()
        a.merge(try ReadingsFile.parse(Array(combined.utf8), file: "c.csv"))
        b.merge(try ReadingsFile.parse(Array(plain.utf8), file: "p.csv"))
        #expect(a["jobs"] == b["jobs"])
        #expect(a.combinedReports(of: "jobs").map(\.last) == [Period(year: 2020, month: 2)!, Period(year: 2021, month: 2)!])
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "jobs", unit: "人", reading: .ytd)], targets: [])
        #expect(catalogue.readingKindProblems(in: a).isEmpty)
    }

    @Test func aCombinedReportOfAMonthlyFlowIsWarnedAbout() throws {
        let text = "metric,period,value\njobs,2021年1-2月,300\njobs,2021年3月,150\n"
        var readings = Readings()
        readings.merge(try ReadingsFile.parse(Array(text.utf8), file: "f.csv"))
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "jobs", unit: "人", reading: .flow)], targets: [])
        #expect(catalogue.readingKindProblems(in: readings).map(\.description) == ["f.csv:2:16: warning: 'jobs' is read as monthly flows (reading: flow) but its reading labelled 2021年1-2月 covers 2 months together: it is read as the flow of those months; if the metric is year to date, set reading: ytd"])
    }
}

@Suite("YAML wording in targets file errors")
struct TargetsFileWordingTests {
    @Test func aBadValueSpeaksOfNullNotOfAnEmptyCell() {
        let yaml = "year: 2021\nmetrics:\n  - id: a\n    unit: 元\n    reading: flow\ntargets:\n  - id: u\n    title: u\n    metric: a\n    kind: total\n    value: abc\n"
        let error = #expect(throws: InputError.self) { try TargetsFile.parse(Array(yaml.utf8), file: "v.yaml") }
        let message = error?.diagnostics.first?.description ?? ""
        #expect(message.hasPrefix("v.yaml:11:12: error: targets[0].value: 'abc' is not a number") && message.hasSuffix("or null for a value not known yet"), "\(message)")
        #expect(!message.contains("cell"))
    }
}
