import Foundation

/// Which readings each metric of a catalogue should read, proposed from the names and checked
/// against the data: what `forecast targets link` prints and writes into a targets file.
public struct LinkProposal: Sendable, Hashable {
    /// A metric and the readings it will read.
    public struct Link: Sendable, Hashable {
        /// The metric's id.
        public var metric: String
        /// The name the readings come under (a readings file's metric column).
        public var readings: String
        /// How well the names match, 0–1 (``NameSimilarity/score(_:_:)``); 1 for an exact match.
        public var score: Double
        /// Which of the metric's names matched (its id, name or an alias).
        public var metricName: String
        /// Which name of the readings matched: their own, or one a reference catalogue gives them.
        public var readingsName: String
        /// Why the scale of the readings does not fit the metric's targets, when it does not.
        public var scaleWarning: String?
        /// Whether the link is already in effect (the readings come under the metric's id, name
        /// or an alias), or is new and goes into the targets file as an alias.
        public var isNew: Bool
    }

    /// A readings name that comes close to a metric's names.
    public struct Candidate: Sendable, Hashable {
        public var name: String
        public var score: Double
    }

    /// A metric left without readings, with the readings that come closest.
    public struct Unlinked: Sendable, Hashable {
        public var metric: String
        /// The closest free readings names with their scores, best first (at most three).
        public var candidates: [Candidate]
        /// Why no candidate was taken.
        public var reason: String
    }

    /// A metric whose readings behave as another reading kind than it declares.
    public struct KindChange: Sendable, Hashable {
        public var metric: String
        public var from: ReadingKind
        public var to: ReadingKind
        /// The warning with the evidence, located in the readings file.
        public var evidence: Diagnostic
    }

    /// Every measured metric that has readings, new links first.
    public var links: [Link]
    /// Measured metrics still without readings.
    public var unlinked: [Unlinked]
    /// Reading kinds the data contradict, with the kind they show.
    public var kindChanges: [KindChange]
    /// Other reading-kind warnings (evidence without a clear other kind).
    public var kindWarnings: [Diagnostic]
    /// Readings names that no metric reads.
    public var unusedReadings: [String]

    /// The links that are not in the targets file yet.
    public var newLinks: [Link] { links.filter(\.isNew) }
}

/// How alike two names are, for proposing links between a catalogue's metric names and the names
/// readings come under (`高企` ~ `高新技术企业数`, `retail-sales` ~ `retail_sales_total`).
public enum NameSimilarity {
    /// The score of two names, 0 (nothing in common) to 1 (the same after ``key(_:)``).
    ///
    /// With ℓ the length of the longest common subsequence of the two keys (characters in the same
    /// order, not necessarily adjacent: Chinese abbreviations keep characters of the full name in
    /// order, 高企 ← 高新技术企业) and m, n their lengths:
    ///
    ///     score = ½ · ℓ / min(m, n) + ½ · 2ℓ / (m + n)
    ///
    /// the mean of how much of the shorter name is found in the longer one and the Dice-like share
    /// of both names in common. Keys that are equal score 1.
    public static func score(_ a: String, _ b: String) -> Double {
        score(keyed: Array(key(a)), Array(key(b)))
    }

    /// A name reduced to what matters for matching: ``Metric/matchingKey(_:)`` (width, case,
    /// white space) without punctuation and symbols (`-`, `_`, `、`, quotes, brackets).
    public static func key(_ name: String) -> String {
        String(Metric.matchingKey(name).unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }.map(Character.init))
    }

    static func score(keyed a: [Character], _ b: [Character]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if a == b { return 1 }
        let common = Double(longestCommonSubsequence(a, b))
        return 0.5 * common / Double(min(a.count, b.count)) + common / Double(a.count + b.count)
    }

    /// Length of the longest common subsequence (dynamic programming, one row, O(m·n)).
    static func longestCommonSubsequence(_ a: [Character], _ b: [Character]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in b.indices {
                let above = row[j + 1]
                row[j + 1] = x == b[j] ? diagonal + 1 : max(above, row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }
}

extension Catalogue {
    /// The least score at which a name match is taken, and the factor by which it must beat the
    /// runner-up. Chosen on the Gulou fixture (the extracted metric names against the bureau-style
    /// names of `readings-by-name.csv`: 64 of 65 metrics linked, none wrong, the 65th having no
    /// readings); not yet checked on other documents.
    public static let linkLeastScore = 0.4
    public static let linkMargin = 1.5
    /// A score at which a runner-up 0.1 behind does not matter (names differing by a character or two).
    public static let linkCertainScore = 0.9

    /// Proposes which readings each metric used by a target should read.
    ///
    /// Readings already under a metric's id, name or alias stay linked (``link(_:)``). For every
    /// other measured metric, each readings name no metric reads is scored against the metric's
    /// id, name and aliases (``NameSimilarity/score(_:_:)``, also against `readingsNames` — what a
    /// reference catalogue such as last year's targets file calls those readings). Pairs are
    /// taken best first, each metric and each readings name at most once, when the score is at
    /// least ``linkLeastScore`` and either ``linkMargin`` times the runner-up's or at least
    /// ``linkCertainScore`` and 0.1 above the runner-up's — the runner-up being the
    /// metric's next free candidate that matches no other metric better (two readings that match
    /// about as well are left for the user).
    /// A match the data contradict (``scaleWarning(metric:source:series:)``: readings a hundredfold
    /// off its targets' thresholds, a rate for an amount) is not taken: the metric is listed as
    /// unlinked with the reason. With the links in place, the reading kinds are checked against the data
    /// (``readingKindFindings(in:)``): a clear other kind becomes a ``LinkProposal/KindChange``.
    ///
    /// `chosen` (metric id → readings name) are links the user decided; they are taken first, for
    /// metrics without readings of their own.
    public func proposeLinks(for readings: Readings, readingsNames: [String: [String]] = [:], chosen: [String: String] = [:]) -> LinkProposal {
        var linked = readings
        _ = link(&linked)
        let measuredIDs = Set(targets.compactMap(\.metric))
        let measured = metrics.filter { measuredIDs.contains($0.id) }
        let ids = Set(metrics.map(\.id))
        var links: [LinkProposal.Link] = []
        for metric in measured where linked[metric.id] != nil {
            let source = metric.readingNames.first { readings[$0] != nil }
                ?? readings.metrics.first { name in metric.readingNames.contains { Metric.matchingKey($0) == Metric.matchingKey(name) } }
                ?? metric.id
            links.append(.init(metric: metric.id, readings: source, score: 1, metricName: source, readingsName: source, scaleWarning: nil, isNew: false))
        }
        var free = Set(linked.metrics.filter { !ids.contains($0) })
        for metric in metrics {
            guard let name = chosen[metric.id], free.contains(name), linked.rename(name, to: metric.id) else { continue }
            free.remove(name)
            links.append(.init(metric: metric.id, readings: name, score: NameSimilarity.score(metric.name, name), metricName: metric.name,
                               readingsName: name, scaleWarning: nil, isNew: true))
        }
        let waiting = measured.filter { linked[$0.id] == nil }

        // Every scored pair, the best match of each (metric, readings).
        struct Pair { var metric: Int; var readings: String; var score: Double; var metricName: String; var readingsName: String }
        let readingsKeys: [(name: String, keys: [(String, [Character])])] = free.sorted().map { name in
            (name, ([name] + (readingsNames[name] ?? [])).map { ($0, Array(NameSimilarity.key($0))) })
        }
        // Only pairs that share enough characters are scored: the subsequence ℓ is at most the
        // characters the two keys have in common (as multisets), and score ≤ ℓ / min(m, n). A pair
        // scoring under linkLeastScore / linkMargin can neither be linked nor block a link as a
        // runner-up, so it is skipped without computing ℓ — the cost follows the names that share
        // characters (an index from character to the keys holding it), not metrics × names.
        let floor = Self.linkLeastScore / Self.linkMargin
        var keyOwner: [(candidate: Int, key: Int)] = []
        var postings: [Character: [(key: Int, count: Int)]] = [:]
        for (candidate, entry) in readingsKeys.enumerated() {
            for (keyIndex, key) in entry.keys.enumerated() {
                let id = keyOwner.count
                keyOwner.append((candidate, keyIndex))
                for (character, count) in Dictionary(key.1.map { ($0, 1) }, uniquingKeysWith: +) {
                    postings[character, default: []].append((id, count))
                }
            }
        }
        var shared = [Int](repeating: 0, count: keyOwner.count)
        var pairs: [Pair] = []
        for (index, metric) in waiting.enumerated() {
            var best: [Int: Pair] = [:]
            for name in metric.readingNames {
                let a = Array(NameSimilarity.key(name))
                var touched: [Int] = []
                for (character, count) in Dictionary(a.map { ($0, 1) }, uniquingKeysWith: +) {
                    for posting in postings[character] ?? [] {
                        if shared[posting.key] == 0 { touched.append(posting.key) }
                        shared[posting.key] += min(count, posting.count)
                    }
                }
                for id in touched {
                    let (candidate, keyIndex) = keyOwner[id]
                    let (readingsName, b) = readingsKeys[candidate].keys[keyIndex]
                    let common = shared[id]
                    shared[id] = 0
                    guard Double(common) >= floor * Double(min(a.count, b.count)) else { continue }
                    let score = NameSimilarity.score(keyed: a, b)
                    if score > (best[candidate]?.score ?? 0) {
                        best[candidate] = Pair(metric: index, readings: readingsKeys[candidate].name, score: score, metricName: name, readingsName: readingsName)
                    }
                }
            }
            pairs += best.values
        }
        pairs.sort { ($0.score, $1.metric, $1.readings) > ($1.score, $0.metric, $0.readings) }
        let byMetric = Dictionary(grouping: pairs, by: \.metric)
        var taken = Set<Int>()
        var flagged: [Int: (readings: String, score: Double, warning: String)] = [:]
        // The best score of a readings name against the metrics still waiting, other than `metric`.
        let byReadings = Dictionary(grouping: pairs, by: \.readings)
        func bestOther(_ readings: String, than metric: Int) -> Double {
            byReadings[readings]?.first { $0.metric != metric && !taken.contains($0.metric) }?.score ?? 0
        }
        for pair in pairs where pair.score >= Self.linkLeastScore && !taken.contains(pair.metric) && free.contains(pair.readings) {
            // A readings name goes to the waiting metric it matches best, or to none: a weak match
            // does not take what a closer metric (even an undecided one) wants.
            guard pair.score >= bestOther(pair.readings, than: pair.metric) else { continue }
            // A readings name competes for a metric only when no other waiting metric matches it
            // better: `新建项目开工数` is no rival of `续建项目竣工数` for `续建项目尽快竣工`, being closer
            // to `新建项目加快开工`.
            let runnerUp = byMetric[pair.metric]?.first { rival in
                rival.readings != pair.readings && free.contains(rival.readings) && rival.score >= bestOther(rival.readings, than: pair.metric) - 1e-12
            }?.score ?? 0
            guard pair.score >= Self.linkMargin * runnerUp || (pair.score >= Self.linkCertainScore && runnerUp <= pair.score - 0.1) else { continue }
            taken.insert(pair.metric)
            // A name match the data contradict (a rate for an amount, a hundredfold off the
            // thresholds) is not taken: the metric is left to the user with the reason.
            if let warning = scaleWarning(metric: waiting[pair.metric].id, source: pair.readings, series: linked[pair.readings]) {
                flagged[pair.metric] = (pair.readings, pair.score, warning)
                continue
            }
            free.remove(pair.readings)
            let metric = waiting[pair.metric]
            links.append(.init(metric: metric.id, readings: pair.readings, score: pair.score, metricName: pair.metricName,
                               readingsName: pair.readingsName, scaleWarning: nil, isNew: true))
            _ = linked.rename(pair.readings, to: metric.id)
        }
        var unlinked: [LinkProposal.Unlinked] = []
        for (index, metric) in waiting.enumerated() where !taken.contains(index) || flagged[index] != nil {
            if let flag = flagged[index] {
                unlinked.append(.init(metric: metric.id, candidates: [.init(name: flag.readings, score: flag.score)],
                                      reason: "'\(flag.readings)' matches by name, but \(flag.warning)"))
                continue
            }
            let candidates = (byMetric[index] ?? []).filter { free.contains($0.readings) }.prefix(3).map { LinkProposal.Candidate(name: $0.readings, score: $0.score) }
            let reason: String
            if let best = candidates.first, best.score >= Self.linkLeastScore {
                if let second = candidates.dropFirst().first {
                    reason = "'\(best.name)' and '\(second.name)' match about as well"
                } else {
                    reason = "'\(best.name)' matches another metric at least as well"
                }
            } else if free.isEmpty {
                reason = "every readings name is read by another metric"
            } else {
                reason = "no readings name is close to '\(metric.name)'"
            }
            unlinked.append(.init(metric: metric.id, candidates: Array(candidates), reason: reason))
        }

        // Links the user chose are kept, with the warning the data give.
        for index in links.indices where links[index].isNew {
            links[index].scaleWarning = scaleWarning(metric: links[index].metric, source: links[index].readings, series: linked[links[index].metric])
        }
        var kindChanges: [LinkProposal.KindChange] = []
        var kindWarnings: [Diagnostic] = []
        let metricsByID = Dictionary(metrics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for finding in readingKindFindings(in: linked) where measuredIDs.contains(finding.metric) {
            if let to = finding.suggested, let metric = metricsByID[finding.metric], !kindChanges.contains(where: { $0.metric == finding.metric }) {
                kindChanges.append(.init(metric: finding.metric, from: metric.reading, to: to, evidence: finding.diagnostic))
            } else {
                kindWarnings.append(finding.diagnostic)
            }
        }
        let order = Dictionary(metrics.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        links.sort { ($0.isNew ? 0 : 1, order[$0.metric] ?? 0) < ($1.isNew ? 0 : 1, order[$1.metric] ?? 0) }
        return LinkProposal(links: links, unlinked: unlinked, kindChanges: kindChanges, kindWarnings: kindWarnings,
                            unusedReadings: free.sorted())
    }

    /// A warning when the readings look like a rate (增速, 同比, …率) and the metric like an amount,
    /// or when a metric's readings are a hundredfold or more off the thresholds of its
    /// `total` and `level` targets (the year's total for flows, the largest year-to-date value, the
    /// latest level), which a name match alone would not notice (`新增城镇就业` read from a series
    /// of 亿元).
    func scaleWarning(metric id: String, source: String, series: MonthlySeries?) -> String? {
        guard let series, let metric = metrics.first(where: { $0.id == id }),
              let latest = series.last else { return nil }
        // A rate linked to an amount (规上工业增加值增速 for 规上工业增加值): growth of a growth rate.
        let rateWords = ["增速", "增长率", "增幅", "同比", "比重", "占比", "growth", "rate"]
        let isRate = { (name: String) in rateWords.contains { name.lowercased().contains($0) } || name.hasSuffix("率") }
        if metric.reading != .ytdGrowth, metric.unit != "%", !metric.readingNames.contains(where: isRate),
           isRate(source) {
            return "the readings '\(source)' look like a rate, the metric '\(metric.name)' like an amount in \(metric.unit); is it reading: ytd-growth?"
        }
        let year = series.periods.filter { $0.year == latest.year }
        let values = year.compactMap { series[$0] }
        let typical: Double? = switch metric.reading {
        case .flow: values.count >= 10 ? values.reduce(0, +) : nil
        case .ytd: values.max()
        case .level: series[latest]
        case .ytdGrowth: nil
        }
        guard let typical, typical > 0 else { return nil }
        for target in targets where target.metric == id && (target.kind == .total || target.kind == .level) {
            guard let value = target.value, value > 0 else { continue }
            let ratio = value / typical
            if ratio >= 100 || ratio <= 0.01 {
                return "target \(target.id)'s threshold \(Self.plain(value)) is \(ratio >= 100 ? "over a hundred times" : "under a hundredth of") the readings' \(Self.plain(typical)) in \(latest.year)"
            }
        }
        return nil
    }
}
