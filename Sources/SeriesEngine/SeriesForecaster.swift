// SeriesEngine: the bulk path's fits for hundreds of thousands of series — the series of a
// `SeriesTable` grouped by their observed months and each group solved with one `BatchTrendFit`
// (`SeriesForecaster`), their calibration, `forecast series` as a value (`SeriesRun`), the
// series backtest, and the fast CSV writer of the results. Reading is `SeriesReading`'s job.

import Dispatch
import Distributions
import Foundation
import LinearAlgebra
import Regression
import Forecasting
import InternalConcurrency
import SeriesReading
import TargetData

/// The forecast of one series: the sum of the next `horizon` months after the file's last month,
/// its 80% and 95% prediction intervals, and the trend per month.
public struct SeriesForecast: Sendable, Hashable {
    public var metric: String
    /// The model used; `nil` when none could be fitted.
    public var model: TrendModel?
    /// Months with a reading.
    public var observations: Int
    public var forecastSum: Double?
    /// The 80% and 95% prediction intervals of the sum (empty when there is none).
    public var intervals: [Interval] = []
    /// The trend coefficient: value units per month.
    public var slope: Double?
    /// Why some numbers are missing, when they are.
    public var note: String?

    public init(metric: String, model: TrendModel?, observations: Int, forecastSum: Double? = nil,
                intervals: [Interval] = [], slope: Double? = nil, note: String? = nil) {
        self.metric = metric
        self.model = model
        self.observations = observations
        self.forecastSum = forecastSum
        self.intervals = intervals
        self.slope = slope
        self.note = note
    }

    /// The prediction interval at `level` (0.8 or 0.95), if there is one.
    public func interval(level: Double) -> Interval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}

/// Forecasts every series of a ``SeriesTable`` with the fewest factorisations: series observed in
/// the same months share a design, and each such group is solved with one QR factorisation and
/// level-3 BLAS for all its series (``LeastSquares/fit(columns:)``).
///
/// Per series (n observed months, p parameters; the benchmark job of the README's "Performance"):
///
///     forecast_sum = gᵀβ̂,  g = X₀ᵀ1 over the `horizon` months after the file's last month
///     Var(sum)     = s²·(h + gᵀ(XᵀX)⁻¹g),  s² = RSS/(n − p)
///     bounds       = forecast_sum ∓ t_{1−α/2, n−p}·√Var(sum)
///
/// t counts months from the file's first month (so every series shares one calendar). A series
/// whose design is rank-deficient (a calendar month never observed, too few months) gets no
/// numbers and a note; one with n = p gets a point forecast but no interval.
public struct SeriesForecaster: Sendable {
    /// Which model: one of `linear`, `quadratic`, `seasonal`, or `nil` for the lowest AICc per
    /// series among ``automaticModels``.
    public var model: TrendModel?
    public var horizon = 12
    /// Threads used for groups of series with missing months (the complete group uses BLAS threads).
    public var threads = SeriesTableReader.processorCount

    /// The models `forecast series` fits (the log models need simulation per series, which the
    /// bulk path does not do).
    public static let supportedModels: [TrendModel] = [.linear, .quadratic, .seasonal, .damped, .ets, .theta, .seasonalNaive, .combination]

    /// The models `auto` chooses among (lowest AICc per series): not `quadratic`, which on the M3
    /// monthly series raised sMAPE from 20.8 to 23.0 when AICc could pick it.
    public static let automaticModels: [TrendModel] = [.linear, .seasonal]

    public init(model: TrendModel? = .seasonal, horizon: Int = 12) {
        precondition(model.map { Self.supportedModels.contains($0) } ?? true, "forecast series fits linear, quadratic, seasonal models or the per-series methods")
        precondition(horizon >= 1, "horizon must be at least one month")
        self.model = model
        self.horizon = horizon
    }

    /// Forecasts every series, in byte order of the metric ids.
    public func forecast(_ table: consuming SeriesTable) -> [SeriesForecast] {
        Self.sortedByMetric(forecastInTableOrder(consume table))
    }

    /// Split-conformal factors for the 80% and 95% intervals of the sums, learned from `table`
    /// itself (``ConformalFactors``): every series is fitted without its last `horizon` months,
    /// the sum of those months is forecast, and its error is compared with the interval's
    /// half-width. Monthly economic series have autocorrelated errors and changing trends, so
    /// textbook intervals are usually too narrow; the factors say by how much.
    ///
    /// - Returns: `nil` when the file is too short to hide `horizon` months, or fewer than 20
    ///   series can be checked.
    public func calibration(_ table: SeriesTable) -> IntervalCalibration? {
        let months = table.months, count = table.metrics.count
        let kept = months - horizon
        guard kept >= 24 else { return nil }
        var truncated = [Double](repeating: .nan, count: kept * count)
        var actualSums = [Double](repeating: .nan, count: count)
        table.values.withUnsafeBufferPointer { values in
            for series in 0..<count {
                for month in 0..<kept { truncated[series * kept + month] = values[series * months + month] }
                let hidden = values[(series * months + kept)..<((series + 1) * months)]
                if !hidden.contains(where: \.isNaN) { actualSums[series] = hidden.reduce(0, +) }
            }
        }
        let shortened = SeriesTable(metrics: table.metrics, firstPeriod: table.firstPeriod,
                                    lastPeriod: table.lastPeriod.advanced(by: -horizon), values: truncated)
        var sample = ConformalFactors.Sample()
        for (series, forecast) in forecastInTableOrder(shortened).enumerated() {
            guard let sum = forecast.forecastSum, let upper80 = forecast.interval(level: 0.8)?.upper,
                  let upper95 = forecast.interval(level: 0.95)?.upper, actualSums[series].isFinite else { continue }
            sample.append(error: abs(actualSums[series] - sum), halfWidth80: upper80 - sum, halfWidth95: upper95 - sum,
                          magnitude: abs(sum))
        }
        return sample.calibration
    }

    /// Multiplies every interval's half-width by the calibration's factor for its level
    /// (``calibration(_:)``).
    public static func calibrate(_ forecasts: [SeriesForecast], by calibration: IntervalCalibration) -> [SeriesForecast] {
        forecasts.map { forecast in
            var result = forecast
            guard let sum = forecast.forecastSum else { return result }
            result.intervals = forecast.intervals.map { calibration.widen($0, around: sum) }
            return result
        }
    }

    /// Results in byte order of the metric id (not `String`'s Unicode order), the order of the CSV.
    /// Input sorted by metric (the usual export) is recognised in one pass and kept as it is.
    ///
    /// Otherwise positions are sorted, not the results (each a string and arrays, retained and
    /// released at every move: sorting them was 0.25 s of 100,000 shuffled series), by the
    /// first eight bytes of the id as a big-endian integer, which orders as the bytes do, and
    /// by the whole id only when those are equal.
    static func sortedByMetric(_ results: [SeriesForecast]) -> [SeriesForecast] {
        let inOrder = results.indices.dropFirst().allSatisfy { !precedesInBytes(results[$0].metric, results[$0 - 1].metric) }
        if inOrder { return results }
        var keys = results.indices.map { index in
            var id = results[index].metric
            let prefix = id.withUTF8 { bytes in
                var key: UInt64 = 0
                for k in 0..<8 { key = key << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
                return key
            }
            return (prefix, index)
        }
        keys.sort { a, b in a.0 != b.0 ? a.0 < b.0 : precedesInBytes(results[a.1].metric, results[b.1].metric) }
        return keys.map { results[$0.1] }
    }

    /// Byte order of the UTF-8 of two strings: one `memcmp` of their contiguous storage (native
    /// strings always have it), instead of a generic walk over the UTF-8 views.
    static func precedesInBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order < 0 || (order == 0 && x.count < y.count)
            }
        }
    }

    private func forecastInTableOrder(_ table: consuming SeriesTable) -> [SeriesForecast] {
        let months = table.months
        let count = table.metrics.count
        let metrics = table.metrics
        let first = table.firstPeriod, last = table.lastPeriod
        let known = table.knownObservationCounts.flatMap { $0.count == count ? $0 : nil }
        let storage = MatrixStorage(values: (consume table).values)
        if let model, model.isSeriesMethod {
            return Self.methodForecasts(model, values: storage.values, metrics: metrics, months: months, first: first,
                                        future: (1...horizon).map { months - 1 + $0 }, threads: threads)
        }
        let candidates = model.map { [$0] } ?? Self.automaticModels
        // Designs use the fixed seasonal layout (January the reference) shared by every series.
        let designs = candidates.map { TrendDesign(model: $0, spans: (1...12).compactMap { month in
            Period(year: 2000, month: month).map { ($0, $0) } }) }
        let future = (1...horizon).map { last.advanced(by: $0) }

        // Months observed per series: as the reader counted them, or counted here in parallel slices.
        let observedCounts = known.map { $0.map(Int.init) } ?? [Int](unsafeUninitializedCapacity: count) { counts, initialized in
            let target = UncheckedSendable(value: counts.baseAddress)
            ParallelSlices(count: count, threads: threads).run { _, slice in
                storage.values.withUnsafeBufferPointer { cells in
                    for series in slice {
                        var observed = 0
                        for value in cells[(series * months)..<((series + 1) * months)] where !value.isNaN { observed += 1 }
                        target.value?[series] = observed
                    }
                }
            }
            initialized = count
        }
        // Group the incomplete series by the months they have (a bit mask).
        var groups: [[UInt64]: [Int]] = [:]
        var complete: [Int] = []
        let words = (months + 63) / 64
        storage.values.withUnsafeBufferPointer { cells in
            for series in 0..<count {
                guard observedCounts[series] < months else {
                    complete.append(series)
                    continue
                }
                var mask = [UInt64](repeating: 0, count: words)
                for month in 0..<months where !cells[series * months + month].isNaN {
                    mask[month / 64] |= 1 << UInt64(month % 64)
                }
                groups[mask, default: []].append(series)
            }
        }

        // A series that misses a few months, in a pattern few others share, is fitted from the
        // complete design's factorisation by row deletion (``RowDeletionFits``): shuffled data
        // with 1% of readings missing make a pattern per series, and a factorisation per pattern
        // was 2.6 s of 100,000 series × 240 months.
        var deleting: [Int] = []
        for (mask, members) in groups where members.count < Self.deletionGroupLimit
            && months - observedCounts[members[0]] <= Self.maximumDeletedMonths {
            deleting += members
            groups[mask] = nil
        }
        deleting.sort()

        // Tasks of at most `chunkSeries` series of one group, solved in parallel with one BLAS
        // thread each: a chunk of responses stays in the core's cache through the products and
        // sums of the fit, instead of streaming the whole matrix from memory once per step.
        // Rows `nil`: series fitted by row deletion from the complete design.
        var tasks: [(rows: [Int]?, series: ArraySlice<Int>)] = []
        func addTasks(rows: [Int]?, series: [Int]) {
            var start = 0
            while start < series.count {
                let end = min(series.count, start + Self.chunkSeries)
                tasks.append((rows, series[start..<end]))
                start = end
            }
        }
        addTasks(rows: Array(0..<months), series: complete)
        for (mask, members) in groups {
            addTasks(rows: (0..<months).filter { mask[$0 / 64] & (1 << UInt64($0 % 64)) != 0 }, series: members)
        }
        addTasks(rows: nil, series: deleting)
        // t quantiles only for the degrees of freedom that occur (each costs a numerical inversion).
        var needed = Set(tasks.flatMap { task in designs.map { (task.rows?.count ?? 0) - $0.parameterCount } })
        for series in deleting { for design in designs { needed.insert(observedCounts[series] - design.parameterCount) } }
        let quantiles = IntervalQuantiles(maximumDegreesOfFreedom: months, only: needed)
        let context = GroupContext(designs: designs, first: first, future: future, quantiles: quantiles,
                                   months: deleting.isEmpty ? nil : months)
        let output = IndexedSlots<SolvedSeries>(count: count)
        let chunks = tasks
        let work = { @Sendable (task: Int) in
            let (rows, series) = chunks[task]
            if let rows {
                let solved = context.solve(observed: rows, responses: Self.gather(storage.values, months: months, series: series, rows: rows))
                output.store(zip(series, solved))
                return
            }
            let (filled, deleted) = Self.gatherFilled(storage.values, months: months, series: series)
            let solved = context.solveDeleting(responses: filled, deleted: deleted)
            for (index, column) in series.enumerated() {
                if let result = solved[index] {
                    output.store(result, at: column)
                } else {
                    // Row deletion cannot fit this series reliably: its own factorisation decides.
                    let rows = (0..<months).filter { !deleted[index].contains($0) }
                    let direct = context.solve(observed: rows, responses: Self.gather(storage.values, months: months, series: [column], rows: rows))
                    output.store(direct[0], at: column)
                }
            }
        }
        if threads == 1 {
            for task in tasks.indices { work(task) }
        } else {
            DispatchQueue.concurrentPerform(iterations: tasks.count, execute: work)
        }
        // The results, assembled in parallel slices.
        return [SeriesForecast](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = UncheckedSendable(value: buffer.baseAddress)
            ParallelSlices(count: count, threads: threads).run { _, slice in
                for series in slice {
                    var result = SeriesForecast(metric: metrics[series], model: nil, observations: observedCounts[series])
                    if let solved = output.value(at: series) { result.merge(solved) }
                    target.value?.advanced(by: series).initialize(to: result)
                }
            }
            initialized = count
        }
    }

    /// Series per task of the bulk fit: 512 series × 240 months of responses are 1 MB, the L2
    /// cache of one core on the machines measured (100,000 series × 240 months: fit 0.15 s as
    /// one 192 MB problem, 0.08–0.09 s in chunks on two cores).
    static let chunkSeries = 512

    /// A per-series method (``SeriesMethods``) for every series, in parallel (each series has its
    /// own seasonal adjustment and fit, so there is no shared factorisation to batch).
    static func methodForecasts(_ model: TrendModel, values: [Double], metrics: [String], months: Int, first: Period,
                                future: [Int], threads: Int) -> [SeriesForecast] {
        let count = metrics.count
        let output = IndexedSlots<SolvedSeries>(count: count)
        let quantiles = IntervalQuantiles(maximumDegreesOfFreedom: months)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var series = worker
            while series < count {
                var training: [(Int, Double)] = []
                for month in 0..<months {
                    let value = values[series * months + month]
                    if !value.isNaN { training.append((month, value)) }
                }
                var solved: SolvedSeries
                if let forecast = SeriesMethods.forecast(model, training: training, first: first, future: future) {
                    solved = SolvedSeries(model: model, forecastSum: forecast.means.reduce(0, +), slope: forecast.slope)
                    if forecast.sumStandardError.isFinite {
                        solved.halfWidths = quantiles.halfWidths(standardError: forecast.sumStandardError,
                                                                 degreesOfFreedom: forecast.degreesOfFreedom)
                    }
                } else {
                    solved = SolvedSeries(note: SeriesMethods.failure(model, training: training, first: first, future: future)
                                          ?? "\(model.rawValue): no forecast")
                }
                output.store(solved, at: series)
                series += workers
            }
        }
        return (0..<count).map { series in
            var result = SeriesForecast(metric: metrics[series], model: nil,
                                        observations: (0..<months).count { !values[series * months + $0].isNaN })
            if let solved = output.value(at: series) { result.merge(solved) }
            return result
        }
    }

    /// Incomplete series fitted by row deletion when at most this many months are missing
    /// (and their pattern is rarer than ``deletionGroupLimit``): the per-series work,
    /// O(m²p + m³), stays below a factorisation of the n × p design for m up to about n/8; 24
    /// (two years) is a choice of cost, not tuned on data.
    static let maximumDeletedMonths = 24
    /// A missing-month pattern shared by this many series or more is fitted as a group (one
    /// factorisation for all of them, the products batched) rather than by row deletion: a
    /// chunk of ``chunkSeries`` would cost as much either way, so half of one.
    static let deletionGroupLimit = chunkSeries / 2

    /// The columns `series` of a months × metrics matrix over every month, each missing month
    /// (NaN) filled with that series' mean (row deletion ignores those values; a mean keeps its
    /// corrections small), and the months each series misses.
    static func gatherFilled(_ values: [Double], months: Int, series: some Collection<Int>) -> (Matrix, [[Int]]) {
        var deleted: [[Int]] = []
        deleted.reserveCapacity(series.count)
        var matrix = Matrix(rows: months, columns: series.count)
        values.withUnsafeBufferPointer { source in
            matrix.elements.withUnsafeMutableBufferPointer { target in
                for (j, column) in series.enumerated() {
                    var missing: [Int] = []
                    for month in 0..<months where source[column * months + month].isNaN { missing.append(month) }
                    // Σ x/n rather than Σx / n: finite for any finite values (Σx can overflow).
                    let share = 1 / Double(max(1, months - missing.count))
                    var mean = 0.0
                    for month in 0..<months where !source[column * months + month].isNaN { mean += source[column * months + month] * share }
                    for month in 0..<months {
                        let value = source[column * months + month]
                        target[month + j * months] = value.isNaN ? mean : value
                    }
                    deleted.append(missing)
                }
            }
        }
        return (matrix, deleted)
    }

    /// The columns `series` of a months × metrics matrix, restricted to `rows` (all rows: one
    /// contiguous copy per column).
    static func gather(_ values: [Double], months: Int, series: some Collection<Int>, rows: [Int]) -> Matrix {
        let n = rows.count, k = series.count
        let result = [Double](unsafeUninitializedCapacity: n * k) { target, initialized in
            values.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                for (j, column) in series.enumerated() {
                    if n == months {
                        (to + j * n).initialize(from: from + column * months, count: n)
                    } else {
                        for (i, row) in rows.enumerated() { (to + i + j * n).initialize(to: from[column * months + row]) }
                    }
                }
            }
            initialized = n * k
        }
        return Matrix(rows: n, columns: k, columnMajor: result)
    }
}

/// What solving one group of series produced for one series.
struct SolvedSeries: Sendable {
    var model: TrendModel?
    var forecastSum: Double?
    /// Half-widths of the 80% and 95% intervals (``IntervalQuantiles/levels``).
    var halfWidths: [Double]?
    var slope: Double?
    var note: String?
}

extension SeriesForecast {
    mutating func merge(_ solved: SolvedSeries) {
        model = solved.model
        forecastSum = solved.forecastSum
        slope = solved.slope
        note = solved.note
        if let sum = solved.forecastSum, let halfWidths = solved.halfWidths {
            intervals = IntervalQuantiles.intervals(around: sum, halfWidths: halfWidths)
        }
    }
}

/// Everything a group needs that does not depend on the group.
struct GroupContext: Sendable {
    let designs: [TrendDesign]
    let first: Period
    let future: [Period]
    let quantiles: IntervalQuantiles
    /// Per design, the complete design over every month, factored, with its future rows (a
    /// ``RowDeletionBasis``), for ``solveDeleting(responses:deleted:)``; `nil` where it cannot be factored.
    let complete: [RowDeletionBasis?]

    /// `months`: the calendar's length when some series are fitted by row deletion (the
    /// complete designs are then factored once here), else `nil`.
    init(designs: [TrendDesign], first: Period, future: [Period], quantiles: IntervalQuantiles, months: Int? = nil) {
        self.designs = designs
        self.first = first
        self.future = future
        self.quantiles = quantiles
        let offsets = future.map { first.distance(to: $0) }
        complete = designs.map { design in
            guard let months, let problem = try? LeastSquares(design: design.matrix(months: Array(0..<months), origin: first)) else { return nil }
            return try? problem.rowDeletionBasis(futureRows: design.matrix(months: offsets, origin: first))
        }
    }

    /// Like ``solve(observed:responses:)`` for series observed in every month but `deleted[j]`
    /// (`responses`: every month, the missing ones filled), each design fitted by row deletion
    /// from its complete factorisation (``RowDeletionBasis/fit(deleting:responses:)``).
    /// `nil` for a series that some design could not fit that way: the caller fits it directly.
    func solveDeleting(responses: Matrix, deleted: [[Int]]) -> [SolvedSeries?] {
        let k = responses.columns
        var best = [SolvedSeries](repeating: SolvedSeries(note: nil), count: k)
        var bestCriterion = [Double](repeating: .infinity, count: k)
        var direct = [Bool](repeating: false, count: k)
        let single = designs.count == 1
        for (index, design) in designs.enumerated() {
            guard let basis = complete[index], let fits = try? basis.fit(deleting: deleted, responses: responses) else {
                return [SolvedSeries?](repeating: nil, count: k)
            }
            for series in 0..<k {
                guard !direct[series], fits.solved[series], let prediction = fits.predictSum(series: series) else {
                    direct[series] = true
                    continue
                }
                let rss = fits.residualSumOfSquares[series]
                // Values near overflow: the direct fit says what it can do with them.
                guard rss.isFinite, prediction.mean.isFinite else {
                    direct[series] = true
                    continue
                }
                let criterion = single ? 0 : BatchTrendFit.aicc(residualSumOfSquares: rss, observations: fits.observations[series],
                                                                parameters: design.parameterCount)
                consider(series, design: design, criterion: criterion, prediction: prediction, rss: rss,
                         slope: fits.coefficients[1, series], single: single, best: &best, bestCriterion: &bestCriterion)
            }
        }
        return (0..<k).map { direct[$0] ? nil : best[$0] }
    }

    /// Keeps `design`'s fit of series `series` in `best` when its criterion is the lowest so far
    /// (with one design, always): the rule of ``solve(observed:responses:)`` and
    /// ``solveDeleting(responses:deleted:)``. A `nil` criterion (AICc undefined) is skipped.
    private func consider(_ series: Int, design: TrendDesign, criterion: Double?, prediction: Prediction, rss: Double,
                          slope: Double, single: Bool, best: inout [SolvedSeries], bestCriterion: inout [Double]) {
        guard let criterion else { return }
        guard criterion < bestCriterion[series] || single else { return }
        bestCriterion[series] = criterion
        guard prediction.mean.isFinite, rss.isFinite else {
            best[series].note = "values too large to fit in double precision"
            return
        }
        var solved = SolvedSeries(model: design.model, forecastSum: prediction.mean, slope: slope)
        solved.halfWidths = quantiles.halfWidths(standardError: prediction.standardError,
                                                 degreesOfFreedom: prediction.degreesOfFreedom)
        if solved.halfWidths == nil { solved.note = "no interval: as many observations as parameters" }
        best[series] = solved
    }

    /// Fits every candidate design to the series in `responses` (rows = the observed months
    /// `observed`, as offsets from `first`) with one ``BatchTrendFit`` each, keeps per series the
    /// lowest AICc, and returns its forecast of the sum of the `future` months.
    func solve(observed: [Int], responses initial: consuming Matrix) -> [SolvedSeries] {
        var responses = initial
        let k = responses.columns
        let n = observed.count
        guard n > 0 else { return [SolvedSeries](repeating: SolvedSeries(note: "no readings"), count: k) }
        var best = [SolvedSeries](repeating: SolvedSeries(note: nil), count: k)
        var bestCriterion = [Double](repeating: .infinity, count: k)
        var failure: String?
        let single = designs.count == 1
        for (index, design) in designs.enumerated() {
            let isLast = index == designs.count - 1
            // The last model may take the responses' storage (no copy of a 100,000-series matrix).
            let current = responses
            if isLast { responses = Matrix(rows: 0, columns: 0) }
            let fit: BatchTrendFit
            switch BatchTrendFit.fitting(design, rows: design.matrix(months: observed, origin: first), responses: consume current) {
            case let .success(fitted):
                fit = fitted
            case let .failure(reason):
                if failure == nil { failure = Self.note(reason, design: design, months: n) }
                continue
            }
            let sums = fit.sums(over: design.matrix(months: self.future.map { first.distance(to: $0) }, origin: first))
            let rss = fit.regression.residualSumOfSquares
            for series in 0..<k {
                consider(series, design: design, criterion: single ? 0 : fit.aicc(series: series), prediction: sums[series],
                         rss: rss[series], slope: fit.slope(series: series), single: single,
                         best: &best, bestCriterion: &bestCriterion)
            }
            if isLast { break }
        }
        if let failure {
            for series in 0..<k where best[series].model == nil { best[series].note = failure }
        }
        return best
    }

    /// The note of a series no model could be fitted to, from the first model's reason.
    static func note(_ reason: TrendFit.Failure, design: TrendDesign, months: Int) -> String {
        let model = design.model.rawValue
        return switch reason {
        case .tooFewObservations: "\(model): \(months) months, \(design.parameterCount) parameters to estimate"
        case .rankDeficient: "\(model): the months observed cannot identify the model (a calendar month never observed, or too few months)"
        default: "\(model): \(reason)"
        }
    }
}

/// The table's values, shared read-only by the parallel tasks.
private final class MatrixStorage: Sendable {
    let values: [Double]
    init(values: [Double]) { self.values = values }
}
