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
