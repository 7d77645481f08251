import Foundation
import FileFormats
import TargetAssessment

extension TargetBacktest.Result {
    /// `{"targets", "cases", "years", "brier", "climatologyBrier", "brierSkill", "baseRate",
    /// "coverage80", "coverage95", "mape", "mase", "reliability": [{"lower", "upper", "count",
    /// "meanProbability", "observedFrequency"}], "byMonthsRemaining": [{"months", …}], "byKind":
    /// [{"kind", …}], "rules": [{"rule", "count", "brier", "modelBrier", "skill", "meanAbsoluteError",
    /// "modelMeanAbsoluteError"}], "bestRule": {…} or null, "bestRuleByMonthsRemaining": [{"months", …}],
    /// "skipped": {id: reason}}`; coverage and frequencies as shares; `rule` is the rule's name
    /// (`growth-so-far`, `last-year-profile`, `last-level-trend`), absent for the best rule of each case;
    /// `bestRuleReliability` is the best rule's reliability table (bins as in `reliability`). The
    /// best rule is ranked by Brier over all the replayed cases (hindsight a real analyst would not
    /// have: a baseline favourable to the rules).
    public func json() throws -> String {
        struct Group: Encodable {
            var months: Int?
            var kind: String?
            var count: Int
            var brier, coverage80, coverage95, mape, mase: Double
        }
        struct Bin: Encodable {
            var lower, upper: Double
            var count: Int
            var meanProbability, observedFrequency: Double
        }
        struct Rule: Encodable {
            var rule: String?
            var months: Int?
            var count: Int
            var brier, modelBrier, skill, meanAbsoluteError, modelMeanAbsoluteError: Double
        }
        struct Document: Encodable {
            var targets, cases: Int
            var years: [Int]
            var brier, climatologyBrier, brierSkill, baseRate, coverage80, coverage95, mape, mase: Double
            var reliability: [Bin]
            var byMonthsRemaining: [Group]
            var byKind: [Group]
            var rules: [Rule]
            var bestRule: Rule?
            var bestRuleByMonthsRemaining: [Rule]
            var bestRuleReliability: [Bin]
            var skipped: [String: String]
        }
        func rule(_ c: TargetBacktest.RuleComparison, months: Int? = nil) -> Rule {
            Rule(rule: c.rule?.rawValue, months: months, count: c.count, brier: c.brier, modelBrier: c.modelBrier, skill: c.skill,
                 meanAbsoluteError: c.meanAbsoluteError, modelMeanAbsoluteError: c.modelMeanAbsoluteError)
        }
        func group(_ scores: TargetBacktest.Scores, months: Int? = nil, kind: String? = nil) -> Group {
            Group(months: months, kind: kind, count: scores.count, brier: scores.brier, coverage80: scores.coverage80,
                  coverage95: scores.coverage95, mape: scores.mape, mase: scores.mase)
        }
        let document = Document(
            targets: targets, cases: cases.count, years: years, brier: overall.brier, climatologyBrier: climatologyBrier,
            brierSkill: brierSkill, baseRate: baseRate, coverage80: overall.coverage80, coverage95: overall.coverage95,
            mape: overall.mape, mase: overall.mase,
            reliability: reliability.map { Bin(lower: $0.lower, upper: $0.upper, count: $0.count, meanProbability: $0.meanProbability,
                                               observedFrequency: $0.observedFrequency) },
            byMonthsRemaining: byMonthsRemaining.map { group($0.scores, months: $0.months) },
            byKind: byKind.map { group($0.scores, kind: $0.kind.rawValue) },
            rules: ruleComparisons.map { rule($0) }, bestRule: bestRule.map { rule($0) },
            bestRuleByMonthsRemaining: bestRuleByMonthsRemaining.map { rule($0.comparison, months: $0.months) },
            bestRuleReliability: bestRuleReliability.map { Bin(lower: $0.lower, upper: $0.upper, count: $0.count, meanProbability: $0.meanProbability,
                                                               observedFrequency: $0.observedFrequency) },
            skipped: skipped)
        return try BacktestOutput.json(document)
    }

    private static func percent(_ share: Double) -> String { share.isFinite ? String(format: "%.1f%%", 100 * share) : "—" }
    private static func number(_ value: Double, digits: Int = 3) -> String { value.isFinite ? String(format: "%.\(digits)f", value) : "—" }

    private var summary: [String] {
        [
            "\(targets) targets replayed over \(years.map(String.init).joined(separator: ", ")) as of each month before the deadline: \(cases.count) forecasts",
            "Brier score \(Self.number(overall.brier)) vs \(Self.number(climatologyBrier)) for always saying the base rate \(Self.percent(baseRate)) (Brier skill \(Self.number(brierSkill, digits: 2)))",
            "interval coverage \(Self.percent(overall.coverage80)) (80%), \(Self.percent(overall.coverage95)) (95%); MAPE \(Self.number(overall.mape, digits: 1)), MASE \(Self.number(overall.mase))",
        ] + (bestRule.map { best in
            ["against the analyst's best rule on the \(best.count) forecasts it could make: Brier \(Self.number(best.modelBrier)) vs \(Self.number(best.brier)) for the rule (skill \(Self.number(best.skill, digits: 2)); positive: forecast run is better)"]
        } ?? ["no analyst rule could be applied (they need this year's readings so far and two earlier years at the same month)"])
    }

    private var ruleRows: [[String]] {
        [["rule", "forecasts", "rule Brier", "forecast run Brier", "skill", "rule MAE", "forecast run MAE"]]
            + (ruleComparisons + (bestRule.map { [$0] } ?? [])).map { c in
                [c.rule?.label ?? "best rule of each case", String(c.count), Self.number(c.brier), Self.number(c.modelBrier),
                 Self.number(c.skill, digits: 2), Self.number(c.meanAbsoluteError, digits: 2), Self.number(c.modelMeanAbsoluteError, digits: 2)]
            }
    }

    private var reliabilityRows: [[String]] {
        [["P(met)", "forecasts", "mean P(met)", "share met"]] + reliability.map {
            [String(format: "%.1f–%.1f", $0.lower, $0.upper), String($0.count), Self.percent($0.meanProbability), Self.percent($0.observedFrequency)]
        }
    }

    private var monthRows: [[String]] {
        let rules = Dictionary(bestRuleByMonthsRemaining.map { ($0.months, $0.comparison) }, uniquingKeysWith: { first, _ in first })
        return [["months left", "forecasts", "Brier", "80% coverage", "95% coverage", "MAPE", "MASE", "best rule Brier", "skill vs rule"]]
            + byMonthsRemaining.map { months, s in
                [String(months), String(s.count), Self.number(s.brier), Self.percent(s.coverage80), Self.percent(s.coverage95),
                 Self.number(s.mape, digits: 1), Self.number(s.mase), Self.number(rules[months]?.brier ?? .nan),
                 Self.number(rules[months]?.skill ?? .nan, digits: 2)]
            }
    }

    private var kindRows: [[String]] {
        [["kind", "forecasts", "Brier", "80% coverage", "95% coverage", "MAPE", "MASE"]] + byKind.map { kind, s in
            [kind.rawValue, String(s.count), Self.number(s.brier), Self.percent(s.coverage80), Self.percent(s.coverage95),
             Self.number(s.mape, digits: 1), Self.number(s.mase)]
        }
    }

    private var skippedLines: [String] {
        skipped.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
    }

    /// Every replayed forecast as CSV (`target,kind,year,as_of,months_remaining,threshold,
    /// probability,forecast,lower80,upper80,lower95,upper95,outcome,met`, then for each analyst rule
    /// `<rule>_probability,<rule>_value` with `-` as `_`, empty where the rule does not apply), for
    /// analysis elsewhere.
    public func casesCSV() -> String {
        func cell(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        let ruleColumns = AnalystRule.allCases.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
            .map { "\($0)_probability,\($0)_value" }.joined(separator: ",")
        var lines = ["target,kind,year,as_of,months_remaining,threshold,probability,forecast,lower80,upper80,lower95,upper95,outcome,met," + ruleColumns]
        for c in cases {
            lines.append([CSVCell.quoted(c.target), c.kind.rawValue, String(c.year), c.asOf.description, String(c.monthsRemaining),
                          cell(c.threshold), cell(c.probability), cell(c.forecast), cell(c.interval(level: 0.8)?.lower), cell(c.interval(level: 0.8)?.upper),
                          cell(c.interval(level: 0.95)?.lower), cell(c.interval(level: 0.95)?.upper), cell(c.outcome), c.met ? "1" : "0"]
                .joined(separator: ",") + "," + AnalystRule.allCases.map { "\(cell(c.rule($0)?.probability)),\(cell(c.rule($0)?.value))" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Aligned text tables: the summary, the reliability table, scores by months remaining and by kind.
    public func table() -> String {
        var text = summary.joined(separator: "\n") + "\n\nReliability (are the probabilities honest?)\n"
        text += TextTable.render(reliabilityRows, rightAligned: Set(1...3)) + "\n\nBy months remaining to the deadline\n"
        text += TextTable.render(monthRows, rightAligned: Set(1...8)) + "\n\nBy kind\n"
        text += TextTable.render(kindRows, rightAligned: Set(1...6)) + "\n"
        if ruleComparisons.count > 0 { text += "\nAgainst the analyst's rules (same cases)\n" + TextTable.render(ruleRows, rightAligned: Set(1...6)) + "\n" }
        if !skippedLines.isEmpty { text += "\nNot replayed (\(skipped.count)):\n" + skippedLines.joined(separator: "\n") + "\n" }
        return text
    }

    /// Markdown tables.
    public func markdown() -> String {
        let table = BacktestOutput.markdownTable
        return summary.joined(separator: "  \n") + "\n\n### Reliability\n\n" + table(reliabilityRows)
            + "\n\n### By months remaining\n\n" + table(monthRows) + "\n\n### By kind\n\n" + table(kindRows) + "\n"
            + (ruleComparisons.isEmpty ? "" : "\n### Against the analyst's rules\n\n" + table(ruleRows) + "\n")
    }
}
