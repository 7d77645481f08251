import FileFormats
import TargetData
/// Gathers extracted targets into a catalogue: one metric per distinct name, unit and reading
/// kind, target ids `t<item>-<n>`, and `relative` targets tied to the metric they follow.
struct CatalogueBuilder {
    let year: Int
    private(set) var metrics: [Metric] = []
    private(set) var targets: [Target] = []
    private(set) var notes: [String: [String]] = [:]
    private var metricIDs: [String: String] = [:]          // "name|unit|reading" → id
    private var usedIDs: Set<String> = []
    private var countsByItem: [String: Int] = [:]
    private var versusNames: [String: String] = [:]        // target id → the name it follows

    init(year: Int) { self.year = year }

    /// A title as the targets file reader will read it back: no surrounding white space (the
    /// reader trims it), never empty (the reader refuses that).
    static func title(_ text: String, item: PolicyDocument.Item) -> String {
        let trimmed = text.trimmingWhitespace
        if !trimmed.isEmpty { return trimmed }
        return item.number.map { "第\($0)项" } ?? "第\(item.paragraph ?? 0)段"
    }

    var catalogue: Catalogue { Catalogue(year: year, metrics: metrics, targets: targets) }

    /// `t<item>-<n>` for numbered items, `p<paragraph>-<n>` for paragraphs of a document without them.
    private mutating func nextID(item: PolicyDocument.Item) -> String {
        let label = item.number.map { "t\($0)" } ?? "p\(item.paragraph ?? 0)"
        countsByItem[label, default: 0] += 1
        return "\(label)-\(countsByItem[label, default: 1])"
    }

    /// The id of the metric called `name` in `unit`, read as `reading`, adding it when new. Two
    /// targets that name the same quantity share one metric; a name reused with another unit or
    /// reading kind gets a numbered id.
    mutating func metricID(name rawName: String, unit: String, reading: ReadingKind) -> String {
        // Names are written back as ids and read by the targets file reader, which trims
        // spaces and refuses empty text: the same cleaning here keeps the round trip exact.
        let trimmed = rawName.trimmingWhitespace
        let name = trimmed.isEmpty ? "未命名指标" : trimmed
        let key = "\(name)|\(unit)|\(reading.rawValue)"
        if let id = metricIDs[key] { return id }
        var id = name
        var suffix = 2
        while usedIDs.contains(id) {
            id = "\(name)-\(suffix)"
            suffix += 1
        }
        usedIDs.insert(id)
        metrics.append(Metric(id: id, name: name, unit: unit, reading: reading))
        metricIDs[key] = id
        return id
    }

    mutating func add(_ extracted: ExtractedTarget, item: PolicyDocument.Item) {
        let id = nextID(item: item)
        let metric = metricID(name: extracted.metricName, unit: extracted.metricUnit, reading: extracted.reading)
        targets.append(Target(id: id, item: item.number, title: Self.title(extracted.title, item: item), metric: metric, kind: extracted.kind,
                              direction: extracted.direction, value: extracted.value, unit: extracted.unit,
                              firmness: extracted.firmness, lead: item.lead, support: item.support,
                              deadline: extracted.deadline, at: extracted.at))
        var targetNotes = extracted.notes
        if let bound = Self.naturalMaximum(of: extracted), let index = metrics.firstIndex(where: { $0.id == metric }) {
            metrics[index].maximum = min(metrics[index].maximum ?? bound, bound)
            if extracted.kind == .level {
                targetNotes.append("all of them: the metric's max is \(TargetsFileWriter.number(bound)) (a count cannot pass the whole)")
            }
        }
        if !targetNotes.isEmpty { notes[id] = targetNotes }
        if let versus = extracted.versusName { versusNames[id] = versus }
    }

    /// The natural upper bound a target's wording gives its metric: the whole, for a count that
    /// must cover everything (`913个居民小区垃圾分类全覆盖`, `40个社区全部建成`); 100 for a ratio in percent.
    static func naturalMaximum(of extracted: ExtractedTarget) -> Double? {
        guard extracted.direction == .atLeast, let value = extracted.value, value > 0 else { return nil }
        switch extracted.kind {
        case .ratio where extracted.unit == "%":
            return 100
        case .level where extracted.title.contains("全覆盖") || extracted.title.contains("全部") || extracted.title.contains("所有"):
            return value
        default:
            return nil
        }
    }

    mutating func addQualitative(item: PolicyDocument.Item, title: String, firmness: Firmness) {
        let id = nextID(item: item)
        targets.append(Target(id: id, item: item.number, title: Self.title(title, item: item), metric: nil, kind: .qualitative, value: nil,
                              firmness: firmness, lead: item.lead, support: item.support))
    }

    /// Ties every relative target to the metric it must keep up with: economic growth (经济增长)
    /// is the growth of GDP (地区生产总值) when the document has a GDP target; otherwise the metric
    /// named like it, or a new metric of that name.
    mutating func resolveRelatives() {
        for index in targets.indices {
            guard let name = versusNames[targets[index].id] else { continue }
            let stem = name.hasSuffix("增长") ? String(name.dropLast(2)) : name
            let economy = stem == "经济" || stem.contains("生产总值") || stem.uppercased().contains("GDP")
            let found = metrics.first { metric in
                economy ? (metric.name.contains("生产总值") || metric.name.uppercased().contains("GDP")) : metric.name == stem
            }
            if let found {
                targets[index].versus = found.id
            } else {
                let unit = TargetWords.moneySubjects.contains { stem.contains($0) } || economy ? "元" : "未注明"
                targets[index].versus = metricID(name: economy ? "地区生产总值" : stem, unit: unit, reading: .ytd)
                notes[targets[index].id, default: []].append("the document has no target on \(stem); a metric was added for it")
            }
        }
    }

    /// Turns any target the catalogue's own checks reject (a reduction of 100% or more, say)
    /// into a qualitative entry with a note, so that the file written always passes
    /// `forecast targets check` and nothing the document says is dropped.
    mutating func demoteInvalidTargets() {
        for problem in catalogue.problems() where problem.severity == .error {
            guard case let .target(index) = problem.subject, targets[index].kind != .qualitative else { continue }
            let target = targets[index]
            notes[target.id, default: []].append("read as \(target.kind.rawValue) \(target.value.map(TargetsFileWriter.number) ?? "null"), which is not a valid target (\(problem.message)); listed as qualitative")
            targets[index] = Target(id: target.id, item: target.item, title: target.title, metric: nil, kind: .qualitative,
                                    value: nil, firmness: target.firmness, lead: target.lead, support: target.support)
        }
        // Metrics no target uses any more are dropped.
        let used = Set(targets.compactMap(\.metric) + targets.compactMap(\.versus))
        metrics.removeAll { !used.contains($0.id) }
    }
}
