/// How prediction intervals and P(met) are computed, in every command and run value.
public enum IntervalMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Textbook intervals widened by split-conformal factors learned from the data's own past
    /// (Lei et al. 2018; ``ConformalFactors``): the default, since textbook intervals are too
    /// narrow on monthly data whose errors are autocorrelated and whose trends change.
    case calibrated
    /// Textbook OLS Student-t intervals.
    case ols
}
