// Forecasting: what is fitted and forecast, for any metric — model data from readings (`ModelData`),
// trend models and the one estimator that fits them to one series or thousands with AICc
// (`TrendModel`, `BatchTrendFit`; `TrendFit` and `ModelSelection` for one metric), the damped
// trend, predictive distributions (`ForecastDistribution`) and split-conformal calibration
// (`ConformalFactors`, `IntervalCalibration`). It knows nothing of targets.

import Distributions
import Foundation
import LinearAlgebra
import Regression
import TargetData

/// A ``TrendModel`` fitted to ``ModelData``: the regression, its information criterion, and
/// predictive distributions for future months.
public struct TrendFit: Sendable {
    public let model: TrendModel
    /// The design for these data (which months of the year have their own effect).
    public let design: TrendDesign
    /// Month t = 0 of the design.
    public let origin: Period
    /// The weighted least-squares fit (rows and values divided by √(months covered)).
    public let regression: LinearFit
    /// Number of observations fitted.
    public let observations: Int
    /// The small-sample Akaike information criterion on the scale of the original values
    /// (see ``TrendFit/init(model:data:)``).
    public let aicc: Double
    /// The last month observed.
    public let lastObserved: Period
    /// Whether the model fits the data exactly up to rounding (a rate stuck at 100%, a constant
    /// count): s ≤ 10⁻¹⁰ × the root mean square of the fitted values. Forecasts are then points,
    /// not Student t distributions with a scale made of rounding errors.
    public let isExact: Bool

    /// Fits `model` to `data`.
    ///
    /// Weighted least squares, every transformed error with variance σ² (the per-month variance):
    /// - linear models: an observation spanning k months has mean equal to the sum of its months'
    ///   means and variance k·σ², so its row (the sum of the months' rows) and its value are
    ///   divided by √k;
    /// - log models: a k-month observation y enters as log(y/k), the log of its monthly average,
    ///   modelled as the average of its months' log means (row = the mean of the months' rows),
    ///   with variance σ²/k, so row and value are multiplied by √k. This replaces the log of an
    ///   average by the average of logs; the difference (Jensen's gap) only touches months the
    ///   data never observe apart, which share one seasonal effect, so forecasts of other months
    ///   are unaffected.
    ///
    /// The fit is a ``BatchTrendFit`` of one series (the estimator `forecast series` and both
    /// backtests use). AICc (Hurvich & Tsai 1989) with K = p + 1 parameters (the coefficients
    /// and σ²), for observations with known variance multipliers vᵢ (k or 1/k):
    ///
    ///     ln L = −n/2 · (ln(2π σ̂²) + 1) − ½ Σ ln vᵢ,   σ̂² = RSS_w / n
    ///     AICc = −2 ln L + 2K + 2K(K + 1)/(n − K − 1)
    ///
    /// For log models the likelihood of y, not of log y, is used so that criteria compare across
    /// models: ln L_y = ln L_{log y} − Σ ln yᵢ (the Jacobian of y ↦ log y).
    ///
    /// - Returns: `nil` when the data do not allow the model; ``fitting(_:to:)`` says why.
    public init?(model: TrendModel, data: ModelData) {
        guard case let .success(fit) = Self.fitting(model, to: data) else { return nil }
        self = fit
    }

    /// Why a model could not be fitted to a metric's data.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The damped trend forecasts series (``DampedTrend``), not targets' year values.
        case notATargetModel
        /// Fewer observations than the model needs (``TrendModel/minimumObservations``, or enough
        /// residual degrees of freedom for AICc).
        case tooFewObservations(have: Int, needed: Int)
        /// A seasonal model on observations from fewer than two calendar years.
        case fewerThanTwoYears(years: Int)
        /// A log model on data with a zero or negative value.
        case nonPositiveValues
        /// A seasonal model whose design would need a month of the year that is never observed
        /// apart from its neighbours.
        case monthNeverObserved
        /// The design cannot be solved (collinear columns).
        case rankDeficient
        /// Values so large (beyond about 1e150) that their squares overflow double precision,
        /// or not finite.
        case valuesTooLarge
        /// The linear-algebra library reported a failure (with its message).
        case solverFailed(String)

        public var description: String {
            switch self {
            case .notATargetModel: "the per-series methods (damped, ets, theta, seasonal-naive, combination) forecast series, not year values"
            case let .tooFewObservations(have, needed): "\(have) observation\(have == 1 ? "" : "s"), it needs at least \(needed)"
            case let .fewerThanTwoYears(years): "it needs observations over at least two calendar years (these cover \(years))"
            case .nonPositiveValues: "it needs positive values (a log model)"
            case .monthNeverObserved: "it needs every month of the year observed"
            case .rankDeficient: "its design cannot be solved from the months observed"
            case .valuesTooLarge: "the values are too large to fit in double precision"
            case let .solverFailed(message): "the linear-algebra library failed (\(message))"
            }
        }
    }

    /// Fits `model` to `data` (see ``init(model:data:)`` for the method), or says why it cannot.
    public static func fitting(_ model: TrendModel, to data: ModelData) -> Result<TrendFit, Failure> {
        let observations = data.observations
        guard !model.isSeriesMethod else { return .failure(.notATargetModel) }
        guard let origin = data.firstPeriod, let last = data.lastPeriod, observations.count >= model.minimumObservations else {
            return .failure(.tooFewObservations(have: observations.count, needed: model.minimumObservations))
        }
        if model.isSeasonal && data.yearsCovered < 2 { return .failure(.fewerThanTwoYears(years: data.yearsCovered)) }
        if model.isLogarithmic && !data.isPositive { return .failure(.nonPositiveValues) }

        let design = TrendDesign(model: model, spans: observations.map { ($0.start, $0.end) })
        guard design.coversEveryMonth else { return .failure(.monthNeverObserved) }
        let p = design.parameterCount
        var rows: [[Double]] = []
        var values: [Double] = []
        var logVarianceMultipliers = 0.0
        var jacobian = 0.0
        for observation in observations {
            let k = Double(observation.months)
            var row = design.row(from: origin.distance(to: observation.start),
                                 through: origin.distance(to: observation.end), origin: origin)
            if model.isLogarithmic {
                let weight = k.squareRoot()
                rows.append(row.map { $0 / k * weight })
                values.append(log(observation.value / k) * weight)
                logVarianceMultipliers -= log(k)
                jacobian += log(observation.value)
            } else {
                let weight = 1 / k.squareRoot()
                row = row.map { $0 * weight }
                rows.append(row)
                values.append(observation.value * weight)
                logVarianceMultipliers += log(k)
            }
        }
        guard values.allSatisfy(\.isFinite) else { return .failure(.valuesTooLarge) }
        let tooFew = Failure.tooFewObservations(have: observations.count, needed: p + 3)
        let batch: BatchTrendFit
        switch BatchTrendFit.fitting(design, rows: Matrix(rows: rows),
                                     responses: Matrix(rows: values.count, columns: 1, columnMajor: values),
                                     likelihoodOffsets: [logVarianceMultipliers + 2 * jacobian]) {
        case let .success(fitted): batch = fitted
        case .failure(.tooFewObservations): return .failure(tooFew)
        case let .failure(failure): return .failure(failure)
        }
        let fit = batch.regression[0]
        guard fit.degreesOfFreedom > 0 else { return .failure(tooFew) }
        // Values so large that squares overflow (beyond about 1e150) cannot be fitted in doubles.
        guard fit.coefficients.allSatisfy(\.isFinite), fit.residualSumOfSquares.isFinite else { return .failure(.valuesTooLarge) }
        guard let aicc = batch.aicc(series: 0) else { return .failure(tooFew) }
        let meanSquare = values.reduce(0) { $0 + $1 * $1 } / Double(observations.count)
        return .success(TrendFit(
            model: model, design: design, origin: origin, regression: fit, observations: observations.count,
            aicc: aicc, lastObserved: last,
            isExact: fit.residualSumOfSquares / Double(fit.degreesOfFreedom) <= 1e-20 * meanSquare))
    }

    private init(model: TrendModel, design: TrendDesign, origin: Period, regression: LinearFit, observations: Int,
                 aicc: Double, lastObserved: Period, isExact: Bool) {
        self.model = model
        self.design = design
        self.origin = origin
        self.regression = regression
        self.observations = observations
        self.aicc = aicc
        self.lastObserved = lastObserved
        self.isExact = isExact
    }

    /// Residual degrees of freedom n − p.
    public var degreesOfFreedom: Int { regression.degreesOfFreedom }

    /// The fitted mean of one month (on the original scale; for the log model, the median exp(xᵀβ)).
    public func fittedValue(at period: Period) -> Double {
        let row = design.row(t: origin.distance(to: period), month: period.month)
        let value = zip(row, regression.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        return model.isLogarithmic ? exp(value) : value
    }

    /// The predictive distribution of the value of one future month (a level).
    ///
    /// Linear models: Student t with n − p degrees of freedom, mean x₀ᵀβ̂ and variance
    /// s²(1 + x₀ᵀ(XᵀX)⁻¹x₀). Log model: exp of that t distribution on the log scale.
    public func value(at period: Period) -> ForecastDistribution {
        let row = design.row(t: origin.distance(to: period), month: period.month)
        let prediction = regression.predict(at: row)
        guard !isExact, let t = prediction.distribution else {
            return ForecastDistribution(.known(model.isLogarithmic ? exp(prediction.mean) : prediction.mean))
        }
        return ForecastDistribution(model.isLogarithmic ? .logStudentT(t) : .studentT(t))
    }

    /// The predictive distribution of the sum of the values of `periods` (flows; the months need
    /// not be consecutive).
    ///
    /// Linear models: Student t with mean gᵀβ̂ and variance s²(h + gᵀ(XᵀX)⁻¹g), g = X₀ᵀ1 — the
    /// full covariance of the summed means. Log model: the sum over seeded simulated paths
    /// (``simulatePaths(_:seed:draws:)``). No months: exactly 0.
    public func sum(of periods: [Period], seed: UInt64, draws: Int = 10_000) -> ForecastDistribution {
        guard !periods.isEmpty else { return ForecastDistribution(.known(0)) }
        guard model.isLogarithmic else {
            let prediction = regression.predictSum(over: designRows(periods))
            guard !isExact, let t = prediction.distribution else { return ForecastDistribution(.known(prediction.mean)) }
            return ForecastDistribution(.studentT(t))
        }
        if isExact {
            return ForecastDistribution(.known(periods.map(fittedValue(at:)).reduce(0, +)))
        }
        var sums: [Double] = []
        sums.reserveCapacity(draws)
        simulate(periods, seed: seed, draws: draws) { path in sums.append(path.reduce(0, +)) }
        return ForecastDistribution(.empirical(sums))
    }

    /// The design rows of `periods`.
    func designRows(_ periods: [Period]) -> Matrix {
        Matrix(rows: periods.map { design.row(t: origin.distance(to: $0), month: $0.month) })
    }

    /// Seeded draws of the values of `periods` from the joint predictive distribution, for
    /// quantities that are not linear in the values (the largest month, sums of a log model).
    ///
    /// Each draw is a multivariate-t path: given w = √(ν/χ²_ν), ν = n − p, the months' linear
    /// predictors are normal with mean X₀β̂ and covariance w²·P, P = X₀ s²(XᵀX)⁻¹ X₀ᵀ + s² I (the
    /// coefficients' uncertainty shared by the months plus each month's own error), so a draw is
    /// X₀β̂ + w·M z with M Mᵀ = P and z standard normal — the same law as drawing β* = β̂ + w·L z
    /// (L Lᵀ = s²(XᵀX)⁻¹) and then each month's error, with one normal per month instead of one
    /// per coefficient and month. The month's value is the predictor (exp of it for the log
    /// model). Draws are reproducible: the same seed gives the same paths (``GaussianSampler``).
    ///
    /// - Returns: `draws` paths of `periods.count` values each (one path of fitted values when
    ///   the fit has no residual variance).
    public func simulatePaths(_ periods: [Period], seed: UInt64, draws: Int = 10_000) -> [[Double]] {
        var paths: [[Double]] = []
        paths.reserveCapacity(draws)
        simulate(periods, seed: seed, draws: draws) { paths.append(Array($0)) }
        return paths
    }

    /// The paths of ``simulatePaths(_:seed:draws:)``, each handed to `body` in one reused buffer
    /// (a sum needs no array per path: 10,000 allocations per simulated year value otherwise).
    private func simulate(_ periods: [Period], seed: UInt64, draws: Int, _ body: (UnsafeBufferPointer<Double>) -> Void) {
        let rows = designRows(periods)
        let p = design.parameterCount, h = rows.rows
        let beta = regression.coefficients
        let logarithmic = model.isLogarithmic
        let means = (0..<h).map { i in (0..<p).reduce(0.0) { $0 + rows[i, $1] * beta[$1] } }
        var path = [Double](repeating: 0, count: h)
        guard let s2 = regression.residualVariance, s2 > 0, let covariance = regression.covariance,
              degreesOfFreedom >= 1, let factor = Self.predictiveFactor(rows: rows, covariance: covariance, residualVariance: s2) else {
            for i in 0..<h { path[i] = logarithmic ? exp(means[i]) : means[i] }
            path.withUnsafeBufferPointer(body)
            return
        }
        let nu = degreesOfFreedom
        var random = GaussianSampler(seed: seed)
        var shifts = [Double](repeating: 0, count: h), z = [Double](repeating: 0, count: h)
        var w = 1.0
        for draw in 0..<draws {
            // Antithetic pairs: every second draw is the one before with −z and the same w, an
            // equally likely path (z is symmetric and independent of w, so each draw's law is
            // exact). It halves the normals drawn; a sum of the months' values is then usually
            // less variable over a pair than over two independent draws (when the months'
            // predictive covariances are not negative, as with a shared trend), never biased.
            let sign: Double = draw % 2 == 0 ? 1 : -1
            if draw % 2 == 0 {
                let chiSquare = random.chiSquare(degreesOfFreedom: nu)
                w = (Double(nu) / max(chiSquare, .leastNormalMagnitude)).squareRoot()
                for i in 0..<h {
                    z[i] = random.normal()
                    var shift = 0.0
                    for j in 0...i { shift += factor[i * h + j] * z[j] }
                    shifts[i] = shift
                }
            }
            for i in 0..<h {
                let value = means[i] + sign * w * shifts[i]
                path[i] = logarithmic ? exp(value) : value
            }
            path.withUnsafeBufferPointer(body)
        }
    }

    /// The lower Cholesky factor M of P = X₀ C X₀ᵀ + s² I (row-major, h × h), C the coefficients'
    /// covariance: the predictive covariance of the months of `rows` given w = 1. `nil` when P is
    /// not numerically positive definite (it is whenever s² > 0).
    static func predictiveFactor(rows: Matrix, covariance: Matrix, residualVariance s2: Double) -> [Double]? {
        let h = rows.rows, p = rows.columns
        var product = [Double](repeating: 0, count: h * p)   // X₀ C
        for i in 0..<h {
            for k in 0..<p {
                var sum = 0.0
                for j in 0..<p { sum += rows[i, j] * covariance[j, k] }
                product[i * p + k] = sum
            }
        }
        var predictive = Matrix(rows: h, columns: h)
        for i in 0..<h {
            for k in 0...i {
                var sum = i == k ? s2 : 0
                for j in 0..<p { sum += product[i * p + j] * rows[k, j] }
                predictive[i, k] = sum
                predictive[k, i] = sum
            }
        }
        guard let lower = predictive.choleskyLower() else { return nil }
        return (0..<(h * h)).map { lower[$0 / h, $0 % h] }
    }
}
