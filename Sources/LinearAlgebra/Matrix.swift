/// A dense matrix of `Double`s stored column-major, the layout BLAS and LAPACK use.
///
/// Element (i, j) lives at `elements[i + j * rows]`. A value type: copies are cheap until one of
/// them is mutated (copy-on-write through the `[Double]` storage), so a factorisation can take a
/// matrix by value and overwrite its own copy, as LAPACK does, without touching the caller's.
///
/// ```swift
/// let x = Matrix(rows: 3, columns: 2, columnMajor: [1, 1, 1, 0, 1, 2])
/// x[2, 1]   // 2.0
/// ```
public struct Matrix: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order; `elements.count == rows * columns`.
    public var elements: [Double]

    /// A matrix from its elements in column-major order.
    ///
    /// - Precondition: `elements.count == rows * columns`, both dimensions non-negative.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns,
                     "Matrix(\(rows)×\(columns)) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns,
                  columnMajor: [Double](repeating: value, count: rows * columns))
    }

    /// A matrix from an array of rows, the way a matrix is written on paper.
    ///
    /// - Precondition: every row has the same length.
    public init(rows rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "All rows must have the same length")
        var elements = [Double](repeating: 0, count: rowArrays.count * columns)
        for (i, row) in rowArrays.enumerated() {
            for (j, value) in row.enumerated() { elements[i + j * rowArrays.count] = value }
        }
        self.init(rows: rowArrays.count, columns: columns, columnMajor: elements)
    }

    /// A matrix whose columns are the given arrays (for example one series per column).
    ///
    /// - Precondition: every column has the same length.
    public init(columns columnArrays: [[Double]]) {
        let rows = columnArrays.first?.count ?? 0
        precondition(columnArrays.allSatisfy { $0.count == rows }, "All columns must have the same length")
        self.init(rows: rows, columns: columnArrays.count, columnMajor: Array(columnArrays.joined()))
    }

    /// The element in row `row` and column `column` (both zero-based).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return elements[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            elements[row + column * rows] = newValue
        }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column out of range")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Matrix row out of range")
        return (0..<columns).map { elements[i + $0 * rows] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.elements[j + i * columns] = elements[i + j * rows] }
        }
        return result
    }

    /// The `n`×`n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result.elements[i + i * n] = 1 }
        return result
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        (0..<rows).map { i in row(i).map { "\($0)" }.joined(separator: "\t") }.joined(separator: "\n")
    }
}
