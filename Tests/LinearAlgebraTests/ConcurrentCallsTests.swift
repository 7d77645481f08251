import Dispatch
import LinearAlgebra
import Testing
import TestSupport

/// The library's parallel loops share one factorisation between threads (the complete design of
/// `forecast series`' row-deletion fits); every call on it must give what it gives alone.
@Suite("Concurrent use of one factorisation")
struct ConcurrentCallsTests {
    /// DORMQR writes 1 on each reflector's diagonal while applying it and restores it after:
    /// handed the shared reflectors, it gave a concurrent solve with R a wrong answer about one
    /// time in three, and two concurrent applications of Q corrupted the factor for good.
    @Test func applyingQAndSolvingWithROnTwoThreadsEqualsDoingItOnOne() throws {
        var random = SplitMix64(seed: 5)
        let qr = try QRFactorization(Matrix(rows: 120, columns: 13, columnMajor: (0..<(120 * 13)).map { _ in random.nextGaussian() }))
        let tall = Matrix(rows: 120, columns: 4, columnMajor: (0..<480).map { Double($0 % 17) })
        let square = Matrix(rows: 13, columns: 4, columnMajor: (0..<52).map { Double($0 % 5) - 2 })
        @Sendable func work(_ worker: Int) -> [Double] {
            switch worker {
            case 0:
                var b = tall
                try? qr.applyQTranspose(to: &b)
                return b.elements + ((try? qr.thinQ())?.elements ?? [])
            default:
                var x = square, y = square
                try? qr.solveUpperTriangle(inPlace: &x)
                try? qr.solveUpperTriangleTransposed(inPlace: &y)
                return x.elements + y.elements
            }
        }
        let alone = [work(0), work(1)]
        let differing = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
        differing.initialize(repeating: 0)
        defer { differing.deallocate() }
        let counts = Counts(buffer: differing)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for _ in 0..<20_000 where work(worker) != alone[worker] { counts.buffer[worker] += 1 }
        }
        #expect(differing[0] == 0 && differing[1] == 0)
        #expect(work(0) == alone[0] && work(1) == alone[1], "the factor itself is unchanged")
    }
}

private struct Counts: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
}
