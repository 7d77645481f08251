import LinearAlgebra
import Testing
import TestSupport

@Suite("QR factorisation")
struct QRFactorizationTests {
    static func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns,
                      columnMajor: (0..<(rows * columns)).map { _ in random.nextGaussian() })
    }

    @Test func qTransposeTimesMatrixIsUpperTriangleOverZeros() throws {
        let a = Self.randomMatrix(rows: 9, columns: 4, seed: 1)
        let qr = try QRFactorization(a)
        var qta = a
        try qr.applyQTranspose(to: &qta)
        let r = qr.upperTriangle
        for j in 0..<4 {
            for i in 0..<9 {
                let expected = i < 4 ? r[i, j] : 0
                #expect(abs(qta[i, j] - expected) < 1e-13, "element (\(i), \(j))")
            }
        }
    }

    @Test func inverseGramInvertsTheCrossProduct() throws {
        let a = Self.randomMatrix(rows: 20, columns: 5, seed: 2)
        let inverse = try QRFactorization(a).inverseGram()
        for i in 0..<5 {
            for j in 0..<5 {
                // (AᵀA · inverse)ᵢⱼ should be δᵢⱼ.
                var value = 0.0
                for k in 0..<5 {
                    var gram = 0.0
                    for row in 0..<20 { gram += a[row, i] * a[row, k] }
                    value += gram * inverse[k, j]
                }
                #expect(abs(value - (i == j ? 1 : 0)) < 1e-12)
            }
        }
        #expect(inverse == inverse.transposed)
    }

    @Test func triangularSolvesInvertR() throws {
        let a = Self.randomMatrix(rows: 12, columns: 3, seed: 3)
        let qr = try QRFactorization(a)
        let r = qr.upperTriangle
        var b = Matrix(rows: [[1, 0], [2, 1], [3, -1]])
        let original = b
        try qr.solveUpperTriangle(inPlace: &b)
        for column in 0..<2 {
            for i in 0..<3 {
                let rx = (0..<3).map { r[i, $0] * b[$0, column] }.reduce(0, +)
                #expect(abs(rx - original[i, column]) < 1e-12)
            }
        }
        var c = original
        try qr.solveUpperTriangleTransposed(inPlace: &c)
        for column in 0..<2 {
            for i in 0..<3 {
                let rtx = (0..<3).map { r[$0, i] * c[$0, column] }.reduce(0, +)
                #expect(abs(rtx - original[i, column]) < 1e-12)
            }
        }
    }

    @Test func orthonormalColumnsAreWellConditioned() throws {
        let identity = Matrix(rows: [[1, 0], [0, 1], [0, 0]])
        #expect(abs(try QRFactorization(identity).reciprocalConditionEstimate() - 1) < 1e-15)
    }

    @Test func dependentColumnsHaveTinyReciprocalCondition() throws {
        let a = Matrix(rows: [[1, 2], [2, 4], [3, 6], [4, 8]])
        #expect(try QRFactorization(a).reciprocalConditionEstimate() < 1e-15)
    }

    @Test func exactlySingularFactorThrowsFromInverse() throws {
        let a = Matrix(rows: [[1, 0], [1, 0], [1, 0]])
        #expect(throws: LinearAlgebraError.singularFactor(routine: "DPOTRI", index: 2)) {
            try QRFactorization(a).inverseGram()
        }
    }
}

@Suite("Matrix")
struct MatrixTests {
    @Test func rowAndColumnInitialisersAgreeOnLayout() {
        let byRows = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        let byColumns = Matrix(columns: [[1, 4], [2, 5], [3, 6]])
        #expect(byRows == byColumns)
        #expect(byRows.elements == [1, 4, 2, 5, 3, 6])
        #expect(byRows[1, 2] == 6)
        #expect(byRows.row(1) == [4, 5, 6] && byRows.column(2) == [3, 6])
        #expect(byRows.transposed == Matrix(rows: [[1, 4], [2, 5], [3, 6]]))
    }
}
