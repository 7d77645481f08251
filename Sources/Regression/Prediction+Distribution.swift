import Distributions

extension Prediction {
    /// The predictive distribution: Student t with n − p degrees of freedom, located at `mean`
    /// and scaled by the standard error of prediction, so that
    /// P(Y ≤ y) = F_{n−p}((y − mean) / √variance).
    /// `nil` with zero degrees of freedom, where no error variance was estimated, and when the mean
    /// or variance overflowed (values beyond about 1e150).
    ///
    /// When the variance is exactly zero (an exact fit) the distribution degenerates to a point;
    /// its scale is then the smallest positive double, which keeps intervals equal to the mean.
    public var distribution: StudentTDistribution? {
        guard degreesOfFreedom > 0, let variance, variance.isFinite, mean.isFinite else { return nil }
        return StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom), location: mean,
                                    scale: max(variance.squareRoot(), .leastNonzeroMagnitude))
    }

    /// The central prediction interval at `level` (e.g. 0.95): mean ± t_{(1+level)/2, n−p}·√variance.
    /// `nil` with zero degrees of freedom.
    public func interval(level: Double) -> Interval? {
        distribution?.interval(level: level)
    }
}
