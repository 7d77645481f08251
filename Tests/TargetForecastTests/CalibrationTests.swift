import Testing
import TargetForecast
import TestSupport

/// When the model is right, stated probabilities are honest: seeded replications of a linear
/// trend in monthly flows with normal noise, published as year-to-date figures with January and
/// February combined, assessed as of June for the year total.
@Suite("Calibration when the model is right")
struct CalibrationTests {
    @Test func intervalsAndProbabilityOfMeetingAreCalibrated() throws {
        let replications = 2_000
        var random = SplitMix64(seed: 2021_06)
        let start = Period(year: 2018, month: 1)!, asOf = Period(year: 2021, month: 6)!, december = Period(year: 2021, month: 12)!
        let metric = Metric(id: "jobs", unit: "人", reading: .ytd)
        var options = AssessmentOptions(asOf: asOf)
        options.model = .fixed(.linear)
        var covered80 = 0, covered95 = 0
        var probabilities: [Double] = [], outcomes: [Bool] = []
        for _ in 0..<replications {
            var readings: [Reading] = []
            var total = 0.0, trueTotal2021 = 0.0, expected2021 = 0.0
            for (t, month) in (start...december).enumerated() {
                if month.month == 1 { total = 0 }
                let mean = 1000 + 5 * Double(t)
                total += mean + 50 * random.nextGaussian()
                if month.year == 2021 { expected2021 += mean }
                if month == december { trueTotal2021 = total }
                if month.month != 1 && month <= asOf { readings.append(Reading(metric: "jobs", period: month, value: total)) }
            }
            // Thresholds spread around the expected total so that P(met) takes every value.
            let threshold = expected2021 + 400 * (Double.random(in: 0..<1, using: &random) * 2 - 1)
            let catalogue = Catalogue(year: 2021, metrics: [metric], targets: [
                Target(id: "t", title: "t", metric: "jobs", kind: .total, value: threshold),
            ])
            let assessment = catalogue.assess(Readings(readings), options: options).assessments[0]
            let i80 = try #require(assessment.interval(level: 0.8)), i95 = try #require(assessment.interval(level: 0.95))
            if i80.lower <= trueTotal2021 && trueTotal2021 <= i80.upper { covered80 += 1 }
            if i95.lower <= trueTotal2021 && trueTotal2021 <= i95.upper { covered95 += 1 }
            probabilities.append(try #require(assessment.probability))
            outcomes.append(trueTotal2021 >= threshold)
        }
        let n = Double(replications)
        // Three binomial standard errors of the nominal rate.
        let tolerance = { (p: Double) in 3 * (p * (1 - p) / n).squareRoot() }
        #expect(abs(Double(covered80) / n - 0.80) <= tolerance(0.80), "80% coverage \(Double(covered80) / n)")
        #expect(abs(Double(covered95) / n - 0.95) <= tolerance(0.95), "95% coverage \(Double(covered95) / n)")

        // Reliability: in each fifth of predicted probability, the share met matches the mean prediction.
        for bin in 0..<5 {
            let members = probabilities.indices.filter { Int(probabilities[$0] * 5) == bin || (bin == 4 && probabilities[$0] == 1) }
            guard members.count >= 50 else { continue }
            let predicted = members.map { probabilities[$0] }.reduce(0, +) / Double(members.count)
            let observed = Double(members.filter { outcomes[$0] }.count) / Double(members.count)
            let se = (predicted * (1 - predicted) / Double(members.count)).squareRoot()
            #expect(abs(observed - predicted) <= 3 * se + 0.01, "bin \(bin): predicted \(predicted), observed \(observed) over \(members.count)")
        }
        let brier = zip(probabilities, outcomes).map { ($0 - ($1 ? 1 : 0)) * ($0 - ($1 ? 1 : 0)) }.reduce(0, +) / n
        print("calibration: 80% coverage \(Double(covered80) / n), 95% coverage \(Double(covered95) / n), Brier \(brier)")
    }
}
