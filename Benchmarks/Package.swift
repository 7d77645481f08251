// swift-tools-version: 6.1
// Benchmarks live in their own package so that users of TargetForecast never build
// ordo-one/benchmark. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "TargetForecastBenchmarks",
    dependencies: [
        .package(name: "TargetForecast", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RegressionBenchmarks",
            dependencies: [
                .product(name: "TargetForecast", package: "TargetForecast"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RegressionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
