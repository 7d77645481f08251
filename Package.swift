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
        // Column-major matrices and one thin wrapper per BLAS/LAPACK routine.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        // Student t and normal distributions.
        .target(
            name: "Distributions",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // Ordinary least squares by QR, batched over many series; knows nothing of targets.
        .target(name: "Regression", dependencies: ["LinearAlgebra", "Distributions"]),
        // Metrics, readings, targets, trend models, forecasts, reports.
        .target(
            name: "TargetForecast",
            dependencies: ["Regression", "Distributions", "LinearAlgebra", .product(name: "Yams", package: "Yams")]
        ),
        // The `forecast` command: a thin layer over the library.
        .executableTarget(
            name: "forecast",
            dependencies: [
                "TargetForecast",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixture paths and a seeded generator shared by the test targets.
        .target(name: "TestSupport", dependencies: ["Distributions"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "Distributions", "TestSupport"]),
        .testTarget(name: "TargetForecastTests", dependencies: ["TargetForecast", "TestSupport"]),
        .testTarget(name: "ForecastCLITests", dependencies: ["TestSupport"]),
    ]
)
