import Foundation
import TargetData

/// One series' forecast by a method fitted to that series alone — the damped trend, exponential
/// smoothing, Theta, seasonal naive or their combination — in the form `forecast series` and
/// `forecast backtest` use: means and standard errors per month and the standard error of their sum.
public struct MethodForecast: Sendable {
    public var model: TrendModel
    public var means: [Double]
    public var standardErrors: [Double]
    /// The prediction standard error of the sum of all the forecast months.
    public var sumStandardError: Double
    /// Degrees of freedom of the Student-t quantiles the intervals use.
    public var degreesOfFreedom: Int
    /// The trend per month the forecast carries, on the seasonally adjusted scale (for `damped`
    /// half the fitted slope, ``DampedTrend/damping``; 0 for seasonal naive, which has none).
    public var slope: Double
    /// Whether the series was seasonally adjusted before smoothing.
    public var seasonallyAdjusted: Bool
    /// For exponential smoothing, the form AICc chose (`A,Ad,N` …); empty otherwise.
    public var form: String = ""
}

/// The per-series methods of `forecast series` and `forecast backtest`, with one seasonal
/// adjustment shared by the methods that smooth adjusted values.
///
/// - `ets`: ``ExponentialSmoothing`` (A,N,N / A,A,N / A,Ad,N by AICc) on the seasonally adjusted
///   series, reseasonalised.
/// - `theta`: the Theta method of Assimakopoulos & Nikolopoulos (2000) in the form of Hyndman &
///   Billah (2003), as `forecast::thetaf` computes it: simple exponential smoothing of the adjusted
///   series (α and ℓ₀ by maximum likelihood) plus a drift of half the least-squares slope b̂ of the
///   adjusted series on time,
///   ŷ_{T+h} = ℓ_T + (b̂/2)·((h − 1) + (1 − (1 − α)ⁿ)/α), reseasonalised; its errors those of the
///   smoothing, c_j = α.
/// - `seasonal-naive`: the reading twelve months before, ŷ_{T+h} = y_{T+h−12⌈h/12⌉}; errors of
///   the seasonal random walk, c_j = 1 when 12 divides j, σ² the mean squared seasonal difference.
/// - `combination` (what `auto` means in series mode): the equal-weight mean of
///   ``combinationMembers``' forecasts — exponential smoothing with a damped trend, A,Ad,N, on
///   the adjusted series; Theta; and the damped regression trend (``DampedTrend``). The M3 and M4
///   competitions found simple averages of a few strong methods more accurate than any one
///   (Makridakis & Hibon 2000; Makridakis, Spiliotis & Assimakopoulos 2020: SHD, EAT, SCUM).
///   Its standard error is the mean of the members' (their errors taken as perfectly
///   correlated: an upper bound under the members' own models), which the calibration then scales.
///
/// The seasonal adjustment is ``SeasonalAdjustment``: classical decomposition with the M3/M4
/// seasonality tests, indices from the latest ``DampedTrend/seasonalYears`` years, for positive
/// series (gaps allowed).
public enum SeriesMethods {
    /// The members of `combination`.
    public static let combinationMembers: [TrendModel] = [.ets, .theta, .damped]

    /// The largest magnitude of a reading the methods take: beyond it squares overflow double
    /// precision (the regressions refuse the same values, ``TrendFit/Failure/valuesTooLarge``).
    public static let largestValue = 1e150

    /// Why `model` gives no forecast of `future` from `training` — a sentence for a note — or
    /// `nil` when it does.
    public static func failure(_ model: TrendModel, training: [(Int, Double)], first: Period, future: [Int]) -> String? {
        guard forecast(model, training: training, first: first, future: future) == nil else { return nil }
        let n = training.count
        let months = "\(n) month\(n == 1 ? "" : "s")"
        if !model.isSeriesMethod { return "\(model.rawValue) is not a per-series method" }
        if training.contains(where: { !$0.1.isFinite || abs($0.1) > largestValue }) {
            return "\(model.rawValue): values beyond ±1e150 (squares overflow double precision)"
        }
        if model == .seasonalNaive, let last = training.last?.0 {
            let observed = Set(training.map(\.0))
            if let missing = future.map({ repeatedMonth($0, last: last) }).first(where: { !observed.contains($0) }) {
                return "seasonal-naive: no reading for \(first.advanced(by: missing)), the month it would repeat"
            }
        }
        return "\(model.rawValue): \(months) \(n == 1 ? "is" : "are") too few to fit it, or the fit gave no finite forecast"
    }
    /// The forecast of the months `future` (offsets from `first`, after the training months) from
    /// `training` (offset, value) by `model` (`damped`, `ets`, `theta`, `seasonal-naive` or
    /// `combination`), or `nil` when the method cannot forecast this series.
    public static func forecast(_ model: TrendModel, training: [(Int, Double)], first: Period, future: [Int]) -> MethodForecast? {
        guard model.isSeriesMethod, !future.isEmpty, let last = training.last?.0, future.allSatisfy({ $0 > last }),
              training.allSatisfy({ $0.1.isFinite && abs($0.1) <= largestValue }) else { return nil }
        // A forecast that overflowed is no forecast (its sum would be written as inf).
        return unchecked(model, training: training, first: first, future: future).flatMap { forecast in
            let finite = forecast.means.allSatisfy(\.isFinite) && forecast.means.reduce(0, +).isFinite
                && forecast.standardErrors.allSatisfy { !$0.isNaN } && !forecast.sumStandardError.isNaN
            return finite ? forecast : nil
        }
    }

    static func unchecked(_ model: TrendModel, training: [(Int, Double)], first: Period, future: [Int]) -> MethodForecast? {
        let month = { (t: Int) in first.advanced(by: t).month }
        switch model {
        case .seasonalNaive:
            return seasonalNaive(training, future: future)
        case .damped:
            return DampedTrend.forecast(training: training, first: first, future: future).map(MethodForecast.init)
        case .ets, .theta, .combination:
            let adjustment = SeasonalAdjustment.estimate(training, month: month)
            let adjusted = training.map { ($0.0, adjustment?.adjusted($0.1, month: month($0.0)) ?? $0.1) }
            let weights = future.map { t in adjustment?.weight(month: month(t)) ?? 1 }
            let members = model == .combination ? combinationMembers : [model]
            var forecasts: [MethodForecast] = []
            for member in members {
                let forecast: MethodForecast? = switch member {
                // The combination's smoothing member is the damped trend form: AICc's choice among
                // the three forms made the combination less accurate (M3 sMAPE 13.87 against 13.78
                // when chosen, with whole-history seasonal indices; the tuning sets only).
                case .ets: smoothing(adjusted, future: future, weights: weights, seasonallyAdjusted: adjustment != nil,
                                     trends: model == .combination ? [.damped] : ExponentialSmoothing.Trend.allCases)
                case .theta: theta(adjusted, future: future, weights: weights, seasonallyAdjusted: adjustment != nil)
                // The damped trend on the same seasonal adjustment, not a second one.
                default: DampedTrend.forecast(training: training, first: first, future: future, adjustment: adjustment).map(MethodForecast.init)
                }
                guard let forecast else { return nil }
                forecasts.append(forecast)
            }
            return forecasts.count == 1 ? forecasts[0] : combined(forecasts)
        default:
            return nil
        }
    }

    /// Smoothing of the adjusted values; `weights` are the seasonal indices of the `future`
    /// months (1 without adjustment), which reseasonalise the forecasts and scale their errors.
    static func smoothing(_ adjusted: [(Int, Double)], future: [Int], weights: [Double], seasonallyAdjusted: Bool,
                          trends: [ExponentialSmoothing.Trend]) -> MethodForecast? {
        guard let fit = ExponentialSmoothing.bestFit(adjusted, trends: trends) else { return nil }
        let errors = fit.forecast(future, weights: weights)
        return MethodForecast(model: .ets, innovations: errors, weightedMeans: zip(errors.means, weights).map(*),
                              degreesOfFreedom: fit.degreesOfFreedom, slope: fit.trend == .none ? 0 : fit.phi * fit.slope,
                              seasonallyAdjusted: seasonallyAdjusted, form: "A,\(fit.trend.rawValue),N")
    }

    /// - Parameter alpha: the smoothing parameter to use instead of its maximum-likelihood value.
    static func theta(_ adjusted: [(Int, Double)], future: [Int], weights: [Double], seasonallyAdjusted: Bool,
                      alpha given: Double? = nil) -> MethodForecast? {
        let n = adjusted.count
        guard let fit = ExponentialSmoothing.fit(adjusted, trend: .none, smoothing: given.map { ($0, 0, 1) }) else { return nil }
        // b̂: the least-squares slope of the adjusted values on their months.
        let tMean = adjusted.reduce(0) { $0 + Double($1.0) } / Double(n)
        let zMean = adjusted.reduce(0) { $0 + $1.1 } / Double(n)
        let sxx = adjusted.reduce(0) { $0 + (Double($1.0) - tMean) * (Double($1.0) - tMean) }
        guard sxx > 0 else { return nil }
        let drift = adjusted.reduce(0) { $0 + (Double($1.0) - tMean) * ($1.1 - zMean) } / sxx / 2
        let alpha = fit.alpha
        let offset = (1 - Foundation.pow(1 - alpha, Double(n))) / alpha
        var errors = fit.forecast(future, weights: weights)
        errors.means = errors.steps.map { fit.level + drift * (Double($0 - 1) + offset) }
        return MethodForecast(model: .theta, innovations: errors, weightedMeans: zip(errors.means, weights).map(*),
                              degreesOfFreedom: fit.degreesOfFreedom, slope: drift, seasonallyAdjusted: seasonallyAdjusted)
    }

    static func seasonalNaive(_ training: [(Int, Double)], future: [Int]) -> MethodForecast? {
        guard let last = training.last?.0 else { return nil }
        var byMonth: [Int: Double] = [:]
        for (t, y) in training { byMonth[t] = y }
        var sum = 0.0, pairs = 0
        for (t, y) in training {
            if let earlier = byMonth[t - 12] {
                sum += (y - earlier) * (y - earlier)
                pairs += 1
            }
        }
        guard pairs >= 2 else { return nil }
        let steps = future.map { $0 - last }
        var means: [Double] = []
        for t in future {
            guard let value = byMonth[repeatedMonth(t, last: last)] else { return nil }
            means.append(value)
        }
        let longest = steps.max() ?? 1
        let errors = InnovationsForecast(steps: steps, means: means, weights: steps.map { _ in 1 },
                                         coefficients: (0..<longest).map { $0 % 12 == 0 ? 1 : 0 }, variance: sum / Double(pairs))
        return MethodForecast(model: .seasonalNaive, innovations: errors, weightedMeans: means, degreesOfFreedom: pairs,
                              slope: 0, seasonallyAdjusted: false)
    }

    /// The month seasonal naive repeats for month `t`, `last` the last training month:
    /// t − 12⌈(t − last)/12⌉, the latest same calendar month of the training.
    static func repeatedMonth(_ t: Int, last: Int) -> Int { t - 12 * ((t - last + 11) / 12) }

    static func combined(_ members: [MethodForecast]) -> MethodForecast? {
        guard let first = members.first else { return nil }
        let k = Double(members.count)
        func mean(_ values: (MethodForecast) -> [Double]) -> [Double] {
            (0..<first.means.count).map { i in members.reduce(0) { $0 + values($1)[i] } / k }
        }
        return MethodForecast(model: .combination, means: mean(\.means), standardErrors: mean(\.standardErrors),
                              sumStandardError: members.reduce(0) { $0 + $1.sumStandardError } / k,
                              degreesOfFreedom: members.map(\.degreesOfFreedom).min() ?? 1,
                              slope: members.reduce(0) { $0 + $1.slope } / k,
                              seasonallyAdjusted: members.contains(where: \.seasonallyAdjusted),
                              form: members.map { $0.form.isEmpty ? $0.model.rawValue : "ets \($0.form)" }.joined(separator: " + "))
    }
}

extension MethodForecast {
    init(_ damped: DampedTrend.Forecast) {
        self.init(model: .damped, means: damped.means, standardErrors: damped.standardErrors,
                  sumStandardError: damped.sumStandardError, degreesOfFreedom: damped.degreesOfFreedom,
                  slope: DampedTrend.damping * damped.slope, seasonallyAdjusted: damped.seasonallyAdjusted)
    }

    init(model: TrendModel, innovations: InnovationsForecast, weightedMeans: [Double], degreesOfFreedom: Int,
         slope: Double, seasonallyAdjusted: Bool, form: String = "") {
        self.init(model: model, means: weightedMeans, standardErrors: innovations.standardErrors,
                  sumStandardError: innovations.sumStandardError, degreesOfFreedom: degreesOfFreedom, slope: slope,
                  seasonallyAdjusted: seasonallyAdjusted, form: form)
    }
}
