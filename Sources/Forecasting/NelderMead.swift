/// The Nelder–Mead simplex minimiser (Nelder & Mead 1965), with the standard coefficients —
/// reflection 1, expansion 2, contraction ½, shrink ½ — and the ordering rules of Lagarias et
/// al. (1998, "Convergence properties of the Nelder–Mead simplex method in low dimensions").
///
/// Why hand-written: no package on the machine's list offers a minimiser (swift-numerics has
/// none), and the exponential-smoothing fits need only a derivative-free search over two to five
/// parameters. Box constraints are the caller's: it maps unconstrained coordinates onto the box.
///
/// - Complexity: at most `maximumEvaluations` calls of the objective, O(d²) work besides.
struct NelderMead {
    /// Stop when the simplex's values differ by at most this, relative to the best (R's `optim`
    /// uses 1e-8 for its Nelder–Mead, and so do the forecast package's ETS fits).
    var tolerance = 1e-8
    var maximumEvaluations = 1_000

    /// The point of lowest value found from `start`, with first simplex `start + steps[i]·eᵢ`.
    /// A non-finite value of the objective counts as +∞ (outside the admissible region).
    func minimise(from start: [Double], steps: [Double], _ objective: ([Double]) -> Double) -> (point: [Double], value: Double) {
        let d = start.count
        precondition(steps.count == d && d >= 1, "one step per coordinate")
        var evaluations = 0
        func f(_ x: [Double]) -> Double {
            evaluations += 1
            let value = objective(x)
            return value.isFinite ? value : .infinity
        }
        var simplex = [start]
        for i in 0..<d {
            var vertex = start
            vertex[i] += steps[i]
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[d]
            if worst - best <= tolerance * (abs(best) + 1e-20) { break }
            var centroid = [Double](repeating: 0, count: d)
            for vertex in simplex.prefix(d) {
                for i in 0..<d { centroid[i] += vertex[i] / Double(d) }
            }
            func along(_ t: Double) -> [Double] { (0..<d).map { centroid[$0] + t * (simplex[d][$0] - centroid[$0]) } }
            let reflected = along(-1), reflectedValue = f(reflected)
            if reflectedValue < best {
                let expanded = along(-2), expandedValue = f(expanded)
                (simplex[d], values[d]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[d - 1] {
                (simplex[d], values[d]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < worst
                let contracted = along(outside ? -0.5 : 0.5), contractedValue = f(contracted)
                if contractedValue < (outside ? reflectedValue : worst) {
                    (simplex[d], values[d]) = (contracted, contractedValue)
                } else {
                    for j in 1...d {
                        simplex[j] = (0..<d).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = f(simplex[j])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[bestIndex], values[bestIndex])
    }
}
