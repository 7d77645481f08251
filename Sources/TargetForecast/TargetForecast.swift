// TargetForecast: will each quantitative target be met by its deadline?
//
// This umbrella module only re-exports the layers, so `import TargetForecast` gives a Swift user
// the whole library. The arrows run one way (a module imports only those below it):
//
//     TargetForecast ─ re-exports everything below
//     Reporting ─────────────▶ TargetAssessment, SeriesEngine
//     DocumentExtraction ────▶ FileFormats
//     TargetAssessment ──────▶ Forecasting, FileFormats
//     SeriesEngine ──────────▶ SeriesReading, Forecasting
//     SeriesReading ─────────▶ FileFormats
//     Forecasting ───────────▶ TargetData, Regression
//     FileFormats ───────────▶ TargetData, Workbooks
//     Workbooks ─────────────▶ TargetData (zlib, ZIPFoundation, Foundation's XMLParser)
//     Regression ────────────▶ LinearAlgebra (COpenBLAS), Distributions
@_exported import Distributions
@_exported import DocumentExtraction
@_exported import FileFormats
@_exported import Forecasting
@_exported import LinearAlgebra
@_exported import Regression
@_exported import Reporting
@_exported import SeriesEngine
@_exported import SeriesReading
@_exported import TargetAssessment
@_exported import TargetData
@_exported import Workbooks
