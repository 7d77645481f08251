/// Point forecasts whose errors are linear in the innovations still to come: for the month h steps
/// after the last training month,
///
///     e_h = w_h · Σ_{j=0}^{h−1} c_j · ε_{T+h−j},   c₀ = 1,   ε iid with variance σ²,
///
/// the form of every linear exponential-smoothing model (Hyndman, Koehler, Ord & Snyder 2008,
/// *Forecasting with Exponential Smoothing*, §6.1, class 1: c_j = α + β·φ_j with
/// φ_j = φ + φ² + … + φ^j) and of seasonal naive (c_j = 1 when 12 divides j, else 0). w_h is the
/// seasonal index the adjusted forecast is multiplied by (1 without adjustment), so errors scale
/// with the season as the forecast does.
///
/// Variances follow without simulation, for one month and for any sum of months (a year's total
/// must count the correlation across months: ε_{T+k} enters every later month's error):
///
///     Var(e_h) = σ² · w_h² · Σ_{j<h} c_j²
///     Var(Σ_{i∈S} e_{h_i}) = σ² · Σ_{k≥1} (Σ_{i∈S, h_i ≥ k} w_i · c_{h_i−k})²
///
/// Neither counts the uncertainty of the fitted parameters or of the seasonal indices: the
/// split-conformal calibration (the default intervals) scales them to the coverage seen on each
/// file's own recent history.
struct InnovationsForecast {
    /// Steps h ≥ 1 after the last training month, one per forecast month.
    var steps: [Int]
    var means: [Double]
    /// w_h per forecast month.
    var weights: [Double]
    /// c₀ … c_{max h − 1}.
    var coefficients: [Double]
    /// σ², the one-step innovation variance.
    var variance: Double

    /// The prediction standard error of forecast month `i`.
    func standardError(_ i: Int) -> Double {
        (variance * cumulativeSquares[steps[i] - 1]).squareRoot() * abs(weights[i])
    }

    /// Σ_{j≤m} c_j² for m = 0 … max h − 1 (one pass, so a long horizon costs O(H), not O(H²)).
    private var cumulativeSquares: [Double] {
        var total = 0.0
        return coefficients.map { c in
            total += c * c
            return total
        }
    }

    /// Every forecast month's standard error.
    var standardErrors: [Double] {
        let squares = cumulativeSquares
        return steps.indices.map { (variance * squares[steps[$0] - 1]).squareRoot() * abs(weights[$0]) }
    }

    /// The prediction standard error of the sum of every forecast month.
    var sumStandardError: Double {
        guard let longest = steps.max() else { return 0 }
        var total = 0.0
        for k in 1...longest {
            var loading = 0.0
            for (i, h) in steps.enumerated() where h >= k { loading += weights[i] * coefficients[h - k] }
            total += loading * loading
        }
        return (variance * total).squareRoot()
    }
}
