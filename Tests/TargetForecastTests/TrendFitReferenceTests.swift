import Foundation
import Testing
@testable import TargetForecast
@testable import Forecasting
import TestSupport

/// Trend fits and sum forecasts against numpy/scipy (`Fixtures/reference/make_trend_reference.py`).
@Suite("Trend fits against numpy and scipy")
struct TrendFitReferenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let reading: ReadingKind
        var testDescription: String { name }
    }

    static let cases = [Case(name: "monthly", reading: .flow), Case(name: "ytd-spans", reading: .ytd)]

    func close(_ a: Double, _ b: Double, _ relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(b), 1e-300)
    }

    @Test(arguments: cases)
    func sumForecastMatchesReference(testCase: Case) throws {
        let root = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: FixturePath.url("reference/trend-reference.json"))) as? [String: Any])
        let reference = try #require(root[testCase.name] as? [String: Any])
        let readings = try #require(reference["readings"] as? [[String: Any]])
        var series = MonthlySeries(metric: "m")
        for reading in readings {
            let text = try #require(reading["period"] as? String)
            let period = try #require(Period(parsing: text))
            series[period] = try #require((reading["value"] as? NSNumber)?.doubleValue)
        }
        let asOf = try #require(Period(year: 2021, month: 6))
        let data = ModelData(series: series, reading: testCase.reading, asOf: asOf)
        let modelName = try #require(reference["model"] as? String)
        let model = try #require(TrendModel(rawValue: modelName))
        let fit = try #require(TrendFit(model: model, data: data))

        let coefficients = try #require(reference["coefficients"] as? [Double])
        #expect(fit.regression.coefficients.count == coefficients.count)
        for (ours, theirs) in zip(fit.regression.coefficients, coefficients) {
            #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "coefficient \(ours) vs \(theirs)")
        }
        #expect(close(try #require(fit.regression.residualVariance), try #require(reference["residualVariance"] as? Double)))
        #expect(fit.degreesOfFreedom == reference["degreesOfFreedom"] as? Int)

        let months = (7...12).compactMap { Period(year: 2021, month: $0) }
        let sum = try #require(reference["sum"] as? [String: Double])
        let forecast = fit.sum(of: months, seed: 1)
        guard case let .studentT(t) = forecast.shape else { Issue.record("expected a Student t sum"); return }
        #expect(close(t.location, try #require(sum["mean"])))
        #expect(close(t.scale * t.scale, try #require(sum["variance"])))
        #expect(close(forecast.quantile(0.10), try #require(sum["q10"])))
        #expect(close(forecast.quantile(0.90), try #require(sum["q90"])))
        #expect(close(forecast.quantile(0.025), try #require(sum["q025"])))
        #expect(close(forecast.quantile(0.975), try #require(sum["q975"])))

        let december = try #require(reference["december"] as? [String: Double])
        let level = fit.value(at: try #require(Period(year: 2021, month: 12)))
        #expect(close(level.quantile(0.5), try #require(december["mean"])))
        #expect(close(level.quantile(0.10), try #require(december["q10"])))
        #expect(close(level.quantile(0.90), try #require(december["q90"])))
    }

    @Test func januaryAndFebruaryShareTheReferenceWhenNeverApart() {
        let spans = [(Period(year: 2020, month: 1)!, Period(year: 2020, month: 2)!)]
            + (3...12).map { (Period(year: 2020, month: $0)!, Period(year: 2020, month: $0)!) }
        let design = TrendDesign(model: .seasonal, spans: spans)
        #expect(design.seasonColumn[2] == nil && design.seasonColumn[3] == 2 && design.seasonColumn[12] == 11)
        #expect(design.parameterCount == 12 && design.coversEveryMonth)
    }
}
