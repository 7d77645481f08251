// swift-tools-version: 6.1
// libFuzzer targets for every parser of user bytes. Build and run with Fuzz/run.sh.
import PackageDescription

let package = Package(
    name: "TargetForecastFuzz",
    dependencies: [
        .package(name: "TargetForecast", path: ".."),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "TargetForecast", package: "TargetForecast")]),
        .executableTarget(
            name: "FuzzReadings",
            dependencies: ["FuzzSupport", .product(name: "TargetForecast", package: "TargetForecast")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzTargetsFile",
            dependencies: ["FuzzSupport", .product(name: "TargetForecast", package: "TargetForecast")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzTargetsExtract",
            dependencies: ["FuzzSupport", .product(name: "TargetForecast", package: "TargetForecast")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzWorkbook",
            dependencies: ["FuzzSupport", .product(name: "TargetForecast", package: "TargetForecast"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzSeriesReader",
            dependencies: ["FuzzSupport", .product(name: "TargetForecast", package: "TargetForecast")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
