import Dispatch
import LinearAlgebra
import Regression
import Testing
import TestSupport

@Suite("Row deletion")
struct RowDeletionTests {
    /// Random series on the seasonal design of 120 months, each missing its own few months.
    static func problem(seed: UInt64) -> (design: Matrix, series: [[Double]], deleted: [[Int]]) {
        var random = SplitMix64(seed: seed)
        let n = 120
        let design = seasonalDesign(months: 0..<n)
        var series: [[Double]] = []
        var deleted: [[Int]] = []
        for index in 0..<40 {
            let level = Double.random(in: 1e3...1e8, using: &random)
            let slope = Double.random(in: -0.01...0.01, using: &random) * level
            series.append((0..<n).map { t in level + slope * Double(t) + 0.05 * level * random.nextGaussian() })
            // 0 to 12 missing months (series 0 misses none), ascending and distinct.
            let count = index == 0 ? 0 : Int.random(in: 1...12, using: &random)
            deleted.append(Array(Set((0..<count).map { _ in Int.random(in: 0..<n, using: &random) })).sorted())
        }
        return (design, series, deleted)
    }

    @Test func fitsWithoutMissingRowsEqualDirectFitsOnTheKeptRows() throws {
        let (design, series, deleted) = Self.problem(seed: 7)
        let n = design.rows
        let problem = try LeastSquares(design: design)
        let future = seasonalDesign(months: n..<(n + 12))
        // The missing months hold the series' mean, as the forecaster fills them.
        let filled = zip(series, deleted).map { values, missing in
            values.indices.map { missing.contains($0) ? values.reduce(0, +) / Double(n) : values[$0] }
        }
        let fits = try problem.rowDeletionBasis(futureRows: future).fit(deleting: deleted, responses: Matrix(columns: filled))
        for (index, values) in series.enumerated() {
            let kept = (0..<n).filter { !deleted[index].contains($0) }
            let direct = try LeastSquares(design: Matrix(rows: kept.map { design.row($0) }))
                .fit(columns: Matrix(columns: [kept.map { values[$0] }]))
            #expect(fits.solved[index])
            #expect(fits.observations[index] == kept.count)
            for j in 0..<design.columns {
                let expected = direct.coefficients[j, 0]
                #expect(abs(fits.coefficients[j, index] - expected) <= 1e-9 * max(1, abs(expected)))
            }
            let rss = direct.residualSumOfSquares[0]
            #expect(abs(fits.residualSumOfSquares[index] - rss) <= 1e-9 * rss)
            let sum = direct.predictSums(over: future)[0]
            let deletedSum = try #require(fits.predictSum(series: index))
            #expect(abs(deletedSum.mean - sum.mean) <= 1e-9 * abs(sum.mean))
            #expect(deletedSum.degreesOfFreedom == sum.degreesOfFreedom)
            let variance = try #require(sum.variance), deletedVariance = try #require(deletedSum.variance)
            #expect(abs(deletedVariance - variance) <= 1e-9 * variance)
        }
    }

    @Test func aSeriesThatLosesAParameterIsLeftToADirectFit() throws {
        // Every January of ten years missing: the January effect cannot be estimated.
        let n = 120
        let design = seasonalDesign(months: 0..<n)
        let problem = try LeastSquares(design: design)
        let januaries = Array(stride(from: 0, to: n, by: 12))
        let values = (0..<n).map { 100 + Double($0) + Double($0 % 7) }
        let fits = try problem.rowDeletionBasis(futureRows: seasonalDesign(months: n..<(n + 12)))
            .fit(deleting: [januaries, []], responses: Matrix(columns: [values, values]))
        #expect(fits.solved == [false, true])
        #expect(fits.predictSum(series: 0) == nil)
        #expect(fits.coefficients[0, 0].isNaN)
    }

    @Test func fitsOnTwoThreadsAtOnceEqualThoseOnOne() throws {
        BLASThreads.set(1)
        let (design, series, deleted) = Self.problem(seed: 9)
        let problem = try LeastSquares(design: design)
        let future = seasonalDesign(months: design.rows..<(design.rows + 12))
        let responses = Matrix(columns: series)
        let basis = try problem.rowDeletionBasis(futureRows: future)
        let alone = try basis.fit(deleting: deleted, responses: responses)
        let rounds = 200
        let differing = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
        differing.initialize(repeating: 0)
        defer { differing.deallocate() }
        let counts = SendableCounts(buffer: differing)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for _ in 0..<rounds {
                guard let fits = try? basis.fit(deleting: deleted, responses: responses) else {
                    counts.buffer[worker] += 1
                    continue
                }
                if fits.coefficients.elements != alone.coefficients.elements
                    || fits.residualSumOfSquares != alone.residualSumOfSquares { counts.buffer[worker] += 1 }
            }
        }
        #expect(differing[0] + differing[1] == 0)
    }
}

private struct SendableCounts: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
}
