import Distributions
import InternalConcurrency
import Forecasting
import TargetData

extension Catalogue {
    /// Assesses every target against `readings` as of one month: the one call of the library's
    /// main path.
    ///
    /// ```swift
    /// let catalogue = try TargetsFile.read("targets.yaml").catalogue
    /// var readings = Readings()
    /// readings.merge(try ReadingsFile.read("readings.csv"))
    /// let report = catalogue.assess(readings)
    /// for assessment in report.assessments {
    ///     print(assessment.target.id, assessment.status, assessment.probability ?? .nan)
    /// }
    /// ```
    ///
    /// Readings after `options.asOf` are ignored, so the same call replays any past month.
    public func assess(_ readings: Readings, options: AssessmentOptions = AssessmentOptions()) -> TargetReport {
        let asOf = options.asOf ?? defaultAsOf(readings)
        let assessor = TargetAssessor(catalogue: self, readings: readings, options: options, asOf: asOf)
        var report = TargetReport(year: year, asOf: asOf, assessments: targets.parallelMap(threads: options.threads, assessor.assess),
                                  revisions: readings.revisions)
        report.calibration = options.calibration
        report.bands = options.bands
        return report
    }
}

extension Catalogue {
    /// The latest month with a reading of any of the catalogue's metrics.
    public func latestReading(in readings: Readings) -> Period? {
        let ids = Set(metrics.map(\.id))
        return readings.series.values.filter { ids.contains($0.metric) }.compactMap(\.last).max()
    }

    /// The month assessed when none is given: the latest reading, but no later than the
    /// catalogue's December (readings of a later year say nothing more about this year's targets).
    public func defaultAsOf(_ readings: Readings) -> Period {
        let december = Period(year: year, month: 12) ?? Period(monthIndex: 2000 * 12)
        return latestReading(in: readings).map { min($0, december) } ?? december
    }
}

/// Assesses one target at a time (see ``Catalogue/assess(_:options:)``).
struct TargetAssessor: Sendable {
    let catalogue: Catalogue
    let readings: Readings
    let options: AssessmentOptions
    let asOf: Period

    /// The target quantity Q as a distribution, with what is needed to explain it.
    struct Outcome {
        var quantity: ForecastDistribution
        var actual: Double?
        var actualPeriod: Period?
        var isKnown: Bool
        var value: YearValue
        /// The threshold expressed as a year value V (for pace), when Q is linear in V.
        var thresholdValue: Double?
        /// Probability and status override (every-month ceilings).
        var probability: Double?
        var forcedStatus: Status?
        var note: AssessmentNote?
        /// A relative target's two growths, for its chart.
        var relative: RelativeBasis?
    }

    func assess(_ target: Target) -> Assessment {
        let metric = target.metric.flatMap { catalogue.metric(id: $0) }
        let deadline = catalogue.deadline(of: target)
        var assessment = Assessment(target: target, metric: metric, deadline: deadline, status: .noData,
                                    threshold: target.value, intervals: [], observations: 0)
        guard target.kind != .qualitative else {
            assessment.status = .notForecast
            assessment.reason = "qualitative item: tracked in the catalogue, not forecast"
            return assessment
        }
        guard let metric, let deadline else {
            assessment.reason = "the target names no metric the catalogue defines"
            return assessment
        }
        assessment.latestReading = readings[metric.id]?.periods.last { $0 <= asOf }
        guard let threshold = target.value else {
            assessment.reason = "no threshold yet (value: null in the targets file); supply it to forecast this target"
            return assessment
        }
        do {
            let outcome = try self.outcome(of: target, metric: metric, deadline: deadline, threshold: threshold)
            fill(&assessment, with: outcome, target: target, metric: metric, deadline: deadline, threshold: threshold)
            if !options.probabilityOnly { assessment.disagreeingRule = disagreeingRule(target, assessment) }
        } catch {
            assessment.status = .noData
            assessment.reason = error.explanation
            assessment.readingsNeeded = error.readingsNeeded
            assessment.observations = error.observations
        }
        return assessment
    }

    private func fill(_ assessment: inout Assessment, with outcome: Outcome, target: Target, metric: Metric,
                      deadline: Period, threshold: Double) {
        let quantity = outcome.quantity
        // A year-over-year value's spread is its own replayed error: only its own factors apply,
        // and to its intervals only (YearOverYear: narrowing P(met) with them made it worse).
        var options = self.options
        let yearOverYear = outcome.value.yearOverYear != nil
        if yearOverYear { options.calibration = options.yearOverYearCalibration }
        let tolerance = ForecastDistribution.tolerance(threshold)
        let meets: (Double) -> Bool = { target.direction == .atLeast ? $0 >= threshold - tolerance : $0 <= threshold + tolerance }
        // Calibrated: P(met) from the distribution widened by the 80% factor, each interval by the
        // factor for its level (interpolated between 80% and 95%).
        let calibrated = yearOverYear ? quantity : options.calibration.map { quantity.widened(by: $0.factor80) } ?? quantity
        let probability = outcome.probability
            ?? (target.direction == .atLeast ? calibrated.probabilityAtLeast(threshold) : calibrated.probabilityAtMost(threshold))
        assessment.forecast = quantity.median
        assessment.intervals = outcome.isKnown ? [] : options.levels.map { level in
            quantity.widened(by: options.calibration?.factor(level: level) ?? 1).interval(level: level)
        }
        assessment.probability = probability
        assessment.actualToDate = outcome.actual
        assessment.actualPeriod = outcome.actualPeriod
        assessment.model = outcome.value.fit?.model
        assessment.modelReason = outcome.value.modelReason
        assessment.yearOverYear = outcome.value.yearOverYear
        assessment.earlierYears = outcome.value.earlierYears
        assessment.observations = outcome.value.observations
        assessment.recentPace = outcome.value.recentPace
        if let thresholdValue = outcome.thresholdValue, let actual = outcome.value.actual, outcome.value.remainingMonths > 0 {
            // Flows: what is still to come, per remaining month; levels: the change still needed, per month.
            assessment.requiredPace = (thresholdValue - actual) / Double(outcome.value.remainingMonths)
        }
        // The median year value V (not the target's quantity): where it sits against the bounds,
        // and the pace and growth of the months to come.
        let median = outcome.value.distribution.median
        if let bounds = metric.bounds, !outcome.isKnown {
            for bound in [bounds.lowerBound, bounds.upperBound] where bound.isFinite && abs(median - bound) <= ForecastDistribution.tolerance(bound) {
                assessment.heldAtBound = bound
            }
        }
        if let actual = outcome.value.actual, outcome.value.remainingMonths > 0, !outcome.isKnown, assessment.heldAtBound == nil {
            if median.isFinite { assessment.forecastPace = (median - actual) / Double(outcome.value.remainingMonths) }
            if target.kind == .growth || target.kind == .reduction, outcome.value.nature == .flow, outcome.value.coversFromJanuary,
               // Both parts of last year from the readings (not a `base:` from the document), so that
               // B_rest is last year's months still to come.
               let base = previousYearToDate(of: metric, through: deadline),
               let period = outcome.value.actualPeriod, let before = previousYearToDate(of: metric, through: period),
               base - before > 0, median.isFinite {
                assessment.remainderGrowth = 100 * ((median - actual) / (base - before) - 1)
            }
        }
        if let forced = outcome.forcedStatus {
            assessment.status = forced
        } else if outcome.isKnown {
            assessment.status = meets(quantity.median) ? .achieved : .missed
        } else if Self.cannotBeUndone(target: target, nature: outcome.value.nature), outcome.value.neverNegative,
                  target.direction == .atLeast, let actual = outcome.value.actual, let needed = outcome.thresholdValue, actual >= needed {
            assessment.status = .achieved
            assessment.probability = 1
        } else {
            assessment.status = options.bands.status(probability: probability, firmness: target.firmness)
        }
        assessment.isFinal = outcome.isKnown
        assessment.nature = outcome.value.nature
        assessment.note = outcome.note
        if var relative = outcome.relative {
            relative.calibration = options.calibration
            assessment.relativeBasis = relative
        }
        if target.kind != .relative && !options.probabilityOnly {
            let neverNegative = readings[metric.id]?.orderedValues.allSatisfy { $0 >= 0 } ?? false
            var bounds: ClosedRange<Double>? = target.kind == .ratio ? 0...100 : (neverNegative ? 0...Double.infinity : nil)
            if let natural = metric.bounds {
                let lower = max(bounds?.lowerBound ?? -.infinity, natural.lowerBound), upper = min(bounds?.upperBound ?? .infinity, natural.upperBound)
                bounds = lower <= upper ? lower...upper : natural
            }
            assessment.chartBasis = ChartBasis(value: outcome.value, thresholdValue: outcome.thresholdValue,
                                               calibration: options.calibration, simulationDraws: options.simulationDraws,
                                               asOf: asOf, bounds: bounds)
        }
    }

    /// The analyst rule whose P(met) falls on the other side of 50% from the trend model's, by at
    /// least 10 points, if any (year-over-year forecasts, which are such rules chosen on replays,
    /// and final or decided outcomes have none).
    private func disagreeingRule(_ target: Target, _ assessment: Assessment) -> RuleForecast? {
        guard assessment.yearOverYear == nil, !assessment.isFinal, assessment.status != .achieved, assessment.status != .missed,
              let probability = assessment.probability, let threshold = target.value, let deadline = assessment.deadline else { return nil }
        let ids = Set([target.metric, target.versus].compactMap { $0 })
        let rules = AnalystRules(catalogue: catalogue, readings: readings, metrics: ids)
        return rules.rules(for: target).lazy
            .compactMap { rules.forecast($0, for: target, year: deadline.year, asOf: self.asOf, threshold: threshold) }
            .first { probability >= 0.5 ? $0.probability <= 0.4 : $0.probability >= 0.6 }
    }

    /// A year-to-date total (or a growth measured on one) only rises while flows are positive (the
    /// caller also checks that no observed flow was ever negative), so
    /// once the total so far is past what an at-least threshold needs (for growth: the previous
    /// year's total × (1 + g/100)) it stays past: the target is achieved before the deadline.
    static func cannotBeUndone(target: Target, nature: ModelData.Nature) -> Bool {
        nature == .flow && (target.kind == .total || target.kind == .milestone || target.kind == .growth)
    }

    private func outcome(of target: Target, metric: Metric, deadline: Period, threshold: Double) throws(Unforecastable) -> Outcome {
        let seed = "\(target.id)@\(asOf)"
        switch target.kind {
        case .total, .milestone, .level:
            let value = try yearValue(of: metric, deadline: deadline, seed: seed)
            return Outcome(quantity: value.distribution, actual: value.actual, actualPeriod: value.actualPeriod,
                           isKnown: value.isKnown, value: value, thresholdValue: threshold)
        case .ratio:
            let value = try yearValue(of: metric, deadline: deadline, seed: seed)
            return Outcome(quantity: value.distribution.clamped(to: 0...100), actual: value.actual,
                           actualPeriod: value.actualPeriod, isKnown: value.isKnown, value: value, thresholdValue: threshold)
        case .ceiling:
            return try ceilingOutcome(target: target, metric: metric, deadline: deadline, threshold: threshold, seed: seed)
        case .growth, .reduction:
            let growth = try growthOutcome(metric: metric, deadline: deadline, base: target.base, seed: seed)
            if target.kind == .growth {
                return Outcome(quantity: growth.quantity, actual: growth.actual, actualPeriod: growth.actualPeriod,
                               isKnown: growth.isKnown, value: growth.value,
                               thresholdValue: growth.base.map { $0 * (1 + threshold / 100) })
            }
            // A reduction of r% is a growth of −r%.
            return Outcome(quantity: growth.quantity.affine(scale: -1, shift: 0), actual: growth.actual.map { -$0 },
                           actualPeriod: growth.actualPeriod, isKnown: growth.isKnown, value: growth.value,
                           thresholdValue: growth.base.map { $0 * (1 - threshold / 100) })
        case .relative:
            guard let versusID = target.versus, let versus = catalogue.metric(id: versusID) else {
                throw Unforecastable(explanation: "a relative target needs versus: the metric to compare with")
            }
            let own = try growthOutcome(metric: metric, deadline: deadline, base: target.base, seed: seed)
            let other = try growthOutcome(metric: versus, deadline: deadline, base: nil, seed: seed + "/versus")
            let difference = Self.difference(own.quantity, other.quantity, seed: SplitMix64.seed(from: seed + "/difference"),
                                              draws: options.simulationDraws)
            var actual: Double?
            if let a = own.actual, let b = other.actual { actual = a - b }
            var outcome = Outcome(quantity: difference, actual: actual, actualPeriod: own.actualPeriod,
                                  isKnown: own.isKnown && other.isKnown, value: own.value, thresholdValue: nil,
                                  note: .growthComparison(metric: metric.name, growth: own.quantity.median,
                                                          versus: versus.name, versusGrowth: other.quantity.median))
            if !options.probabilityOnly {
                outcome.relative = RelativeBasis(
                    metric: metric.name, versus: versus.name, growth: own.quantity, versusGrowth: other.quantity,
                    path: growthPath(of: metric, deadline: deadline, base: target.base, seed: seed),
                    versusPath: growthPath(of: versus, deadline: deadline, base: nil, seed: seed + "/versus"))
            }
            return outcome
        case .qualitative:
            throw Unforecastable(explanation: "qualitative item: not forecast")
        }
    }

    /// The growth so far at each month of the deadline's year up to the as-of month, as the
    /// assessment as of that month measures it (``growthOutcome``'s growth so far: against the
    /// same months of the previous year, or the reading itself for a `ytd-growth` metric), for
    /// a relative target's chart; months without one are left out.
    private func growthPath(of metric: Metric, deadline: Period, base: Double?, seed: String) -> [(period: Period, growth: Double)] {
        let last = min(asOf, deadline)
        guard last >= deadline.startOfYear else { return [] }
        return (deadline.startOfYear...last).compactMap { month in
            guard readings[metric.id]?[month] != nil else { return nil }
            let then = TargetAssessor(catalogue: catalogue, readings: readings, options: options, asOf: month)
            guard let growth = try? then.growthOutcome(metric: metric, deadline: deadline, base: base, seed: seed).actual,
                  growth.isFinite else { return nil }
            return (month, growth)
        }
    }

    /// Growth in percent over the previous year: Q = 100·(V/B − 1), with V the year value and B
    /// the previous year's (December level or full-year total, or the target's `base`). For a
    /// `ytd-growth` metric the December reading is the growth itself.
    func growthOutcome(metric: Metric, deadline: Period, base explicitBase: Double?, seed: String)
        throws(Unforecastable) -> (quantity: ForecastDistribution, actual: Double?, actualPeriod: Period?, isKnown: Bool, value: YearValue, base: Double?)
    {
        let value = try yearValue(of: metric, deadline: deadline, seed: seed)
        if metric.reading == .ytdGrowth {
            return (value.distribution, value.actual, value.actualPeriod, value.isKnown, value, nil)
        }
        guard let base = explicitBase ?? previousYearToDate(of: metric, through: deadline), base > 0,
              base.isFinite, (100 / base).isFinite else {
            throw Unforecastable(explanation: "growth needs the \(deadline.year - 1) value of \(metric.id) (readings through \(deadline.year - 1)-12, or base: in the targets file)",
                                 readingsNeeded: nil, observations: value.observations)
        }
        var actualGrowth: Double?
        if value.coversFromJanuary, let actual = value.actual, let period = value.actualPeriod,
           let before = previousYearToDate(of: metric, through: period), before > 0 {
            actualGrowth = 100 * (actual / before - 1)
        }
        return (value.distribution.affine(scale: 100 / base, shift: -100), actualGrowth, value.actualPeriod, value.isKnown, value, base)
    }

    /// Ceilings: at the deadline, every month up to it, or on average over the year.
    private func ceilingOutcome(target: Target, metric: Metric, deadline: Period, threshold: Double, seed: String) throws(Unforecastable) -> Outcome {
        let value = try yearValue(of: metric, deadline: deadline, seed: seed)
        switch target.at ?? .deadline {
        case .deadline:
            return Outcome(quantity: value.distribution, actual: value.actual, actualPeriod: value.actualPeriod,
                           isKnown: value.isKnown, value: value, thresholdValue: threshold)
        case .everyMonth:
            let series = readings[metric.id]
            let lastObservable = min(deadline, asOf)
            let observed = lastObservable < deadline.startOfYear ? []
                : (deadline.startOfYear...lastObservable).compactMap { month in series?[month].map { (month, $0) } }
            if let breach = observed.first(where: { $0.1 > threshold }) {
                return Outcome(quantity: ForecastDistribution(.known(observed.map(\.1).max() ?? breach.1)), actual: breach.1,
                               actualPeriod: breach.0, isKnown: true, value: value, thresholdValue: threshold,
                               probability: 0, forcedStatus: .missed,
                               note: .ceilingExceeded(breach.0))
            }
            let remaining = (deadline.startOfYear...deadline).filter { month in !observed.contains { $0.0 == month } }
            guard let fit = try remaining.isEmpty ? nil : fitFor(metric, value) else {
                let highest = observed.map(\.1).max() ?? value.distribution.median
                return Outcome(quantity: ForecastDistribution(.known(highest)), actual: value.actual, actualPeriod: value.actualPeriod,
                               isKnown: true, value: value, thresholdValue: threshold)
            }
            let highestObserved = observed.map(\.1).max() ?? -Double.infinity
            let maxima = fit.simulatePaths(remaining, seed: SplitMix64.seed(from: seed), draws: options.simulationDraws)
                .map { max($0.max() ?? -Double.infinity, highestObserved) }
            var highest = ForecastDistribution(.empirical(maxima))
            // Calibration widens around the median; the year's highest month is never below one already read.
            if highestObserved.isFinite { highest = highest.clamped(to: highestObserved...Double.infinity) }
            return Outcome(quantity: highest, actual: value.actual, actualPeriod: value.actualPeriod,
                           isKnown: false, value: value, thresholdValue: threshold,
                           note: .highestMonth(year: deadline.year))
        case .average:
            let series = readings[metric.id]
            let months = Array(deadline.startOfYear...deadline)
            let observed = months.compactMap { month in month <= asOf ? series?[month] : nil }
            let remaining = months.filter { month in month > asOf || series?[month] == nil }
            let observedSum = observed.reduce(0, +)
            let count = Double(months.count)
            guard let fit = try remaining.isEmpty ? nil : fitFor(metric, value) else {
                return Outcome(quantity: ForecastDistribution(.known(observedSum / count)), actual: observedSum / max(1, Double(observed.count)),
                               actualPeriod: value.actualPeriod, isKnown: true, value: value, thresholdValue: nil)
            }
            let remainder = fit.sum(of: remaining, seed: SplitMix64.seed(from: seed), draws: options.simulationDraws)
            return Outcome(quantity: remainder.affine(scale: 1 / count, shift: observedSum / count),
                           actual: observed.isEmpty ? nil : observedSum / Double(observed.count), actualPeriod: value.actualPeriod,
                           isKnown: false, value: value, thresholdValue: nil, note: .yearAverage(year: deadline.year))
        }
    }

    /// A trend fit for `metric` even when its deadline month is already read (a ceiling checked
    /// every month or on average still needs the months that are missing).
    private func fitFor(_ metric: Metric, _ value: YearValue) throws(Unforecastable) -> TrendFit {
        if let fit = value.fit { return fit }
        return try choose(value.data).0
    }

    /// The distribution of X − Y for independent X and Y, by seeded inverse-CDF sampling:
    /// xᵢ = F_X⁻¹(uᵢ), yᵢ = F_Y⁻¹(vᵢ) with uᵢ, vᵢ uniform.
    static func difference(_ x: ForecastDistribution, _ y: ForecastDistribution, seed: UInt64, draws: Int) -> ForecastDistribution {
        if case let .known(a) = x.shape, case let .known(b) = y.shape {
            return ForecastDistribution(.known((x.scale * a + x.shift) - (y.scale * b + y.shift)))
        }
        var random = SplitMix64(seed: seed)
        let open = Double.ulpOfOne..<1.0
        let values = (0..<draws).map { _ in
            x.quantile(Double.random(in: open, using: &random)) - y.quantile(Double.random(in: open, using: &random))
        }
        return ForecastDistribution(.empirical(values))
    }
}
