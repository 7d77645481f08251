import Distributions

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
    /// The trend model used, and why it was chosen.
    public var model: TrendModel?
    public var modelReason: String?
    /// How many observations the model was fitted on.
    public var observations: Int
    /// The pace needed from now to the deadline, per month, in the metric's unit.
    public var requiredPace: Double?
    /// The recent pace, per month, in the metric's unit.
    public var recentPace: Double?
    /// For `no-data`: how many readings a forecast needs.
    public var readingsNeeded: Int?
    /// One plain-language line.
    public var explanation: String
    /// What the target's chart shows; `nil` where there is nothing to draw.
    public var chart: ChartData?

    /// The interval at `level`, if it was computed.
    public func interval(level: Double) -> Interval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
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
    /// At most this many months of history are fitted: older regimes say little about this year.
    /// On the M3 monthly series a 60-month window lowered sMAPE from 20.8 (all history) to 17.3
    /// and MASE from 1.154 to 1.064 (`forecast backtest --history 60`).
    public var maximumHistoryMonths = 60

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

    /// Number of targets per status.
    public var countsByStatus: [Status: Int] {
        Dictionary(grouping: assessments, by: \.status).mapValues(\.count)
    }
}
