import Distributions
import Foundation

/// The predictive distribution of a forecast quantity (a year total, a level at the deadline, a
/// growth rate), from which the point forecast, intervals and probabilities are derived.
///
/// Three shapes arise:
/// - Student t — linear models: a month's value or a sum of months (``Prediction``);
/// - exp of a Student t — a single month of a log-linear model (exact quantiles: exp of the t
///   quantiles, since exp is monotone);
/// - an empirical distribution of seeded simulation draws — sums of log-linear months, and
///   combinations of two forecasts (a relative target's difference of growths).
///
/// An affine map q = a·v + b (growth = 100·(V/B − 1), say) and optional bounds (a ratio stays in
/// 0–100) are applied on top without approximation: both are monotone, so quantiles map through.
public struct ForecastDistribution: Sendable {
    public enum Shape: Sendable {
        case studentT(StudentTDistribution)
        case logStudentT(StudentTDistribution)
        /// Sorted draws.
        case empirical([Double])
        /// A value already known exactly (for example a deadline that has passed).
        case known(Double)
    }

    public var shape: Shape
    /// q = scale·v + shift.
    public var scale: Double = 1
    public var shift: Double = 0
    /// Values are clamped into this range, when set.
    public var bounds: ClosedRange<Double>?

    public init(_ shape: Shape) {
        if case let .empirical(draws) = shape {
            self.shape = .empirical(RadixSort.sorted(draws))
        } else {
            self.shape = shape
        }
    }

    /// The distribution of a·X + b.
    public func affine(scale a: Double, shift b: Double) -> ForecastDistribution {
        var result = self
        result.scale = a * scale
        result.shift = a * shift + b
        result.bounds = bounds.flatMap { range in
            let (x, y) = (a * range.lowerBound + b, a * range.upperBound + b)
            // An infinite bound times a zero or negative scale can be NaN: drop such a bound.
            guard !x.isNaN, !y.isNaN else { return nil }
            return min(x, y)...max(x, y)
        }
        return result
    }

    /// The distribution spread `factor` times as wide around its median (calibration): Student t
    /// scales multiply by it (for log models on the log scale, a multiplicative widening), draws
    /// move away from their median, a known value stays known.
    public func widened(by factor: Double) -> ForecastDistribution {
        guard factor.isFinite, factor > 0, factor != 1 else { return self }
        var result = self
        switch shape {
        case let .studentT(t):
            result.shape = .studentT(StudentTDistribution(degreesOfFreedom: t.degreesOfFreedom, location: t.location, scale: t.scale * factor))
        case let .logStudentT(t):
            result.shape = .logStudentT(StudentTDistribution(degreesOfFreedom: t.degreesOfFreedom, location: t.location, scale: t.scale * factor))
        case let .empirical(draws):
            let median = Self.empiricalQuantile(draws, 0.5)
            result.shape = .empirical(draws.map { median + factor * ($0 - median) })
        case .known:
            break
        }
        return result
    }

    /// The same distribution with values clamped into `range` (intersected with any bounds it has).
    public func clamped(to range: ClosedRange<Double>) -> ForecastDistribution {
        var result = self
        if let bounds {
            let lower = max(bounds.lowerBound, range.lowerBound), upper = min(bounds.upperBound, range.upperBound)
            result.bounds = lower <= upper ? lower...upper : range   // false for NaN too
        } else {
            result.bounds = range
        }
        return result
    }

    private func baseQuantile(_ p: Double) -> Double {
        switch shape {
        case let .studentT(t): t.quantile(p)
        case let .logStudentT(t): exp(t.quantile(p))
        case let .empirical(draws): Self.empiricalQuantile(draws, p)
        case let .known(value): value
        }
    }

    private func baseCDF(_ x: Double) -> Double {
        switch shape {
        case let .studentT(t): return t.cdf(x)
        case let .logStudentT(t): return x <= 0 ? 0 : t.cdf(log(x))
        case let .empirical(draws):
            guard !draws.isEmpty else { return .nan }
            var low = 0, high = draws.count
            while low < high {
                let mid = (low + high) / 2
                if draws[mid] <= x { low = mid + 1 } else { high = mid }
            }
            return Double(low) / Double(draws.count)
        case let .known(value): return x >= value ? 1 : 0
        }
    }

    private func clamp(_ value: Double) -> Double {
        guard let bounds else { return value }
        return min(max(value, bounds.lowerBound), bounds.upperBound)
    }

    /// The p-quantile (0 < p < 1).
    public func quantile(_ p: Double) -> Double {
        let base = scale >= 0 ? baseQuantile(p) : baseQuantile(1 - p)
        return clamp(scale * base + shift)
    }

    /// P(Q ≤ q).
    public func cdf(_ q: Double) -> Double {
        if let bounds {
            if q < bounds.lowerBound { return 0 }
            if q >= bounds.upperBound { return 1 }
        }
        return unboundedCDF(q)
    }

    /// P(Q ≥ q) — for continuous shapes the same as P(Q > q). With bounds, the mass clamped onto
    /// a bound counts as being at it: P(Q ≥ upper bound) = P(unclamped ≥ upper bound).
    public func probabilityAtLeast(_ q: Double) -> Double {
        if case .known = shape { return quantile(0.5) >= q - Self.tolerance(q) ? 1 : 0 }
        if let bounds {
            if q > bounds.upperBound { return 0 }
            if q <= bounds.lowerBound { return 1 }
        }
        return 1 - unboundedCDF(q)
    }

    /// P(Q ≤ q), with the mass clamped onto a bound counted as being at it.
    public func probabilityAtMost(_ q: Double) -> Double {
        if case .known = shape { return quantile(0.5) <= q + Self.tolerance(q) ? 1 : 0 }
        if let bounds {
            if q < bounds.lowerBound { return 0 }
            if q >= bounds.upperBound { return 1 }
        }
        return unboundedCDF(q)
    }

    private func unboundedCDF(_ q: Double) -> Double {
        guard scale != 0 else { return q >= shift ? 1 : 0 }
        let v = (q - shift) / scale
        return scale > 0 ? baseCDF(v) : 1 - baseCDF(v)
    }

    /// How close a known value must be to a threshold to count as reaching it: rounding in
    /// sums and fits (100% computed as 99.99999999999997%) must not decide a target.
    package static func tolerance(_ threshold: Double) -> Double { 1e-9 * max(1, abs(threshold)) }

    /// The point forecast: the median (for Student t also the mean; for log models the median is
    /// reported because the mean of exp(t) does not exist).
    public var median: Double { quantile(0.5) }

    /// The central interval at `level` (0.8 → the 10% and 90% quantiles).
    /// A distribution that overflowed (readings near the ends of the floating-point range) has
    /// NaN quantiles: its interval is then the whole line, which says "unknown" without trapping.
    public func interval(level: Double) -> Interval {
        let tail = (1 - level) / 2
        var lower = quantile(tail), upper = quantile(1 - tail)
        if lower.isNaN || upper.isNaN { (lower, upper) = (-.infinity, .infinity) }
        return Interval(level: level, lower: min(lower, upper), upper: max(lower, upper))
    }

    /// Linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default).
    static func empiricalQuantile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first, let last = sorted.last else { return .nan }
        if p <= 0 { return first }
        if p >= 1 { return last }
        let position = p * Double(sorted.count - 1)
        let index = Int(position)
        let fraction = position - Double(index)
        guard index + 1 < sorted.count else { return last }
        return sorted[index] + fraction * (sorted[index + 1] - sorted[index])
    }
}
