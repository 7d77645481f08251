/// The predictive distribution of a future value, or of the sum of several future values, under
/// a fitted linear model with normal errors.
///
/// For new design rows X₀ (h×p) to be summed, with g = X₀ᵀ1:
///
///     mean            = gᵀ β̂
///     varianceOfMean  = s² · gᵀ (XᵀX)⁻¹ g
///     variance        = s² · (h + gᵀ (XᵀX)⁻¹ g)
///
/// The h future errors are independent (h σ²) and share one estimated mean, whose uncertainty
/// enters once through the full covariance — not the sum of h per-row prediction variances, which
/// ignores the correlation between the rows' estimated means. (X₀ with one row gives the familiar
/// s²(1 + x₀ᵀ(XᵀX)⁻¹x₀).) (mean − Y)/√variance follows Student's t with n − p degrees of freedom;
/// see `distribution`. Reference: Seber & Lee, *Linear Regression Analysis*, 2nd ed., §5.3.
public struct Prediction: Sendable, Hashable {
    /// The point forecast gᵀβ̂.
    public let mean: Double
    /// s²·gᵀ(XᵀX)⁻¹g: the variance of the estimated mean; `nil` with zero degrees of freedom.
    public let varianceOfMean: Double?
    /// s²·(h + gᵀ(XᵀX)⁻¹g): the variance of the future value (or sum); `nil` with zero degrees of freedom.
    public let variance: Double?
    /// Residual degrees of freedom n − p of the fit it came from.
    public let degreesOfFreedom: Int
    /// h: how many future values are summed (1 for a single value).
    public let count: Int

    /// Creates a prediction from its parts.
    public init(mean: Double, varianceOfMean: Double?, variance: Double?, degreesOfFreedom: Int, count: Int) {
        self.mean = mean
        self.varianceOfMean = varianceOfMean
        self.variance = variance
        self.degreesOfFreedom = degreesOfFreedom
        self.count = count
    }

    /// √variance, the standard error of prediction.
    public var standardError: Double? { variance.map { $0.squareRoot() } }
}
