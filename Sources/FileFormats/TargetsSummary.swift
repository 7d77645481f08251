import TargetData

/// What `forecast targets check` reports of a targets file: whether it is valid, its year, how
/// many targets, metrics and document items it holds, the targets by kind and by firmness, and
/// every problem. Encodes as the command's JSON.
public struct TargetsSummary: Sendable, Encodable {
    public var file: String
    /// Whether the file was read without an error.
    public var valid: Bool
    public var year: Int?
    public var targetCount: Int
    public var metricCount: Int
    /// Distinct document items the targets come from.
    public var itemCount: Int
    public var countsByKind: [String: Int]
    public var countsByFirmness: [String: Int]
    public var problems: [DiagnosticRecord]
    /// The problems as diagnostics (errors or warnings), in file order.
    public var diagnostics: [Diagnostic]
    /// The file's errors, when it could not be read.
    public var failure: InputError?

    enum CodingKeys: String, CodingKey {
        case file, valid, year, targetCount, metricCount, itemCount, countsByKind, countsByFirmness, problems
    }

    /// Reads and summarises the targets file at `path`; a file that cannot be read gives an
    /// invalid summary with its errors (``failure``), not a throw.
    public static func check(_ path: String) -> TargetsSummary {
        do {
            return TargetsSummary(file: path, targets: try TargetsFile.read(path))
        } catch {
            return TargetsSummary(file: path, valid: false, year: nil, targetCount: 0, metricCount: 0, itemCount: 0,
                                  countsByKind: [:], countsByFirmness: [:], problems: error.diagnostics.map(DiagnosticRecord.init),
                                  diagnostics: error.diagnostics, failure: error)
        }
    }

    /// The summary of a targets file that was read.
    public init(file: String, targets: TargetsFile) {
        let catalogue = targets.catalogue
        self.init(file: file, valid: true, year: catalogue.year, targetCount: catalogue.targets.count,
                  metricCount: catalogue.metrics.count, itemCount: Set(catalogue.targets.compactMap(\.item)).count,
                  countsByKind: Dictionary(grouping: catalogue.targets, by: \.kind.rawValue).mapValues(\.count),
                  countsByFirmness: Dictionary(grouping: catalogue.targets, by: \.firmness.rawValue).mapValues(\.count),
                  problems: targets.diagnostics.map(DiagnosticRecord.init), diagnostics: targets.diagnostics, failure: nil)
    }

    init(file: String, valid: Bool, year: Int?, targetCount: Int, metricCount: Int, itemCount: Int,
         countsByKind: [String: Int], countsByFirmness: [String: Int], problems: [DiagnosticRecord],
         diagnostics: [Diagnostic], failure: InputError?) {
        self.file = file
        self.valid = valid
        self.year = year
        self.targetCount = targetCount
        self.metricCount = metricCount
        self.itemCount = itemCount
        self.countsByKind = countsByKind
        self.countsByFirmness = countsByFirmness
        self.problems = problems
        self.diagnostics = diagnostics
        self.failure = failure
    }

    /// Counts as `name count` pairs, the largest first (ties by name): "growth 20, total 12".
    public static func describe(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
