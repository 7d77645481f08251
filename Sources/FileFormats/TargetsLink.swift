import Foundation
import TargetData

/// `forecast targets link` as a value: which readings each metric of a targets file should read,
/// and the targets file with those links (and the reading kinds the data show) written in.
///
/// ```swift
/// let link = try TargetsLink(targetsFile: "extracted.yaml", readingsFiles: ["readings-by-name.csv"])
/// for new in link.proposal.newLinks { print(new.metric, "←", new.readings) }
/// try link.write(to: "linked.yaml")
/// ```
public struct TargetsLink: Sendable {
    /// The targets file as given.
    public var targetsFile: String
    /// What the readings and the names suggest.
    public var proposal: LinkProposal
    /// The readings files' warnings and notes.
    public var diagnostics: [Diagnostic]
    /// Whether reading kinds the data contradict are changed too (default) or only reported.
    public var changesReadingKinds = true

    /// The bytes of the targets file as read, so that what is written is what was proposed on
    /// (for a table, its catalogue written as YAML).
    private let original: [UInt8]
    /// Whether the targets file is a table (CSV or .xlsx): the linked file is then written as YAML,
    /// never over the table.
    public let isTable: Bool

    /// Reads the targets file and every metric of the readings files, and proposes the links.
    ///
    /// - Parameters:
    ///   - namesFiles: targets files (such as last year's) whose metrics give the readings other
    ///     names: readings under such a metric's id, name or alias are also matched by its other names.
    ///   - chosen: links the user decided (metric id → readings name), taken before any proposal.
    /// - Throws: `InputError`, located, for a broken file or a chosen metric or readings name that
    ///   does not exist.
    ///   - sheet: the worksheet read in each Excel workbook among `readingsFiles` (default: its first).
    public init(targetsFile: String, readingsFiles: [String], namesFiles: [String] = [], chosen: [String: String] = [:],
                sheet: String? = nil) throws(InputError) {
        var bytes = try FileBytes.read(targetsFile)
        let targets = try TargetsFile.parse(bytes, file: targetsFile)
        // A table has no YAML to edit: the links are written into the catalogue as YAML.
        if targets.isTable { bytes = Array(TargetsFileWriter.yaml(targets.catalogue, header: ["Linked from the targets table \(targetsFile)."]).utf8) }
        isTable = targets.isTable
        let (readings, notes) = try Readings.readWithNotes(readingsFiles, sheet: sheet)
        var names: [String: [String]] = [:]
        if !namesFiles.isEmpty {
            var byKey: [String: String] = [:]
            for name in readings.metrics { byKey[Metric.matchingKey(name)] = byKey[Metric.matchingKey(name)] ?? name }
            for file in namesFiles {
                for metric in try TargetsFile.read(file).catalogue.metrics {
                    guard let readingsName = metric.readingNames.lazy.compactMap({ byKey[Metric.matchingKey($0)] }).first else { continue }
                    names[readingsName, default: []] += metric.readingNames.filter { $0 != readingsName }
                }
            }
        }
        let catalogue = targets.catalogue
        // The readings as `run` would link them, to tell which are free for a chosen link.
        var linked = readings
        if !chosen.isEmpty { _ = catalogue.link(&linked) }
        for (metric, readingsName) in chosen.sorted(by: { $0.key < $1.key }) {
            guard catalogue.metrics.contains(where: { $0.id == metric }) else {
                throw InputError(SourceLocation(file: targetsFile), "--link \(metric)=\(readingsName): there is no metric '\(metric)' in the file"
                    + (Catalogue.closest(to: metric, in: catalogue.metrics.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""))
            }
            guard readings[readingsName] != nil else {
                throw InputError(SourceLocation(file: readingsFiles.joined(separator: ", ")), "--link \(metric)=\(readingsName): no readings come under '\(readingsName)'"
                    + (Catalogue.closest(to: readingsName, in: readings.metrics).map { " (did you mean '\($0)'?)" } ?? ""))
            }
            if linked[metric] != nil {
                throw InputError(SourceLocation(file: targetsFile), "--link \(metric)=\(readingsName): metric '\(metric)' already has readings (under its id, name or an alias); drop the --link or the other name")
            }
            if catalogue.metrics.contains(where: { $0.id == readingsName }) || linked[readingsName] == nil {
                let reader = catalogue.metrics.first { other in other.id != metric && other.readingNames.contains { Metric.matchingKey($0) == Metric.matchingKey(readingsName) } }
                throw InputError(SourceLocation(file: targetsFile), "--link \(metric)=\(readingsName): the readings '\(readingsName)' are already read by metric '\(reader?.id ?? readingsName)' of the file")
            }
        }
        self.targetsFile = targetsFile
        self.original = bytes
        self.proposal = catalogue.proposeLinks(for: readings, readingsNames: names, chosen: chosen)
        self.diagnostics = notes
    }

    /// The edits that write the proposal into the targets file: an alias per new link, and the
    /// reading kinds the data show when ``changesReadingKinds``.
    public var changes: [TargetsFileEdit.Change] {
        proposal.newLinks.map { .addAlias(metric: $0.metric, alias: $0.readings) }
            + (changesReadingKinds ? proposal.kindChanges.map { .setReading(metric: $0.metric, kind: $0.to) } : [])
    }

    /// The targets file with ``changes`` made, comments and layout kept (``TargetsFileEdit``).
    public func editedFile() throws(InputError) -> [UInt8] {
        try TargetsFileEdit.apply(changes, to: original, file: targetsFile)
    }

    /// Writes the edited targets file to `path` atomically; over the targets file itself only when
    /// `path` is it, after keeping the file as it was beside it (``backupPath(for:)``).
    ///
    /// - Returns: where the previous version was kept, when the targets file was rewritten.
    @discardableResult
    public func write(to path: String, protecting inputs: [String] = []) throws(InputError) -> String? {
        let edited = try editedFile()
        if isTable && AtomicFile.canonical(path) == AtomicFile.canonical(targetsFile) {
            throw InputError(SourceLocation(file: targetsFile),
                             "a targets table (CSV or .xlsx) is not rewritten in place; give --output FILE.yaml to write the linked targets file as YAML")
        }
        guard AtomicFile.canonical(path) == AtomicFile.canonical(targetsFile) else {
            try AtomicFile.write(edited, to: path, protecting: inputs + [targetsFile])
            return nil
        }
        let backup = Self.backupPath(for: targetsFile)
        try AtomicFile.write(original, to: backup, protecting: inputs + [targetsFile])
        try AtomicFile.write(edited, to: path, protecting: inputs)
        return backup
    }

    /// A path beside `file` that does not exist yet: `file.before-link`, then `.before-link-2`, ….
    public static func backupPath(for file: String) -> String {
        var candidate = file + ".before-link"
        var number = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = file + ".before-link-\(number)"
            number += 1
        }
        return candidate
    }
}
