import Benchmark
import Foundation
import TargetForecast

/// A catalogue of `count` targets in code, one metric each, cycling through totals on year-to-date
/// readings, growth of monthly flows and levels (the main kinds of a work-target document), with
/// ten years of deterministic monthly history and 2021 read through June — the in-process
/// counterpart of `Benchmarks/gen_catalogue.py`.
func generatedCatalogue(targets count: Int) -> (Catalogue, Readings) {
    var metrics: [Metric] = [], targets: [Target] = [], readings: [Reading] = []
    for index in 0..<count {
        let id = "m\(index)"
        let reading: ReadingKind = [.ytd, .flow, .level][index % 3]
        metrics.append(Metric(id: id, unit: "件", reading: reading))
        let scale = Double(100 + (index &* 7_919) % 100_000)
        var total = 0.0, flow2020 = 0.0
        for t in 0..<126 {
            let year = 2011 + t / 12, month = t % 12 + 1
            let wiggle = Double((index &* 31 &+ t &* 17) % 23 - 11) / 200
            let value = scale * (1 + 0.004 * Double(t)) * (1 + 0.2 * sin(Double(month) * 0.52)) * (1 + wiggle)
            if month == 1 { total = 0 }
            total += value
            if year == 2020 { flow2020 += value }
            let period = Period(year: year, month: month)!
            readings.append(Reading(metric: id, period: period, value: reading == .ytd ? total : value))
        }
        switch reading {
        case .ytd: targets.append(Target(id: "t\(index)", title: "total", metric: id, kind: .total, value: flow2020 * 1.05))
        case .flow: targets.append(Target(id: "t\(index)", title: "growth", metric: id, kind: .growth, value: 5))
        default: targets.append(Target(id: "t\(index)", title: "level", metric: id, kind: .level, value: scale * 1.5))
        }
    }
    return (Catalogue(year: 2021, metrics: metrics, targets: targets), Readings(readings))
}

/// `forecast run` and the target backtest in process (issue #20): assessing with the defaults
/// (calibrated intervals: five past years replayed per metric) and replaying past years.
/// `Benchmarks/compare.py --runs` measures the commands end to end. OpenBLAS on one thread, as `forecast` sets it: these loops run on every core themselves.
let runBenchmarks: @Sendable () -> Void = {
    BLASThreads.set(1)
    let (catalogue, readings) = generatedCatalogue(targets: 1_000)
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/gulou-2021")

    Benchmark("forecast run: assess 1,000 generated targets, calibrated intervals") { benchmark in
        let run = AssessmentRun(catalogue: catalogue, readings: readings)
        benchmark.startMeasurement()
        let report = run.assess()
        benchmark.stopMeasurement()
        blackHole(report.assessments.count)
    }

    Benchmark("target backtest: the Gulou fixture (62 targets × 2 years × 11 months)") { benchmark in
        let run = try AssessmentRun(targetsFile: fixture.appendingPathComponent("targets.yaml").path,
                                    readingsFiles: [fixture.appendingPathComponent("readings.csv").path])
        benchmark.startMeasurement()
        let result = TargetBacktest().run(run.catalogue, readings: run.readings)
        benchmark.stopMeasurement()
        blackHole(result.cases.count)
    }
}
