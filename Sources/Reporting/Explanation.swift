import Forecasting
import TargetAssessment
import TargetData
extension Assessment {
    /// One plain-language line: what has happened so far, the forecast with its first interval
    /// against the threshold, and the pace needed against the recent pace — or why there is no
    /// forecast.
    public var explanation: String { Explanation.line(for: self) }
}

/// The one-line, plain-language explanation under each assessment, built from the assessment's
/// values (nothing is recomputed).
enum Explanation {
    static func line(for assessment: Assessment) -> String {
        if let reason = assessment.reason { return reason }
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
            case .total where assessment.nature == .flow, .milestone where assessment.nature == .flow:
                parts.append("\(q(actual)) so far (to \(period))")
            case .growth, .reduction:
                parts.append("\(q(actual)) so far on the same months of \(period.year - 1) (to \(period))")
            case .relative:
                break
            default:
                parts.append("\(q(actual)) in \(period)")
            }
        }
        if let latest = assessment.latestReading, let deadline = assessment.deadline, latest.year < deadline.year,
           assessment.forecast != nil, !assessment.isFinal {
            parts.append("no reading in \(deadline.year) yet (the latest is \(latest)): the whole year is forecast from the years before")
        }
        if let note = assessment.note { parts.append(Self.text(of: note)) }
        if assessment.status == .achieved && !assessment.isFinal {
            parts.append("already past \(threshold)")
            return parts.joined(separator: "; ")
        }
        if assessment.isFinal {
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
            // Which way the replays of past years point: the method they found least wrong.
            if let choice = assessment.yearOverYear, let first = choice.pastYears.first, let last = choice.pastYears.last {
                parts.append("year over year: \(choice.member.words), the method that missed least when \(first)–\(last) were replayed")
            } else if let years = assessment.earlierYears {
                parts.append("trend model: only \(years) earlier year\(years == 1 ? "" : "s") to replay, year over year needs \(YearOverYearChoice.leastEarlierYears)")
            }
            if let rule = assessment.disagreeingRule {
                parts.append("but \(rule.rule.label) (\(q(rule.value)), with its misses in \(rule.pastYears) earlier years) puts P(met) at \(Int((100 * rule.probability).rounded()))%")
            }
            if let bound = assessment.heldAtBound {
                let which = bound == assessment.metric?.maximum ? "max" : "min"
                parts.append("the trend runs past the metric's \(which) of \(QuantityFormatting.format(bound, unit: unit)), where the forecast is held")
            }
        }
        if !isRate || target.kind != .relative, let required = assessment.requiredPace, let recent = assessment.recentPace,
           target.kind != .ceiling {
            let perMonth = { (value: Double) in QuantityFormatting.format(value, unit: unit) + "/month" }
            let limit = target.kind == .reduction || target.direction == .atMost
            // A pace is only worth stating when something is still needed.
            if limit || required > 0 {
                parts.append("\(limit ? "allows at most" : "needs") \(perMonth(required)), recent pace \(perMonth(recent))")
                // When this year's pace and the forecast fall on different sides of what is needed,
                // say what the forecast expects instead, so the line does not contradict the status.
                if let forecastPace = assessment.forecastPace, (recent >= required) != (forecastPace >= required) {
                    var text = "\(assessment.yearOverYear == nil ? "the trend (\(Self.modelWords(assessment.model)))" : "year over year, the method") forecasts \(perMonth(forecastPace)) for the months to come, \(forecastPace >= required ? "above" : "below") what is \(limit ? "allowed" : "needed")"
                    if let growth = assessment.remainderGrowth, let period = assessment.actualPeriod {
                        text += " (\(QuantityFormatting.change(growth)) on the same months of \(period.year - 1))"
                    }
                    parts.append(text)
                    return parts.joined(separator: "; ")
                }
            }
        }
        // A year's growth forecast far from the growth so far (2 points or more: a rule of thumb
        // for "the reader will wonder") is explained by the growth forecast for the rest of the year.
        if target.kind == .growth, let growth = assessment.remainderGrowth, let actual = assessment.actualToDate,
           let forecast = assessment.forecast, let period = assessment.actualPeriod, abs(actual - forecast) >= 2 {
            parts.append("the months to come are forecast at \(QuantityFormatting.change(growth)) on the same months of \(period.year - 1)")
        }
        return parts.joined(separator: "; ")
    }

    /// The model in a few words, for an explanation.
    static func modelWords(_ model: TrendModel?) -> String {
        guard let model else { return "model" }
        return "\(model.rawValue) model"
    }

    /// The words of an assessment's note.
    static func text(of note: AssessmentNote) -> String {
        switch note {
        case let .growthComparison(metric, growth, versus, versusGrowth):
            "\(metric) growth \(QuantityFormatting.change(growth)) vs \(versus) \(QuantityFormatting.change(versusGrowth)) (the two forecast independently; growths that move together make the outcome surer than stated)"
        case let .ceilingExceeded(month):
            "exceeded the ceiling in \(month); an every-month ceiling can no longer be met"
        case let .highestMonth(year):
            "highest month of \(year)"
        case let .yearAverage(year):
            "average of \(year)"
        }
    }
}
