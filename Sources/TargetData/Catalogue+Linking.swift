extension Catalogue {
    /// The matching keys (``Metric/matchingKey(_:)``) of every name a metric's readings may come
    /// under: what a reader keeps when it reads only the catalogue's metrics.
    public var readingKeys: Set<String> {
        Set(metrics.flatMap(\.readingNames).map(Metric.matchingKey))
    }

    /// Links readings to the metrics that have none under their id: readings named as the
    /// metric's name or one of its aliases (compared by ``Metric/matchingKey(_:)``, so width, case
    /// and spaces do not matter; an id written `GDP` for `gdp` links too) are moved to its id.
    /// Readings under another metric's id are never taken.
    ///
    /// - Returns: a note per link, saying which readings each metric now reads.
    public func link(_ readings: inout Readings) -> [Diagnostic] {
        let ids = Set(metrics.map(\.id))
        var byKey: [String: String] = [:]
        for name in readings.metrics where !ids.contains(name) {
            let key = Metric.matchingKey(name)
            if byKey[key] == nil { byKey[key] = name }
        }
        guard !byKey.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        for metric in metrics where readings[metric.id] == nil {
            let candidates = [(metric.id, "its id, written differently")] + [(metric.name, "its name")]
                + metric.aliases.map { ($0, "an alias") }
            for (candidate, how) in candidates {
                let key = Metric.matchingKey(candidate)
                guard let found = byKey[key], readings.rename(found, to: metric.id) else { continue }
                byKey[key] = nil
                diagnostics.append(Diagnostic(.note, at: .wholeRun, "metric '\(metric.id)' is read from the readings of '\(found)' (\(how))", code: .linked))
                break
            }
        }
        return diagnostics
    }
}
