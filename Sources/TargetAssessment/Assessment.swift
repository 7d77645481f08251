import Distributions
import Foundation
import Forecasting
import TargetData

/// The answer for one target: where it stands, what is forecast at its deadline, how sure that
/// is, and why.
///
/// Values are in the target's own terms: a `growth` target's `forecast` and intervals are growth
/// rates in percent, a `total` target's are year totals in the metric's unit.
public struct Assessment: Sendable {
    public var target: Target
    /// The metric the target is measured on, when the catalogue has it.
    public var metric: Metric?
    /// The month by which the target must be met.
    public var deadline: Period?
    public var status: Status
    /// The threshold (the target's `value`).
    public var threshold: Double?
    /// What has happened so far, in the target's terms: the year-to-date total, the growth so far
    /// against the same months of the previous year, the latest level.
    public var actualToDate: Double?
    /// The month `actualToDate` refers to.
    public var actualPeriod: Period?
    /// The point forecast at the deadline (the median of the predictive distribution).
    public var forecast: Double?
    /// Central prediction intervals, one per requested level (80% and 95% by default).
    public var intervals: [Interval]
    /// P(the target is met at the deadline).
    public var probability: Double?
    /// The trend model used, and why it was chosen (`nil` when the year-over-year method forecast
    /// the value: then `yearOverYear` says which member and `modelReason` why).
    public var model: TrendModel?
    public var modelReason: String?
    /// The year-over-year member that forecast a flow's year value from last year's same months
    /// (``YearOverYearMember``), chosen on the series' replayed earlier years.
    public var yearOverYear: YearOverYearChoice?
    /// When the trend models forecast and an analyst rule (``AnalystRule``), from this year's
    /// readings and its misses in earlier years, puts P(met) at least 10 points on the other side
    /// of 50% (≥ 60% against a forecast under 50%, ≤ 40% against one of 50% or more): that rule's
    /// forecast, so that the explanation says which way the evidence of past years points.
    public var disagreeingRule: RuleForecast?
    /// When the year-over-year method lacked history (fewer than three earlier years to replay),
    /// how many it had: the trend models forecast, and the explanation says why.
    public var earlierYears: Int?
    /// How many observations the model was fitted on.
    public var observations: Int
    /// The pace needed from now to the deadline, per month, in the metric's unit.
    public var requiredPace: Double?
    /// The recent pace, per month, in the metric's unit.
    public var recentPace: Double?
    /// For `no-data`: how many readings a forecast needs.
    public var readingsNeeded: Int?
    /// Why there is no forecast (`no-data`, `not-forecast`, no threshold), in a sentence; `nil`
    /// when there is one. The one-line explanation of every assessment is built from this
    /// value by the reports (`explanation` in `Reporting`).
    public var reason: String?
    /// Whether the outcome is already fully observed (nothing left to forecast).
    public var isFinal = false
    /// Whether the metric's values were summed over the year (flows) or read at a month (levels).
    public var nature: ModelData.Nature?
    /// The pace per month the forecast implies for the months still to come, in the metric's
    /// terms: (median year value − amount so far) ÷ months remaining — for flows what the rest of
    /// the year is forecast to add each month, for levels the change per month still forecast.
    /// Set when something remains to forecast; the explanation uses it when this year's pace and
    /// the forecast disagree about the threshold.
    public var forecastPace: Double?
    /// Growth targets on flows: the growth forecast for the months still to come over the same
    /// months of the previous year, in percent (100·(F/B_rest − 1)), which with the growth so far
    /// makes up the year's growth.
    public var remainderGrowth: Double?
    /// The metric's natural bound (``Metric/bounds``) at which the forecast year value is held,
    /// when the trend runs past it: the explanation then says so instead of quoting a pace.
    public var heldAtBound: Double?
    /// The metric's latest reading at or before the as-of month (`nil` without any): when it lies
    /// before the target year, the whole year is forecast from earlier years, and the
    /// explanation says so.
    public var latestReading: Period?
    /// A remark on what the forecast quantity is (a relative target's two growths, an every-month
    /// ceiling's highest month).
    public var note: AssessmentNote?
    /// P(met) and the status as of each earlier month of the year in which the target's metric
    /// had a reading, recomputed from the readings up to that month, then as of the month
    /// assessed (``AssessmentRun/trajectory``); empty when not computed, and for qualitative items.
    public var trajectory: [TrajectoryPoint] = []
    /// P(met) and the status as of ``TargetReport/since``, recomputed from the readings up to it;
    /// `nil` when no earlier month was assessed.
    public var previous: TrajectoryPoint?
    /// What a chart of the assessment is drawn from (the fit, its observations, the calibration):
    /// kept so that a chart is built only when one is asked for.
    package var chartBasis: ChartBasis?
    /// What a relative target's chart is drawn from (its two growths).
    package var relativeBasis: RelativeBasis?

    /// The interval at `level`, if it was computed.
    public func interval(level: Double) -> Interval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}

/// A remark on what an assessment's forecast quantity is, for its explanation.
public enum AssessmentNote: Sendable, Hashable {
    /// A relative target: the medians of the two growths, in percent, forecast independently.
    case growthComparison(metric: String, growth: Double, versus: String, versusGrowth: Double)
    /// An every-month ceiling exceeded in this month: it can no longer be met.
    case ceilingExceeded(Period)
    /// The quantity is the highest month of the year (a ceiling checked every month).
    case highestMonth(year: Int)
    /// The quantity is the year's average (a ceiling checked on average).
    case yearAverage(year: Int)
}

/// What a relative target's chart is drawn from: the two metrics' growths in percent — so far,
/// month by month, and forecast at the deadline — and the calibration of the gap's intervals.
package struct RelativeBasis: Sendable {
    package var metric: String
    package var versus: String
    package var growth: ForecastDistribution
    package var versusGrowth: ForecastDistribution
    package var path: [(period: Period, growth: Double)]
    package var versusPath: [(period: Period, growth: Double)]
    package var calibration: IntervalCalibration?
}

/// What an assessment's chart is drawn from: the year value with its fit and observations, the
/// threshold in the metric's terms and the settings the forecast used.
package struct ChartBasis: Sendable {
    package var value: YearValue
    package var thresholdValue: Double?
    package var calibration: IntervalCalibration?
    package var simulationDraws: Int
    package var asOf: Period
    package var bounds: ClosedRange<Double>?
}

/// How to assess a catalogue.
public struct AssessmentOptions: Sendable {
    /// Use only readings up to this month (replay history); `nil`: the latest month with a
    /// reading of any catalogue metric.
    public var asOf: Period?
    /// The trend model: automatic (AICc) or fixed.
    public var model: ModelSelection = .automatic
    /// Prediction interval levels.
    public var levels: [Double] = [0.8, 0.95]
    /// Probability bands for the status.
    public var bands = StatusBands()
    /// Draws for the seeded simulations (log-model sums, every-month ceilings, relative targets).
    public var simulationDraws = 10_000
    /// Factors that widen the intervals and P(met) (see ``Catalogue/intervalCalibration(_:options:)``);
    /// `nil`: textbook OLS intervals.
    public var calibration: IntervalCalibration?
    /// Factors for the year-over-year forecasts' intervals and P(met), learned apart
    /// (``Catalogue/calibrations(_:options:)``); `nil`: their own replayed spread as it is.
    public var yearOverYearCalibration: IntervalCalibration?
    /// At most this many months of history are fitted: older regimes say little about this year.
    /// On the M3 monthly series a 60-month window lowered sMAPE from 20.8 (all history) to 17.3
    /// and MASE from 1.154 to 1.064 (`forecast backtest --history 60`).
    public var maximumHistoryMonths = 60
    /// Threads the targets (and the calibration's replays) are assessed on; every target's
    /// result is the same on any number (its simulations are seeded by its id and month).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// Only P(met) and the status are wanted (an earlier month of a trajectory): the analyst
    /// rules' second opinion and what a chart is drawn from are left out.
    var probabilityOnly = false

    public init(asOf: Period? = nil, model: ModelSelection = .automatic, levels: [Double] = [0.8, 0.95]) {
        self.asOf = asOf
        self.model = model
        self.levels = levels
    }
}

/// The assessments of every target of a catalogue as of one month.
public struct TargetReport: Sendable {
    public var year: Int
    /// The last month of readings used.
    public var asOf: Period
    public var assessments: [Assessment]
    /// Revisions in the readings (the later reading won).
    public var revisions: [Revision]
    /// Warnings and notes of the run (``AssessmentRun``): the inputs', revisions, unused metrics,
    /// gaps, a clamped as-of month, the calibration. Empty from ``Catalogue/assess(_:options:)``.
    public var diagnostics: [Diagnostic] = []
    /// The factors the intervals and P(met) were widened by; `nil`: textbook OLS intervals.
    public var calibration: IntervalCalibration?
    /// The earlier month every assessment's ``Assessment/previous`` point is as of, which
    /// ``changes`` are measured from (``AssessmentRun/since``); `nil` when none was assessed.
    public var since: Period?
    /// The probability bands the statuses were given by.
    public var bands = StatusBands()

    /// Number of targets per status.
    public var countsByStatus: [Status: Int] {
        Dictionary(grouping: assessments, by: \.status).mapValues(\.count)
    }
}
