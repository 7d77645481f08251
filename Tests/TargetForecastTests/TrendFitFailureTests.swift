import Testing
import TargetForecast

/// `TrendFit.fitting` says why a model cannot be fitted, and the assessment passes that reason on.
@Suite("Trend fit failures")
struct TrendFitFailureTests {
    static func data(_ values: [Double], reading: ReadingKind = .level) -> ModelData {
        let start = Period(year: 2019, month: 1)!
        var series = MonthlySeries(metric: "m")
        for (index, value) in values.enumerated() { series[start.advanced(by: index)] = value }
        return ModelData(series: series, reading: reading, asOf: start.advanced(by: values.count - 1), maximumMonths: 120)
    }

    static let rising: [Double] = (0..<36).map { (index: Int) -> Double in
        let wobble: Double = index % 3 == 0 ? 1 : -0.5
        return 100 + 2 * Double(index) + wobble
    }

    @Test func logModelOnAZeroSaysItNeedsPositiveValues() {
        var values = Self.rising
        values[5] = 0
        guard case .failure(.nonPositiveValues) = TrendFit.fitting(.logseasonal, to: Self.data(values)) else {
            Issue.record("expected nonPositiveValues")
            return
        }
    }

    @Test func tooFewObservationsSaysHowManyAreNeeded() {
        let result = TrendFit.fitting(.seasonal, to: Self.data(Array(Self.rising.prefix(10))))
        guard case let .failure(.tooFewObservations(have, needed)) = result else {
            Issue.record("expected tooFewObservations, got \(result)")
            return
        }
        #expect(have == 10 && needed == TrendModel.seasonal.minimumObservations)
    }

    @Test func theDampedTrendIsNoTargetModel() {
        guard case .failure(.notATargetModel) = TrendFit.fitting(.damped, to: Self.data(Self.rising)) else {
            Issue.record("expected notATargetModel")
            return
        }
    }

    @Test func aFittableModelSucceedsAsTheFailableInitialiser() throws {
        let data = Self.data(Self.rising)
        guard case let .success(fit) = TrendFit.fitting(.linear, to: data) else {
            Issue.record("expected a fit")
            return
        }
        let same = try #require(TrendFit(model: .linear, data: data))
        #expect(fit.aicc == same.aicc && fit.regression.coefficients == same.regression.coefficients)
    }

    @Test func aFixedModelsNoDataExplanationGivesTheFitsOwnReason() {
        var values = Self.rising
        values[5] = 0
        let start = Period(year: 2019, month: 1)!
        var readings = Readings()
        for (index, value) in values.enumerated() {
            readings.record(Reading(metric: "m", period: start.advanced(by: index), value: value))
        }
        let catalogue = Catalogue(year: 2022, metrics: [Metric(id: "m", unit: "个", reading: .level)], targets: [
            Target(id: "t", title: "reach 200", metric: "m", kind: .level, value: 200),
        ])
        var options = AssessmentOptions(asOf: start.advanced(by: values.count - 1))
        options.model = ModelSelection.fixed(TrendModel.logseasonal)
        let assessment = catalogue.assess(readings, options: options).assessments[0]
        #expect(assessment.status == Status.noData)
        #expect(assessment.explanation == "the logseasonal model cannot be fitted to these 36 readings: it needs positive values (a log model)")
    }
}
