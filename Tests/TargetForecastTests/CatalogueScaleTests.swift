import Foundation
import Testing
import TargetForecast
@testable import Forecasting
@testable import SeriesReading
import Distributions
import LinearAlgebra
import TestSupport

/// What makes `forecast run` fast at catalogue scale changes no answer: threads, the simulation's
/// sampler and sort, the month-ordered series and the readings file's caches.
@Suite("Assessing at catalogue scale")
struct CatalogueScaleTests {
    static let targets = FixturePath.url("gulou-2021/targets.yaml").path
    static let readings = FixturePath.url("gulou-2021/readings.csv").path

    @Test func theReportIsTheSameOnOneThreadAndOnTwo() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        run.threads = 1
        let alone = run.assess()
        run.threads = 2
        let together = run.assess()
        #expect(try alone.json() == together.json())
        #expect(alone.calibration == together.calibration && alone.calibration != nil)
    }

    /// Counts reported from the backtest's worker threads.
    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(Int, Int)] = []
        func add(_ done: Int, _ total: Int) { lock.lock(); seen.append((done, total)); lock.unlock() }
        var all: [(Int, Int)] { lock.lock(); defer { lock.unlock() }; return seen }
    }

    @Test func theTargetBacktestReportsEveryReplayedMonthInOrder() throws {
        let run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        var backtest = TargetBacktest(calibrated: false)
        let reports = Reports()
        backtest.progress = { done, total in reports.add(done, total) }
        let result = backtest.run(run.catalogue, readings: run.readings)
        let seen = reports.all
        // 2019 and 2020, as of January to November: 22 replayed months, counted 1…22.
        #expect(seen.map(\.0) == Array(1...22) && seen.allSatisfy { $0.1 == 22 })
        #expect(result.cases.count == 1364)
    }

    @Test func forecastTimingsPrintsTheRunsPhases() throws {
        let result = try ForecastBinary.run(ForecastBinary.url, ["run", "--targets", Self.targets, "--readings", Self.readings],
                                            in: FixturePath.packageRoot, environment: ["FORECAST_TIMINGS": "1"])
        #expect(result.status == 0)
        let phases = result.standardError.split(separator: "\n").filter { $0.hasPrefix("time ") }.map { $0.split(separator: " ")[1] }
        #expect(phases == ["read", "assess", "output"], "\(result.standardError.suffix(300))")
    }

    @Test func aMetricIsFoundByIdAfterTheMetricsChange() {
        var catalogue = Catalogue(year: 2021, metrics: [Metric(id: "a", unit: "件", reading: .level), Metric(id: "b", unit: "元", reading: .level)], targets: [])
        #expect(catalogue.metric(id: "b")?.unit == "元" && catalogue.metric(id: "c") == nil)
        catalogue.metrics.insert(Metric(id: "c", unit: "人", reading: .level), at: 0)
        catalogue.metrics[2].unit = "万元"
        #expect(catalogue.metric(id: "c")?.unit == "人" && catalogue.metric(id: "b")?.unit == "万元" && catalogue.metric(id: "a")?.unit == "件")
        catalogue.metrics.removeAll { $0.id == "a" }
        #expect(catalogue.metric(id: "a") == nil && catalogue.metric(id: "b")?.unit == "万元")
    }

    @Test func radixSortOrdersLikeTheStandardSort() {
        var random = SplitMix64(seed: 3)
        for count in [0, 1, 65, 1000, 10_000] {
            var values = (0..<count).map { _ in Double.random(in: -1e6...1e6, using: &random) }
            // Ties, both zeros, infinities and magnitudes far apart.
            if count > 10 { values[0...9] = [0, -0.0, 5, 5, .infinity, -.infinity, 1e-300, -1e300, .leastNonzeroMagnitude, 5] }
            #expect(RadixSort.sorted(values) == values.sorted(), "\(count) values")
        }
        let sameMagnitude = (0..<5000).map { 1000 + Double($0 % 977) * 0.25 }
        #expect(RadixSort.sorted(sameMagnitude) == sameMagnitude.sorted())
        // A NaN of either sign (∞ − ∞ gives the negative one) goes after +∞, on both paths.
        for count in [10, 1000] {
            var values = (0..<count).map { Double($0 % 17) - 8 }
            values[3] = .infinity - .infinity
            values[7] = -Double.nan
            values[5] = .infinity
            let sorted = RadixSort.sorted(values)
            #expect(sorted.suffix(2).allSatisfy(\.isNaN) && sorted.dropLast(2) == values.filter { !$0.isNaN }.sorted()[...], "\(count) values")
        }
    }

    /// A log-model year sum against the textbook simulation it replaced, written out here from
    /// its definition: β* = β̂ + w·L z (L Lᵀ = s²(XᵀX)⁻¹), w = √(ν/χ²_ν) with χ²_ν a sum of ν
    /// squared normals, each month exp(x₀ᵀβ* + w·s·z′). Tolerance: the share of 100,000 textbook
    /// draws below each of our 10,000-draw quantiles is that quantile's probability within four
    /// binomial standard errors of a 10,000-draw quantile, √(p(1 − p)/10,000) (0.2 points at
    /// p = 0.025, 0.5 points at the median) — the simulation noise of the result.
    @Test func simulatedLogSumsMatchTheTextbookSimulation() throws {
        var series = MonthlySeries(metric: "m")
        var random = SplitMix64(seed: 11)
        for (t, month) in (Period(year: 2017, month: 1)!...Period(year: 2021, month: 6)!).enumerated() {
            let season = 1 + 0.2 * sin(Double(month.month) * 0.52)
            series[month] = 1000 * exp(0.01 * Double(t) + 0.08 * random.nextGaussian()) * season
        }
        let data = ModelData(series: series, reading: .flow, asOf: Period(year: 2021, month: 6)!)
        let fit = try #require(TrendFit(model: .logseasonal, data: data))
        let months = (7...12).compactMap { Period(year: 2021, month: $0) }
        let ours = fit.sum(of: months, seed: 5)

        let rows = fit.designRows(months), beta = fit.regression.coefficients, p = beta.count
        let s = try #require(fit.regression.residualVariance).squareRoot(), nu = fit.degreesOfFreedom
        let lower = try #require(fit.regression.covariance?.choleskyLower())
        var textbook: [Double] = []
        var generator = SplitMix64(seed: 99)
        for _ in 0..<100_000 {
            let chiSquare = (0..<nu).reduce(0.0) { sum, _ in let g = generator.nextGaussian(); return sum + g * g }
            let w = (Double(nu) / chiSquare).squareRoot()
            let z = (0..<p).map { _ in generator.nextGaussian() }
            let betaStar = (0..<p).map { i in beta[i] + w * (0...i).reduce(0.0) { $0 + lower[i, $1] * z[$1] } }
            textbook.append((0..<months.count).reduce(0.0) { sum, i in
                sum + exp((0..<p).reduce(0.0) { $0 + rows[i, $1] * betaStar[$1] } + w * s * generator.nextGaussian())
            })
        }
        for probability in [0.025, 0.1, 0.5, 0.9, 0.975] {
            let quantile = ours.quantile(probability)
            let share = Double(textbook.count { $0 <= quantile }) / Double(textbook.count)
            let tolerance = 4 * (probability * (1 - probability) / 10_000).squareRoot()
            #expect(abs(share - probability) <= tolerance, "our \(probability) quantile \(quantile) has \(share) of the textbook draws below it")
        }
    }

    @Test func aBadMonthRepeatedOnManyRowsIsAnErrorOnEach() {
        let text = "metric,period,value\ngdp,2021-13,1\ngdp,2021-02,2\ngdp,2021-13,3\n"
        let error = #expect(throws: InputError.self) { try ReadingsFile.parse(Array(text.utf8), file: "r.csv") }
        #expect(error?.diagnostics.map { "\($0.location.line ?? 0):\($0.location.column ?? 0)" } == ["2:5", "4:5"])
    }

    @Test func repeatedMonthLabelsAndMetricsParseAsWritten() throws {
        let text = "metric,period,value\n" + (0..<3).flatMap { metric in
            ["2021-01", "2021年2月", "2021-03"].enumerated().map { "m\(metric),\($1),\(Double(metric * 10 + $0) + 0.5)" }
        }.joined(separator: "\n")
        let file = try ReadingsFile.parse(Array(text.utf8), file: "r.csv", keeping: { $0 != "m1" })
        #expect(file.readings.map { "\($0.reading.metric) \($0.reading.period) \($0.reading.value)" } == [
            "m0 2021-01 0.5", "m0 2021-02 1.5", "m0 2021-03 2.5", "m2 2021-01 20.5", "m2 2021-02 21.5", "m2 2021-03 22.5",
        ])
    }
}

/// The metric interner of `forecast series`: names matched in their table slot alone up to eight
/// bytes, through the arena beyond; ids stable as the table grows.
@Suite("Byte interner")
struct ByteInternerTests {
    @Test func namesSharingPrefixesAndLengthsGetTheirOwnIds() {
        var names: [[UInt8]] = []
        for length in [0, 1, 7, 8, 9, 16, 255, 256, 300] {
            for variant in 0..<3 {
                // Same first eight bytes for every variant; they differ only at the end.
                var name = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if length > 0 { name[length - 1] = UInt8(ascii: "a") + UInt8(variant) }
                names.append(name)
            }
        }
        names += (0..<20_000).map { Array("m\($0)".utf8) }   // grows the table several times
        var interner = ByteInterner(capacity: 4)
        var ids: [Int32] = []
        for name in names { ids.append(name.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) }) }
        // A name seen before gets its first id, whatever was added in between.
        for (name, id) in zip(names, ids) {
            #expect(name.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) } == id)
            #expect(Array(interner.name(Int(id))) == name)
        }
        #expect(interner.count == Set(names).count)
    }
}
