import Distributions
import Foundation
import LinearAlgebra
import Regression

/// One ``TrendDesign`` fitted to many series at once: the estimator behind every trend forecast
/// of the library.
///
/// `forecast run` fits one metric (k = 1, through ``TrendFit``), `forecast series` a group of
/// series observed in the same months (k up to thousands, one QR factorisation and level-3 BLAS
/// for all of them), and both backtests fit as those do because they call the same code: the
/// same least squares, the same AICc and the same predictions.
///
/// Per series j (column j of the responses), with the rows X (n × p) shared by every series:
///
///     β̂ⱼ = argmin ‖yⱼ − Xβ‖²,   RSSⱼ = ‖yⱼ − Xβ̂ⱼ‖²,   σ̂ⱼ² = RSSⱼ / n,   s²ⱼ = RSSⱼ / (n − p)
///
/// AICc (Hurvich & Tsai 1989) with K = p + 1 parameters (the coefficients and σ²), from the
/// Gaussian log-likelihood of the original values:
///
///     −2 ln L = n·ln σ̂² + n·(ln 2π + 1) + cⱼ
///     AICc    = −2 ln L + 2K + 2K(K + 1)/(n − K − 1)
///
/// where cⱼ collects what does not depend on the fit: Σ ln vᵢ for observations with known
/// variance multipliers vᵢ (spans of several months), and 2 Σ ln yᵢ for a model fitted on log
/// values (the Jacobian of y ↦ log y, so that log and level models compare on the same scale).
/// An exact fit (σ̂² = 0) has an unbounded likelihood; σ̂² is floored at the smallest normal
/// double, which ranks it first but keeps it finite.
public struct BatchTrendFit: Sendable {
    /// The design fitted (its model and which months of the year have their own effect).
    public let design: TrendDesign
    /// The least-squares fits, one column per series.
    public let regression: BatchLinearFit
    /// cⱼ per series (see the type's formula); `nil` means 0 for every series.
    let likelihoodOffsets: [Double]?

    /// Fits `design`'s `rows` (n × p) to every column of `responses` (n × k).
    ///
    /// - Parameters:
    ///   - responses: one series per column; pass it as its last use to avoid a copy.
    ///   - likelihoodOffsets: cⱼ per series (see the type's formula), or `nil` for none.
    /// - Returns: the fit, or why the design cannot be fitted to these rows.
    public static func fitting(_ design: TrendDesign, rows: Matrix, responses: consuming Matrix,
                               likelihoodOffsets: [Double]? = nil) -> Result<BatchTrendFit, TrendFit.Failure> {
        precondition(likelihoodOffsets.map { $0.count == responses.columns } ?? true,
                     "BatchTrendFit: one likelihood offset per series")
        let problem: LeastSquares
        do {
            problem = try LeastSquares(design: rows)
        } catch {
            switch error {
            case let .tooFewObservations(n, p): return .failure(.tooFewObservations(have: n, needed: p))
            case .rankDeficient: return .failure(.rankDeficient)
            case .nonFiniteDesign: return .failure(.valuesTooLarge)
            case .nonFiniteResponse, .dimensionMismatch, .linearAlgebra: return .failure(.solverFailed("\(error)"))
            }
        }
        guard let fit = try? problem.fit(columns: responses) else { return .failure(.valuesTooLarge) }
        return .success(BatchTrendFit(design: design, regression: fit, likelihoodOffsets: likelihoodOffsets))
    }

    /// Number of series fitted.
    public var count: Int { regression.count }
    /// Number of observations n (rows of the design).
    public var observations: Int { regression.problem.observations }
    /// Residual degrees of freedom n − p, shared by every series.
    public var degreesOfFreedom: Int { regression.degreesOfFreedom }

    /// AICc of series `series` (see the type's formula); `nil` when n ≤ K + 1, where it is
    /// undefined.
    public func aicc(series: Int) -> Double? {
        Self.aicc(residualSumOfSquares: regression.residualSumOfSquares[series], observations: observations,
                  parameters: design.parameterCount, offset: likelihoodOffsets?[series] ?? 0)
    }

    /// AICc (see the type's formula) of a fit with this RSS on n observations and p
    /// coefficients, cⱼ = `offset`; `nil` when n ≤ K + 1 (K = p + 1). Shared with the fits of
    /// series that miss some months (``RowDeletionFits``), whose n is their own.
    public static func aicc(residualSumOfSquares rss: Double, observations: Int, parameters: Int, offset: Double = 0) -> Double? {
        let n = Double(observations), k = Double(parameters + 1)
        guard n - k - 1 > 0 else { return nil }
        let sigma2 = max(rss / n, .leastNormalMagnitude)
        let fitTerms = n * Foundation.log(sigma2) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
        return fitTerms + n * (Foundation.log(2 * Double.pi) + 1) + offset
    }

    /// The trend coefficient of series `series`: value units per month (log units for log models).
    public func slope(series: Int) -> Double { regression.coefficients[1, series] }

    /// The predictions of the sum of the future rows `rows` (h × p), for every series: mean gᵀβ̂ⱼ
    /// and variance s²ⱼ(h + gᵀ(XᵀX)⁻¹g), g = X₀ᵀ1 (``BatchLinearFit/predictSums(over:)``).
    public func sums(over rows: Matrix) -> [Prediction] {
        regression.predictSums(over: rows)
    }

    /// The predictions of the value at each future row of `rows` (h × p) for series `series`:
    /// mean x₀ᵀβ̂ and variance s²(1 + x₀ᵀ(XᵀX)⁻¹x₀), with the quadratic forms of all rows from
    /// one triangular solve (``LeastSquares/quadraticForms(_:)``).
    public func values(at rows: Matrix, series: Int) -> [Prediction] {
        let p = design.parameterCount
        let forms = regression.problem.quadraticForms(rows.transposed)
        let df = degreesOfFreedom
        let s2: Double? = df > 0 ? regression.residualSumOfSquares[series] / Double(df) : nil
        return regression.coefficients.elements.withUnsafeBufferPointer { beta in
            (0..<rows.rows).map { i in
                var mean = 0.0
                for j in 0..<p { mean += rows[i, j] * beta[j + series * p] }
                return Prediction(mean: mean, varianceOfMean: s2.map { $0 * forms[i] },
                                  variance: s2.map { $0 * (1 + forms[i]) }, degreesOfFreedom: df, count: 1)
            }
        }
    }
}

/// Student-t quantiles for the central prediction intervals every forecast reports, by degrees
/// of freedom, each computed once (a quantile costs a numerical inversion).
package struct IntervalQuantiles: Sendable {
    /// The levels of the intervals reported: 80% and 95%.
    package static let levels = [0.8, 0.95]
    /// For degrees of freedom 0…maximum: t_{(1+level)/2, df} per level (NaN where not computed).
    private let table: [[Double]]

    /// Quantiles for 1…`maximumDegreesOfFreedom` degrees of freedom, or only for those in `only`.
    package init(maximumDegreesOfFreedom: Int, only: Set<Int>? = nil) {
        let unused = [Double](repeating: .nan, count: Self.levels.count)
        table = [unused] + (1...max(1, maximumDegreesOfFreedom)).map { df in
            if let only, !only.contains(df) { return unused }
            let t = StudentTDistribution(degreesOfFreedom: Double(df))
            return Self.levels.map { t.quantile(0.5 + $0 / 2) }
        }
    }

    /// t·SE per level, or `nil` when the degrees of freedom are 0 or beyond the table or the
    /// standard error is not a number.
    package func halfWidths(standardError: Double?, degreesOfFreedom df: Int) -> [Double]? {
        guard let standardError, !standardError.isNaN, df > 0, df < table.count else { return nil }
        let widths = table[df].map { $0 * standardError }
        return widths.contains(where: \.isNaN) ? nil : widths
    }

    /// The central intervals point ∓ half-width, one per level.
    /// Empty when an end would not be a number (an infinite point or width).
    package static func intervals(around point: Double, halfWidths: [Double]) -> [Interval] {
        guard zip(levels, halfWidths).allSatisfy({ !(point - $1).isNaN && !(point + $1).isNaN && $1 >= 0 }) else { return [] }
        return zip(levels, halfWidths).map { Interval(level: $0, lower: point - $1, upper: point + $1) }
    }
}
