import Distributions

/// Split-conformal calibration of prediction intervals (Vovk, Gammerman & Shafer 2005; Lei et al.
/// 2018, "Distribution-free predictive inference for regression", JASA 113:1094–1111).
///
/// On a calibration set of forecasts made the same way as the ones to be calibrated (here: an
/// earlier origin of every series, at the same horizon), each forecast's absolute error is divided
/// by its model interval's half-width, sᵢ = |Aᵢ − Fᵢ| / wᵢ. The factor for nominal level 1 − α is
/// the ⌈(n + 1)(1 − α)⌉-th smallest sᵢ: multiplying every half-width by it covers a new forecast
/// with probability at least 1 − α when calibration and new forecasts are exchangeable. A factor
/// above 1 widens intervals that were too narrow (autocorrelation, trend breaks); below 1 narrows
/// ones that were too wide.
public enum ConformalFactors {
    /// The factor, or `nil` with fewer than 20 usable calibration forecasts (too few to say).
    ///
    /// - Parameter magnitudes: the size of each forecast (|F|, say). A pair whose half-width is
    ///   below 10⁻⁸ of it comes from an exact fit (a constant series): its width and error are
    ///   rounding noise and their ratio says nothing, so it is left out.
    public static func factor(errors: [Double], halfWidths: [Double], magnitudes: [Double]? = nil, level: Double) -> Double? {
        let sizes = magnitudes ?? Array(repeating: 0, count: errors.count)
        let ratios = zip(zip(errors, halfWidths), sizes).compactMap { pair, size -> Double? in
            let (error, width) = pair
            guard error.isFinite, width.isFinite, width > 0, width > 1e-8 * abs(size) else { return nil }
            return error / width
        }.sorted()
        guard ratios.count >= 20 else { return nil }
        let rank = Int((Double(ratios.count + 1) * level).rounded(.up))
        return ratios[min(ratios.count, max(1, rank)) - 1]
    }
}

extension ConformalFactors {
    /// Calibration forecasts collected one by one — each with its absolute error, its 80% and
    /// 95% half-widths on the error's side and its size — and turned into the factors of an
    /// ``IntervalCalibration``: the one routine behind `forecast run`'s, `forecast series`' and
    /// the series backtest's calibrated intervals.
    public struct Sample: Sendable, Hashable {
        public private(set) var errors: [Double] = []
        public private(set) var halfWidths80: [Double] = []
        public private(set) var halfWidths95: [Double] = []
        public private(set) var magnitudes: [Double] = []

        public init() {}

        /// Adds one forecast: |actual − forecast|, its half-widths and |forecast|.
        public mutating func append(error: Double, halfWidth80: Double, halfWidth95: Double, magnitude: Double) {
            errors.append(error)
            halfWidths80.append(halfWidth80)
            halfWidths95.append(halfWidth95)
            magnitudes.append(magnitude)
        }

        /// Forecasts collected.
        public var count: Int { errors.count }

        /// The factors (``ConformalFactors/factor(errors:halfWidths:magnitudes:level:)`` at 80% and
        /// 95%), or `nil` when either cannot be learned (fewer than 20 usable forecasts).
        public var calibration: IntervalCalibration? {
            guard let f80 = ConformalFactors.factor(errors: errors, halfWidths: halfWidths80, magnitudes: magnitudes, level: 0.8),
                  let f95 = ConformalFactors.factor(errors: errors, halfWidths: halfWidths95, magnitudes: magnitudes, level: 0.95)
            else { return nil }
            return IntervalCalibration(factor80: f80, factor95: f95, forecasts: count)
        }
    }
}

/// Split-conformal factors for the 80% and 95% intervals (``ConformalFactors``), and how many
/// calibration forecasts they were learned from.
public struct IntervalCalibration: Sendable, Hashable {
    /// Half-widths of 80% intervals (and the spread P(met) is computed with) are multiplied by it.
    public var factor80: Double
    /// Half-widths of 95% intervals are multiplied by it.
    public var factor95: Double
    /// Calibration forecasts the factors were learned from.
    public var forecasts: Int

    public init(factor80: Double, factor95: Double, forecasts: Int) {
        self.factor80 = factor80
        self.factor95 = factor95
        self.forecasts = forecasts
    }

    /// The factor for a central interval at `level`: the 80% factor up to 80%, the 95% factor from
    /// 95%, linear in between.
    public func factor(level: Double) -> Double {
        if level <= 0.8 { return factor80 }
        if level >= 0.95 { return factor95 }
        return factor80 + (factor95 - factor80) * (level - 0.8) / 0.15
    }

    /// `interval` with each half-width (from `point`) multiplied by the factor for its level.
    public func widen(_ interval: Interval, around point: Double) -> Interval {
        let factor = factor(level: interval.level)
        return Interval(level: interval.level, lower: point - factor * (point - interval.lower),
                        upper: point + factor * (interval.upper - point))
    }
}
