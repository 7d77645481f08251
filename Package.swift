// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TargetForecast",
    products: [
        .library(name: "TargetForecast", targets: ["TargetForecast"]),
        .executable(name: "forecast", targets: ["forecast"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Documentation only: `swift package generate-documentation --target TargetForecast`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS (BLAS + LAPACK) from Debian's libopenblas-dev, reached through one shim header.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Cache prefetch hints (one header of static inline C functions) for the readers' scattered loads and stores.
        .systemLibrary(name: "CMemoryHints"),
        // Column-major matrices and one thin wrapper per BLAS/LAPACK routine.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        // Student t and normal distributions.
        .target(
            name: "Distributions",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // Ordinary least squares by QR, batched over many series; knows nothing of targets.
        .target(name: "Regression", dependencies: ["LinearAlgebra", "Distributions"]),
        // Helpers for the parallel loops (results stored by index, slices of work); internal to the package.
        .target(name: "InternalConcurrency"),
        // The data model: periods, metrics, readings, targets, the catalogue and diagnostics.
        .target(name: "TargetData"),
        // Excel workbooks (.xlsx) read and written: ZIP archives of SpreadsheetML; knows nothing of readings.
        // zlib (Debian's zlib1g-dev), for inflating workbook parts; ZIPFoundation writes workbooks.
        .systemLibrary(name: "CInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Workbooks", dependencies: ["TargetData", "CInflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Files in and out: CSV, readings files, targets files (YAML/JSON) and their writer, atomic output.
        .target(name: "FileFormats", dependencies: ["TargetData", "Workbooks", .product(name: "Yams", package: "Yams")]),
        // Trend models and their fits, the damped trend, predictive distributions, conformal factors.
        .target(name: "Forecasting", dependencies: ["TargetData", "Regression", "Distributions", "LinearAlgebra"]),
        // Targets assessed as of a month: year values, P(met), statuses, calibration, the target backtest.
        .target(
            name: "TargetAssessment",
            dependencies: ["TargetData", "FileFormats", "Forecasting", "Distributions", "InternalConcurrency"]
        ),
        // Long-form readings files read in parts on every core into a dense months × series table.
        .target(name: "SeriesReading", dependencies: ["TargetData", "FileFormats", "InternalConcurrency", "CMemoryHints"]),
        // The bulk series engine: batched fits of the table's series, their calibration, the series backtest.
        .target(
            name: "SeriesEngine",
            dependencies: ["TargetData", "FileFormats", "SeriesReading", "Forecasting", "Regression", "LinearAlgebra", "Distributions", "InternalConcurrency"]
        ),
        // Text, CSV, JSON, Markdown, HTML and SVG reports, explanations and charts built from assessments.
        .target(
            name: "Reporting",
            dependencies: ["TargetData", "FileFormats", "Forecasting", "TargetAssessment", "SeriesEngine", "Distributions", "Workbooks"]
        ),
        // Targets read from a policy document's text.
        .target(name: "DocumentExtraction", dependencies: ["TargetData", "FileFormats"]),
        // The umbrella: re-exports every layer, so `import TargetForecast` gives the whole library.
        .target(
            name: "TargetForecast",
            dependencies: [
                "TargetData", "FileFormats", "Forecasting", "TargetAssessment", "SeriesReading", "SeriesEngine", "Reporting",
                "DocumentExtraction", "Regression", "Distributions", "LinearAlgebra", "Workbooks",
            ]
        ),
        // The `forecast` command: a thin layer over the library.
        .executableTarget(
            name: "forecast",
            dependencies: [
                "TargetForecast",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The README's library example as one program (a test checks it is the README's code and runs it).
        .executableTarget(name: "readme-example", dependencies: ["TargetForecast"], path: "Examples/ReadmeExample"),
        // Fixture paths and a seeded generator shared by the test targets.
        .target(name: "TestSupport", dependencies: ["Distributions"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "Distributions", "TestSupport"]),
        .testTarget(
            name: "TargetForecastTests",
            dependencies: [
                "TargetForecast", "TestSupport", "TargetData", "FileFormats", "Forecasting", "TargetAssessment",
                "SeriesReading", "SeriesEngine", "Reporting", "DocumentExtraction", "Workbooks",
            ]
        ),
        .testTarget(name: "ForecastCLITests", dependencies: ["TestSupport"]),
    ]
)
