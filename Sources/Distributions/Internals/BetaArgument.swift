import RealModule

/// The argument of an incomplete beta function held as `x`, `y = 1 − x` and both logarithms.
///
/// Forming `1 − x` from a rounded `x` near 1 loses digits, and so does `log x` from a rounded `x`
/// whose logarithm is tiny. Callers that know the split exactly (the Student t distribution knows
/// the odds `y / x = t² / ν`) build it here once, so every later use of the argument is accurate.
struct BetaArgument: Sendable {
    /// The argument x in [0, 1].
    var x: Double
    /// The complement 1 − x.
    var y: Double
    /// log x, accurate even when x is near 1.
    var logX: Double
    /// log y, accurate even when y is near 1.
    var logY: Double

    /// An argument given by `x` alone; `1 − x` is exact for x ≥ ½ (Sterbenz's lemma).
    init(x: Double) {
        self.x = x
        y = 1 - x
        if x < 0.5 {
            logX = Double.log(x)
            logY = Double.log(onePlus: -x)
        } else {
            logX = Double.log(onePlus: -y)
            logY = Double.log(y)
        }
    }

    /// An argument given by its odds `r = y / x`, so `x = 1 / (1 + r)` and `y = r / (1 + r)`.
    ///
    /// - Parameters:
    ///   - odds: r ≥ 0; it may have overflowed to infinity or underflowed to zero.
    ///   - logOdds: log r, which must be finite whenever r is 0 or ∞ but the true odds are not.
    init(odds r: Double, logOdds: Double) {
        let logOnePlusOdds = r.isFinite ? Double.log(onePlus: r) : logOdds
        logX = -logOnePlusOdds
        logY = logOdds - logOnePlusOdds
        x = r.isFinite ? 1 / (1 + r) : Double.exp(logX)
        y = r <= 1 ? r / (1 + r) : 1 / (1 + 1 / r)
    }

    /// The same split with the roles of x and y exchanged: the argument of I_y(b, a).
    var complement: BetaArgument {
        var swapped = self
        swap(&swapped.x, &swapped.y)
        swap(&swapped.logX, &swapped.logY)
        return swapped
    }
}
