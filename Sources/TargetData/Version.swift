/// The library's version, printed by `forecast --version`.
public let targetForecastVersion = "0.1.0"
