/// The one-line, plain-language explanation under each assessment.
enum Explanation {
    static func line(for assessment: Assessment, outcome: TargetAssessor.Outcome, asOf: Period) -> String {
        let target = assessment.target
        let unit = assessment.metric?.unit
        let isRate = [.growth, .reduction, .relative].contains(target.kind)
        let q: (Double) -> String = { value in
            switch target.kind {
            case .growth: QuantityFormatting.change(value)
            case .reduction: QuantityFormatting.decimal(value, significant: 3, maximumFractionDigits: 1) + "% cut"
            case .relative: QuantityFormatting.decimal(value, significant: 3, maximumFractionDigits: 1) + " points"
            default: QuantityFormatting.format(value, unit: unit)
            }
        }
        let threshold = assessment.threshold.map(q) ?? "—"
        let deadline = assessment.deadline?.description ?? "the deadline"
        var parts: [String] = []

        if let actual = assessment.actualToDate, let period = assessment.actualPeriod {
            switch target.kind {
            case .total where outcome.value.nature == .flow, .milestone where outcome.value.nature == .flow:
                parts.append("\(q(actual)) so far (to \(period))")
            case .growth, .reduction:
                parts.append("\(q(actual)) so far on the same months of \(period.year - 1) (to \(period))")
            case .relative:
                break
            default:
                parts.append("\(q(actual)) in \(period)")
            }
        }
        if let note = outcome.note { parts.append(note) }
        if assessment.status == .achieved && !outcome.isKnown {
            parts.append("already past \(threshold)")
            return parts.joined(separator: "; ")
        }
        if outcome.isKnown {
            let final = assessment.forecast.map(q) ?? "—"
            parts.append("final \(final) against \(threshold): \(assessment.status == .achieved ? "met" : "not met")")
            return parts.joined(separator: "; ")
        }
        if let forecast = assessment.forecast {
            var text = "forecast \(q(forecast)) by \(deadline)"
            if let interval = assessment.intervals.first {
                let level = Int((interval.level * 100).rounded())
                text += " (\(level)%: \(q(interval.lower)) to \(q(interval.upper)))"
            }
            let atMost = target.direction == .atMost
            let comparison = target.kind == .ceiling ? "against a ceiling of" : (atMost ? "against at most" : "against at least")
            text += " \(comparison) \(threshold)"
            parts.append(text)
        }
        if !isRate || target.kind != .relative, let required = assessment.requiredPace, let recent = assessment.recentPace,
           target.kind != .ceiling {
            let perMonth = { (value: Double) in QuantityFormatting.format(value, unit: unit) + "/month" }
            let limit = target.kind == .reduction || target.direction == .atMost
            // A pace is only worth stating when something is still needed.
            if limit || required > 0 {
                parts.append("\(limit ? "allows at most" : "needs") \(perMonth(required)), recent pace \(perMonth(recent))")
            }
        }
        return parts.joined(separator: "; ")
    }
}
