extension Catalogue {
    /// How many diagnostics of one kind (links, unused metrics, revisions, gaps) a run lists one by
    /// one before counting the rest.
    public static let listedDiagnostics = 10

    /// ``link(_:)`` with its notes as a run lists them: the first ``listedDiagnostics``, then a count.
    public func linkListingNotes(_ readings: inout Readings) -> [Diagnostic] {
        link(&readings).listing { Diagnostic(.note, at: .wholeRun, "… and \($0) more metrics read from readings under their names or aliases", code: .linked) }
    }

    /// ``unusedMetrics(in:)`` as warnings, the first ``listedDiagnostics`` listed and the rest counted.
    public func unusedMetricWarnings(in readings: Readings) -> [Diagnostic] {
        unusedMetrics(in: readings).map { Diagnostic(.warning, at: .wholeRun, $0, code: .unusedMetric) }
            .listing { Diagnostic(.warning, at: .wholeRun, "… and \($0) more metrics in the readings are not used", code: .unusedMetric) }
    }

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

extension Array where Element == Diagnostic {
    /// The first `limit` diagnostics, then one made by `rest` from how many more there are: how a
    /// run lists links, unused metrics, revisions and gaps without flooding the terminal.
    public func listing(limit: Int = Catalogue.listedDiagnostics, rest: (Int) -> Diagnostic) -> [Diagnostic] {
        count > limit ? Array(prefix(limit)) + [rest(count - limit)] : self
    }
}
