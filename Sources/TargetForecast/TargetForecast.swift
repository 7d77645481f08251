// TargetForecast: will each quantitative target be met by its deadline?
//
// This umbrella module re-exports the layers it is built on, so `import TargetForecast` gives a
// Swift user the whole library: the regression core (`LeastSquares`, `LinearFit`, `Prediction`),
// the distributions (`StudentTDistribution`, `NormalDistribution`) and the matrix type (`Matrix`).
@_exported import Distributions
@_exported import LinearAlgebra
@_exported import Regression

/// The library's version, printed by `forecast --version`.
public let targetForecastVersion = "0.1.0"
