import Distributions
import Foundation
import InternalConcurrency
import TargetData

/// Target-mode backtest: replays every past year of the readings as of each month, with
/// thresholds as demanding as this year's, and scores the probabilities and intervals that
/// `forecast run` would have given against what happened.
///
/// **Past thresholds.** A past year Y gets, for every target, a threshold that asks as much of
/// it as the real one asks of this year (DESIGN.md §3): growth, reduction and relative targets
/// keep their rate (against year Y−1's base); totals, levels, milestones, ratios and ceilings
/// keep their ratio to the previous year's outcome, V_Y = V · A_{Y−1} / A_{T−1} with T the
/// catalogue's year and A the outcome in the target's terms (ratios capped at 100). An easy
/// threshold would flatter every score; this keeps the event as uncertain as the real one.
///
/// **Cases.** For each of the (at most ``maximumPastYears``) past years Y whose outcome the readings show and each month m before the
/// deadline, the year-Y catalogue is assessed as of Y-m exactly as `forecast run` assesses this
/// year (same models, same window, calibrated intervals learned from the years before Y only).
/// Each case records P(met), the forecast and intervals, and the outcome.
///
/// **Scores.**
/// - Brier score BS = (1/n) Σ (pᵢ − oᵢ)², oᵢ = 1 when the target was met (Brier 1950).
/// - Climatological reference BS_clim = ō(1 − ō), the score of always forecasting the observed
///   frequency ō; Brier skill score BSS = 1 − BS / BS_clim (positive: better than climatology).
/// - Reliability: cases binned by P(met) in tenths; each bin's mean P(met) against the share met
///   (a reliable forecaster's points lie on the diagonal; Murphy & Winkler 1977).
/// - By months remaining to the deadline: Brier score, coverage of the 80% and 95% intervals,
///   MAPE = 100·mean |F − A| / |A| (totals, levels, milestones, ratios, ceilings: not on growth
///   rates, whose percentage errors near zero growth mean nothing) and MASE = mean |F − A| / mean_y |A_y − A_{y−1}| (scaled by
///   the error of "same as last year", per target).
/// - Against the analyst's rules (``AnalystRule``): each case also gets the P(met) of every rule
///   that applies to it, from the same readings up to the same month and its misses in the years
///   before (``AnalystRules``); per rule and against each case's best rule (the applicable one
///   with the lowest Brier over all cases), the rule's Brier BS_rule beside `forecast run`'s on
///   the same cases and the skill BSS_rule = 1 − BS / BS_rule — overall and by months remaining.
public struct TargetBacktest: Sendable {
    /// Assessment settings for every replayed month (`asOf` is set per case).
    public var options: AssessmentOptions
    /// Calibrate intervals and P(met) from the years before each replayed year, as `forecast run`
    /// does (`--intervals calibrated`); `false`: textbook OLS.
    public var calibrated: Bool

    /// Past years replayed at most (the latest ones before the catalogue's year): older years say
    /// less about this one, and each costs an assessment per month.
    public var maximumPastYears = 6

    /// Worker threads (default: every core). Set OpenBLAS to one thread in the program
    /// (``AssessmentRun/threads`` says why).
    public var threads: Int

    /// Called after each replayed (year, month) with how many are done and how many there are
    /// (from the worker threads, one call at a time): `forecast backtest` shows it on a terminal.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    public init(options: AssessmentOptions = AssessmentOptions(), calibrated: Bool = true,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.options = options
        self.calibrated = calibrated
        self.threads = threads
    }

    /// One replayed forecast.
    public struct Case: Sendable, Hashable {
        public var target: String
        public var kind: TargetKind
        public var year: Int
        public var asOf: Period
        public var monthsRemaining: Int
        /// The past year's threshold (scaled, see ``TargetBacktest``).
        public var threshold: Double
        public var probability: Double
        public var forecast: Double
        /// The 80% and 95% intervals of the forecast (empty when it has none).
        public var intervals: [Interval]
        /// What the year turned out to be, in the target's terms.
        public var outcome: Double
        public var met: Bool
        /// |A_y − A_{y−1}| averaged over the target's past years (the MASE scale); `nil` with one year.
        public var naiveError: Double?
        /// The analyst rules' forecasts of the same case (``AnalystRules``), those the readings allow.
        public var rules: [RuleForecast] = []

        /// The forecast of `rule`, if it could be made.
        public func rule(_ rule: AnalystRule) -> RuleForecast? {
            rules.first { $0.rule == rule }
        }

        /// The interval at `level` (0.8 or 0.95), if the forecast has one.
        public func interval(level: Double) -> Interval? {
            intervals.first { abs($0.level - level) < 1e-9 }
        }
    }

    /// Scores of a set of cases.
    public struct Scores: Sendable, Hashable {
        public var count: Int
        public var brier: Double
        public var coverage80: Double
        public var coverage95: Double
        public var mape: Double
        public var mase: Double

        init(_ cases: [Case]) {
            count = cases.count
            brier = Self.mean(cases.map { ($0.probability - ($0.met ? 1 : 0)) * ($0.probability - ($0.met ? 1 : 0)) })
            let with80 = cases.compactMap { $0.interval(level: 0.8)?.contains($0.outcome) }
            let with95 = cases.compactMap { $0.interval(level: 0.95)?.contains($0.outcome) }
            coverage80 = Self.mean(with80.map { $0 ? 1 : 0 })
            coverage95 = Self.mean(with95.map { $0 ? 1 : 0 })
            // Growth, reduction and relative targets are measured in percent already: a percentage
            // error of a growth rate near zero means nothing, so MAPE leaves them out.
            mape = Self.mean(cases.filter { abs($0.outcome) > 1e-9 && ![.growth, .reduction, .relative].contains($0.kind) }
                .map { 100 * abs($0.forecast - $0.outcome) / abs($0.outcome) })
            mase = Self.mean(cases.compactMap { c in c.naiveError.flatMap { $0 > 0 ? abs(c.forecast - c.outcome) / $0 : nil } })
        }

        static func mean(_ values: [Double]) -> Double {
            values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
    }

    /// One bin of the reliability table.
    public struct ReliabilityBin: Sendable, Hashable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanProbability: Double
        public var observedFrequency: Double
    }

    /// `forecast run` against an analyst rule (or the best rule of each case) on the cases
    /// where the rule could be applied.
    public struct RuleComparison: Sendable, Hashable {
        /// The rule; `nil` for the best rule of each case (the applicable rule with the lowest
        /// Brier score over all cases).
        public var rule: AnalystRule?
        public var count: Int
        /// The rule's Brier score, and `forecast run`'s on the same cases.
        public var brier: Double
        public var modelBrier: Double
        /// Mean absolute error of the rule's value and of `forecast run`'s median, in the
        /// targets' terms (percentage points for growth).
        public var meanAbsoluteError: Double
        public var modelMeanAbsoluteError: Double
        /// Brier skill of `forecast run` against the rule: BSS_rule = 1 − BS / BS_rule
        /// (positive: sharper and more accurate than the rule).
        public var skill: Double { brier > 0 ? 1 - modelBrier / brier : .nan }

        init(rule: AnalystRule?, pairs: [(Case, RuleForecast)]) {
            self.rule = rule
            count = pairs.count
            func square(_ x: Double) -> Double { x * x }
            brier = Scores.mean(pairs.map { square($0.1.probability - ($0.0.met ? 1 : 0)) })
            modelBrier = Scores.mean(pairs.map { square($0.0.probability - ($0.0.met ? 1 : 0)) })
            meanAbsoluteError = Scores.mean(pairs.map { abs($0.1.value - $0.0.outcome) })
            modelMeanAbsoluteError = Scores.mean(pairs.map { abs($0.0.forecast - $0.0.outcome) })
        }
    }

    public struct Result: Sendable {
        public var cases: [Case]
        /// Targets replayed, and targets left out with the reason (no threshold, too little history…).
        public var targets: Int
        public var skipped: [String: String]
        public var years: [Int]
        public var overall: Scores
        /// The observed frequency ō of met targets.
        public var baseRate: Double
        /// ō(1 − ō).
        public var climatologyBrier: Double
        /// 1 − BS / BS_clim.
        public var brierSkill: Double
        public var reliability: [ReliabilityBin]
        /// Scores by months remaining to the deadline (1…11), for those with cases.
        public var byMonthsRemaining: [(months: Int, scores: Scores)]
        public var byKind: [(kind: TargetKind, scores: Scores)]
        /// `forecast run` against each analyst rule, on the cases where the rule applies.
        public var ruleComparisons: [RuleComparison] = []
        /// Against the best rule of each case, overall and by months remaining: `nil` when no
        /// rule could be applied.
        public var bestRule: RuleComparison?
        public var bestRuleByMonthsRemaining: [(months: Int, comparison: RuleComparison)] = []
        /// The reliability table of the best rule's probabilities, on its cases.
        public var bestRuleReliability: [ReliabilityBin] = []
    }

    /// Replays every past year of `readings` for every target of `catalogue`.
    public func run(_ catalogue: Catalogue, readings: Readings) -> Result {
        var skipped: [String: String] = [:]
        // Outcomes of the real targets' measures by year, in the target's terms.
        let firstYear = min(readings.series.values.compactMap(\.first).min()?.year ?? catalogue.year, catalogue.year)
        // The six years before the catalogue's (each needs its previous year's outcome as well).
        let pastYears = Array(max(firstYear, catalogue.year - maximumPastYears)..<catalogue.year)
        let outcomeYears = Array(max(firstYear, catalogue.year - maximumPastYears - 1)..<catalogue.year)
        var outcomes: [String: [Int: (value: Double, met: Bool)]] = [:]
        var replayable: [Target] = []
        for target in catalogue.targets where target.kind != .qualitative {
            guard target.value != nil else { skipped[target.id] = "no threshold (value: null)"; continue }
            replayable.append(target)
        }
        // The outcome of each target's measure in each past year, against the real threshold
        // (only the value is used here; `met` is recomputed against the scaled threshold below).
        for year in outcomeYears {
            let past = pastCatalogue(catalogue, year: year, targets: replayable, thresholds: [:])
            var options = self.options
            options.calibration = nil
            options.asOf = Period(year: year, month: 12)
            for assessment in past.assess(readings, options: options).assessments {
                guard assessment.status == .achieved || assessment.status == .missed, let value = assessment.forecast, value.isFinite else { continue }
                outcomes[assessment.target.id, default: [:]][year] = (value, assessment.status == .achieved)
            }
        }
        // Thresholds for each replayed year.
        var thresholds: [Int: [String: Double]] = [:]
        for target in replayable {
            guard let value = target.value else { continue }
            let scaled = ![.growth, .reduction, .relative].contains(target.kind)
            let reference = outcomes[target.id]?[catalogue.year - 1]?.value
            for year in pastYears where outcomes[target.id]?[year] != nil {
                if !scaled {
                    thresholds[year, default: [:]][target.id] = value
                } else if let reference, abs(reference) > 1e-12, let previous = outcomes[target.id]?[year - 1]?.value {
                    var threshold = value * previous / reference
                    if target.kind == .ratio { threshold = min(threshold, 100) }
                    if threshold.isFinite { thresholds[year, default: [:]][target.id] = threshold }
                }
            }
            if !thresholds.values.contains(where: { $0[target.id] != nil }) {
                skipped[target.id] = scaled
                    ? "needs two consecutive past years with outcomes (to scale the threshold) and the \(catalogue.year - 1) outcome"
                    : "no past year with a known outcome"
            }
        }
        // Every (year, month) is assessed independently: spread them over the cores, OpenBLAS
        // on one thread each (the solves are small).
        var jobs: [(year: Int, asOf: Period, catalogue: Catalogue, results: [String: (outcome: Double, met: Bool)])] = []
        for year in pastYears {
            guard let yearThresholds = thresholds[year], !yearThresholds.isEmpty else { continue }
            let past = pastCatalogue(catalogue, year: year, targets: replayable.filter { yearThresholds[$0.id] != nil }, thresholds: yearThresholds)
            // Whether each target was met at its scaled threshold.
            var final = options
            final.calibration = nil
            final.asOf = Period(year: year, month: 12)
            var results: [String: (outcome: Double, met: Bool)] = [:]
            for assessment in past.assess(readings, options: final).assessments {
                guard assessment.status == .achieved || assessment.status == .missed, let value = assessment.forecast else { continue }
                results[assessment.target.id] = (value, assessment.status == .achieved)
            }
            for month in 1...11 {
                if let asOf = Period(year: year, month: month) { jobs.append((year, asOf, past, results)) }
            }
        }
        let options = self.options, calibrated = self.calibrated, jobList = jobs, pastOutcomes = outcomes
        let analyst = AnalystRules(catalogue: catalogue, readings: readings)
        let finished = ProgressCounter(), progress = self.progress
        let perJob = jobList.parallelMap(threads: threads) { job -> [Case] in
            var options = options
            options.asOf = job.asOf
            options.threads = 1   // the jobs are already spread over the cores
            if calibrated {
                (options.calibration, options.yearOverYearCalibration) = job.catalogue.calibrations(readings, options: options)
            } else {
                options.calibration = nil
                options.yearOverYearCalibration = nil
            }
            var found: [Case] = []
            for assessment in job.catalogue.assess(readings, options: options).assessments {
                let id = assessment.target.id
                guard let result = job.results[id], let deadline = assessment.deadline, job.asOf < deadline,
                      let probability = assessment.probability, let forecast = assessment.forecast, probability.isFinite,
                      forecast.isFinite, let threshold = assessment.target.value else { continue }
                found.append(Case(target: id, kind: assessment.target.kind, year: job.year, asOf: job.asOf,
                                  monthsRemaining: deadline.monthIndex - job.asOf.monthIndex, threshold: threshold,
                                  probability: probability, forecast: forecast,
                                  intervals: [0.8, 0.95].compactMap { assessment.interval(level: $0) },
                                  outcome: result.outcome, met: result.met,
                                  naiveError: Self.naiveError(pastOutcomes[id] ?? [:], before: job.year),
                                  rules: analyst.rules(for: assessment.target).compactMap {
                                      analyst.forecast($0, for: assessment.target, year: job.year, asOf: job.asOf, threshold: threshold)
                                  }))
            }
            if let progress { finished.finish { progress($0, jobList.count) } }
            return found
        }
        let cases = perJob.flatMap { $0 }
        for target in replayable where skipped[target.id] == nil && !cases.contains(where: { $0.target == target.id }) {
            skipped[target.id] = "no month could be forecast (too few readings before each replayed month)"
        }
        return Self.result(cases: cases, targets: replayable.filter { skipped[$0.id] == nil }.count, skipped: skipped,
                           years: thresholds.keys.sorted())
    }

    /// The year-`year` version of the catalogue: the same targets with their thresholds for that
    /// year, deadlines moved to that year, explicit bases dropped (the readings give them).
    func pastCatalogue(_ catalogue: Catalogue, year: Int, targets: [Target], thresholds: [String: Double]) -> Catalogue {
        let moved = targets.map { target in
            var target = target
            if let value = thresholds[target.id] { target.value = value }
            target.base = nil
            if let deadline = target.deadline { target.deadline = Period(year: year, month: deadline.month) }
            return target
        }
        return Catalogue(year: year, metrics: catalogue.metrics, targets: moved)
    }

    /// Mean |A_y − A_{y−1}| over the consecutive past years before `year` (the MASE scale).
    static func naiveError(_ outcomes: [Int: (value: Double, met: Bool)], before year: Int) -> Double? {
        let errors = outcomes.keys.filter { $0 < year && outcomes[$0 - 1] != nil }.compactMap { y in
            outcomes[y].flatMap { a in outcomes[y - 1].map { abs(a.value - $0.value) } }
        }
        return errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count)
    }

    /// Cases binned by stated probability in tenths (the last bin includes 1): each bin's mean
    /// probability against the share met.
    static func reliability(_ forecasts: [(probability: Double, met: Bool)]) -> [ReliabilityBin] {
        (0..<10).compactMap { bin in
            let lower = Double(bin) / 10, upper = Double(bin + 1) / 10
            let inside = forecasts.filter { $0.probability >= lower && ($0.probability < upper || (bin == 9 && $0.probability <= 1)) }
            guard !inside.isEmpty else { return nil }
            return ReliabilityBin(lower: lower, upper: upper, count: inside.count,
                                  meanProbability: Scores.mean(inside.map(\.probability)),
                                  observedFrequency: Scores.mean(inside.map { $0.met ? 1 : 0 }))
        }
    }

    static func result(cases: [Case], targets: Int, skipped: [String: String], years: [Int]) -> Result {
        let overall = Scores(cases)
        let baseRate = Scores.mean(cases.map { $0.met ? 1 : 0 })
        let climatology = baseRate * (1 - baseRate)
        let reliability = Self.reliability(cases.map { ($0.probability, $0.met) })
        let byMonths = Dictionary(grouping: cases, by: \.monthsRemaining).sorted { $0.key < $1.key }.map { ($0.key, Scores($0.value)) }
        let byKind = Dictionary(grouping: cases, by: \.kind).sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, Scores($0.value)) }
        var result = Result(cases: cases, targets: targets, skipped: skipped, years: years, overall: overall, baseRate: baseRate,
                            climatologyBrier: climatology,
                            brierSkill: climatology > 0 ? 1 - overall.brier / climatology : .nan,
                            reliability: reliability, byMonthsRemaining: byMonths, byKind: byKind)
        result.ruleComparisons = AnalystRule.allCases.compactMap { rule in
            let pairs = cases.compactMap { c in c.rule(rule).map { (c, $0) } }
            return pairs.isEmpty ? nil : RuleComparison(rule: rule, pairs: pairs)
        }
        // Each case's best rule: of those applied to it, the one with the lowest Brier over all cases.
        let ranking = result.ruleComparisons.sorted { $0.brier < $1.brier }.compactMap(\.rule)
        let best = cases.compactMap { c in ranking.lazy.compactMap { c.rule($0) }.first.map { (c, $0) } }
        if !best.isEmpty {
            result.bestRule = RuleComparison(rule: nil, pairs: best)
            result.bestRuleReliability = Self.reliability(best.map { ($0.1.probability, $0.0.met) })
            result.bestRuleByMonthsRemaining = Dictionary(grouping: best, by: \.0.monthsRemaining).sorted { $0.key < $1.key }
                .map { ($0.key, RuleComparison(rule: nil, pairs: $0.value)) }
        }
        return result
    }
}

extension TargetBacktest {
    /// `forecast backtest --targets … --readings …` as a value: the targets and readings read as
    /// ``AssessmentRun`` reads them (only the catalogue's metrics, every warning kept in
    /// ``AssessmentRun/inputDiagnostics``), every past year replayed.
    ///
    /// - Throws: `InputError` naming the targets file when no past year can be replayed.
    public func run(_ input: AssessmentRun, targetsFile: String) throws(InputError) -> Result {
        let result = run(input.catalogue, readings: input.readings)
        if result.cases.isEmpty {
            throw InputError(SourceLocation(file: targetsFile), "no past year could be replayed: the readings need at least one full year before \(input.catalogue.year) (two for totals and levels, whose thresholds are scaled by the previous year's outcome)")
        }
        return result
    }
}
