import LinearAlgebra
import TargetData
/// A trend over the month index: what to fit (the design matrix), not the fit itself.
///
/// Every model is linear in its parameters, so it is fitted by ordinary least squares (QR) and
/// forecasts carry Student-t predictive distributions:
///
/// | model | mean of month t | parameters |
/// |---|---|---|
/// | `linear` | a + b·t | 2 |
/// | `quadratic` | a + b·t + c·t² | 3 |
/// | `loglinear` | exp(a + b·t) (fitted on log y; positive data only) | 2 |
/// | `seasonal` | a + b·t + g(month of year), g(January) = 0 | 13 |
/// | `logseasonal` | exp(a + b·t + g(month of year)) (fitted on log y) | 13 |
///
/// The log models suit economic aggregates: growth is geometric and the seasonal pattern scales
/// with the level (a December 50% above the average month stays 50% above as the economy grows),
/// which additive models approximate less well the further they extrapolate.
///
/// t counts months from the first month of the data the model is fitted on (t is centred and
/// scaled by the regression core internally, so the choice of origin does not cost accuracy).
public enum TrendModel: String, Sendable, Hashable, CaseIterable, Codable {
    case linear
    case quadratic
    case loglinear
    case seasonal
    case logseasonal
    /// A damped trend on seasonally adjusted data (``DampedTrend``): series forecasts and
    /// backtests only, not a design matrix of its own (its regression is `linear` on the adjusted
    /// values).
    case damped
    /// Exponential smoothing on seasonally adjusted data (``ExponentialSmoothing``, ``SeriesMethods``).
    case ets
    /// The Theta method: smoothing with half the trend's drift (``SeriesMethods``).
    case theta
    /// The reading twelve months before (``SeriesMethods``): the benchmark to beat.
    case seasonalNaive = "seasonal-naive"
    /// The mean of ``SeriesMethods/combinationMembers``' forecasts.
    case combination

    /// Number of regression parameters p.
    public var parameterCount: Int {
        switch self {
        case .linear, .loglinear, .damped, .ets, .theta, .seasonalNaive, .combination: 2
        case .quadratic: 3
        case .seasonal, .logseasonal: 13
        }
    }

    /// The fewest observations the model is fitted on: p + 3, so that the residual variance has
    /// at least three degrees of freedom and AICc (which needs n > p + 2) is defined, and for the
    /// seasonal models two full years (24 months) so that every month-of-year effect is seen twice.
    public var minimumObservations: Int {
        switch self {
        case .seasonal, .logseasonal: 24
        default: parameterCount + 3
        }
    }

    /// Whether the model is fitted on log values (and so needs positive data).
    public var isLogarithmic: Bool { self == .loglinear || self == .logseasonal }

    /// Whether the model is a method fitted to each series alone (``SeriesMethods``), with no
    /// design matrix of its own: series forecasts and backtests only, not target assessment.
    public var isSeriesMethod: Bool {
        switch self {
        case .damped, .ets, .theta, .seasonalNaive, .combination: true
        case .linear, .quadratic, .loglinear, .seasonal, .logseasonal: false
        }
    }

    /// Whether the model has month-of-year effects (and so needs two years of data).
    public var isSeasonal: Bool { self == .seasonal || self == .logseasonal }
}

/// A ``TrendModel``'s design for particular data: which months of the year get their own effect.
///
/// Months the data never tell apart share one effect. With January and February always reported
/// together (the usual Chinese year-to-date publication) February cannot be told from January,
/// so both take the reference level; likewise any months that always appear in the same
/// observations. Without this the seasonal design would be rank-deficient whenever January is
/// never observed alone.
public struct TrendDesign: Sendable, Hashable {
    public let model: TrendModel
    /// For months 1…12 (index 0 unused): the design column of the month's effect, or `nil` for
    /// the reference group (the months that share January's level).
    public let seasonColumn: [Int?]
    /// Number of regression parameters.
    public let parameterCount: Int
    /// Whether every month of the year is covered by some observation (a seasonal design needs
    /// this to say anything about every month it forecasts).
    public let coversEveryMonth: Bool

    /// The design of `model` for observations covering the given month spans (start…end as
    /// month offsets from `origin`).
    public init(model: TrendModel, spans: [(start: Period, end: Period)]) {
        self.model = model
        guard model.isSeasonal else {
            seasonColumn = Array(repeating: nil, count: 13)
            parameterCount = model.parameterCount
            coversEveryMonth = true
            return
        }
        // A month's signature: the observations that contain it. Equal signatures cannot be told apart.
        var signatures = [[Int]](repeating: [], count: 13)
        for (index, span) in spans.enumerated() {
            var months = Set<Int>()
            for period in span.start...span.end { months.insert(period.month) }
            for month in months { signatures[month].append(index) }
        }
        var columns = [Int?](repeating: nil, count: 13)
        var groupColumn: [[Int]: Int] = [:]
        var next = 2
        let reference = signatures[1]
        for month in 2...12 {
            let signature = signatures[month]
            // Unobserved months and months inseparable from January take the reference level.
            if signature.isEmpty || signature == reference { continue }
            if let shared = groupColumn[signature] {
                columns[month] = shared
            } else {
                groupColumn[signature] = next
                columns[month] = next
                next += 1
            }
        }
        seasonColumn = columns
        parameterCount = next
        coversEveryMonth = (1...12).allSatisfy { !signatures[$0].isEmpty }
    }

    /// The design row of one month: `t` months after the origin, in calendar month `month` (1…12).
    public func row(t: Int, month: Int) -> [Double] {
        let x = Double(t)
        switch model {
        case .linear, .loglinear, .damped, .ets, .theta, .seasonalNaive, .combination:
            return [1, x]
        case .quadratic:
            return [1, x, x * x]
        case .seasonal, .logseasonal:
            var row = [Double](repeating: 0, count: parameterCount)
            row[0] = 1
            row[1] = x
            if let column = seasonColumn[month] { row[column] = 1 }
            return row
        }
    }

    /// The design matrix of the months `t` (offsets from `origin`), one row each, built column by
    /// column (no array per row: the bulk fit builds one per group of series).
    public func matrix(months t: [Int], origin: Period) -> Matrix {
        let n = t.count, p = parameterCount
        var elements = [Double](repeating: 0, count: n * p)
        elements.withUnsafeMutableBufferPointer { x in
            for (i, offset) in t.enumerated() {
                let value = Double(offset)
                switch model {
                case .linear, .loglinear, .damped, .ets, .theta, .seasonalNaive, .combination:
                    x[i] = 1
                    x[i + n] = value
                case .quadratic:
                    x[i] = 1
                    x[i + n] = value
                    x[i + 2 * n] = value * value
                case .seasonal, .logseasonal:
                    x[i] = 1
                    x[i + n] = value
                    if let column = seasonColumn[origin.advanced(by: offset).month] { x[i + column * n] = 1 }
                }
            }
        }
        return Matrix(rows: n, columns: p, columnMajor: elements)
    }

    /// The design row of a span of months (the sum of the months' rows): the mean of a flow that
    /// covers several months, such as a January–February combined report.
    public func row(from start: Int, through end: Int, origin: Period) -> [Double] {
        var result = [Double](repeating: 0, count: parameterCount)
        for t in start...end {
            for (j, value) in row(t: t, month: origin.advanced(by: t).month).enumerated() { result[j] += value }
        }
        return result
    }
}
