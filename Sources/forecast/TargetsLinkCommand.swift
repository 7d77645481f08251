import ArgumentParser
import Foundation
import TargetForecast

struct TargetsLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a targets file's metrics to the names its readings come under.",
        discussion: """
            For every metric that a target uses and that has no readings under its id, name or \
            aliases, proposes the readings whose name is closest (characters in common, in order: \
            高企 ~ 高新技术企业数), one readings name per metric; a match the data contradict (readings \
            a hundredfold off the targets, a rate for an amount) is listed, not taken. Then checks each metric's reading kind against its data \
            (a year-to-date series that falls is a monthly flow). With --output or --in-place the \
            links are written into the targets file as aliases and the kinds corrected, comments and \
            layout kept; without, nothing is written. Metrics left without readings are listed with \
            their closest candidates: choose one with --link. Exit status 2 when a file has errors.

            Examples:
              forecast targets link targets.yaml --readings readings.csv
              forecast targets link t.yaml --readings r.csv --names last-year.yaml
              forecast targets link t.yaml --readings r.csv --link '高企=高新技术企业数'
            """
    )

    @Argument(help: "The targets file (.yaml, .yml or .json).")
    var targets: String

    @Option(parsing: .upToNextOption, help: "One or more readings files, CSV or Excel .xlsx.")
    var readings: [String]

    @Option(help: ArgumentHelp("The worksheet to read in each Excel workbook (.xlsx) among the readings (default: its first sheet).", valueName: "name"))
    var sheet: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Targets files (such as last year's) whose metrics give readings other names to match on.", valueName: "file"))
    var names: [String] = []

    @Option(name: .customLong("link"), help: ArgumentHelp("A link you choose, as METRIC=READINGS (repeat for more).", valueName: "metric=readings"))
    var chosen: [String] = []

    @Option(help: "Write the linked targets file here (atomically).")
    var output: String?

    @Flag(help: "Rewrite the targets file itself, keeping the previous version beside it as FILE.before-link.")
    var inPlace = false

    @Flag(help: "Only report reading kinds the data contradict; do not change them.")
    var keepReadingKinds = false

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    func validate() throws {
        guard !readings.isEmpty else { throw ValidationError("give the readings files with --readings FILE...") }
        if inPlace && output != nil { throw ValidationError("--in-place and --output exclude each other: choose one") }
        for pair in chosen where Self.split(pair) == nil {
            throw ValidationError("--link '\(pair)': expected METRIC=READINGS (both non-empty), such as --link '高企=高新技术企业数'")
        }
    }

    func run() throws {
        if let output { try AtomicFile.refuseInputs(output, [targets] + readings + names) }
        var pairs: [String: String] = [:]
        for pair in chosen {
            if let (metric, readingsName) = Self.split(pair) { pairs[metric] = readingsName }
        }
        var link = try TargetsLink(targetsFile: targets, readingsFiles: readings, namesFiles: names, chosen: pairs, sheet: sheet)
        link.changesReadingKinds = !keepReadingKinds
        let destination = inPlace ? targets : output
        var backup: String?
        if let destination, !link.changes.isEmpty {
            backup = try link.write(to: destination, protecting: readings + names)
        }
        for diagnostic in link.diagnostics where diagnostic.severity == .warning { Terminal.printError(diagnostic.description) }
        if format == .json {
            print(try Terminal.json(LinkRecord(link, written: link.changes.isEmpty ? nil : destination, backup: backup)), terminator: "")
        } else {
            print(describe(link, written: destination, backup: backup))
        }
    }

    /// `METRIC=READINGS` split at the first `=`, both sides trimmed and non-empty.
    static func split(_ pair: String) -> (String, String)? {
        guard let equals = pair.firstIndex(of: "=") else { return nil }
        let metric = pair[..<equals].trimmingCharacters(in: .whitespaces)
        let readingsName = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return metric.isEmpty || readingsName.isEmpty ? nil : (metric, readingsName)
    }

    func describe(_ link: TargetsLink, written destination: String?, backup: String?) -> String {
        let proposal = link.proposal
        let new = proposal.newLinks
        let pairs = { (entry: LinkProposal.Link) in chosen.contains { Self.split($0)?.0 == entry.metric } }
        var lines = ["\(targets): \(new.count) new link\(new.count == 1 ? "" : "s"), \(proposal.links.count - new.count) already in place, "
            + "\(proposal.unlinked.count) metric\(proposal.unlinked.count == 1 ? "" : "s") without readings, "
            + "\(proposal.kindChanges.count) reading kind\(proposal.kindChanges.count == 1 ? "" : "s") the data contradict"]
        if !new.isEmpty {
            lines.append("new links (written as aliases):")
            var rows: [[String]] = [["metric", "readings", "match", "because"]]
            for entry in new {
                let because = pairs(entry) ? "chosen with --link" : entry.metricName == entry.readingsName ? "same name"
                    : "'\(entry.metricName)' ~ '\(entry.readingsName)'"
                rows.append([entry.metric, entry.readings, String(format: "%.2f", entry.score), because + (entry.scaleWarning.map { "; check: \($0)" } ?? "")])
            }
            lines += TextTable.render(rows).split(separator: "\n").map { "  " + $0 }
        }
        if !proposal.kindChanges.isEmpty {
            lines.append(keepReadingKinds ? "reading kinds the data contradict (kept, --keep-reading-kinds):" : "reading kinds the data contradict (changed):")
            for change in proposal.kindChanges {
                lines.append("  \(change.metric): reading: \(change.from.rawValue) → \(change.to.rawValue)")
                lines.append("    \(change.evidence)")
            }
        }
        for warning in proposal.kindWarnings { lines.append("  \(warning)") }
        if !proposal.unlinked.isEmpty {
            lines.append("without readings (choose with --link METRIC=READINGS):")
            for entry in proposal.unlinked {
                let closest = entry.candidates.map { "'\($0.name)' (\(String(format: "%.2f", $0.score)))" }.joined(separator: ", ")
                lines.append("  \(entry.metric): \(entry.reason)" + (closest.isEmpty ? "" : "; closest: \(closest)"))
            }
        }
        if new.isEmpty, proposal.links.isEmpty, !proposal.unlinked.isEmpty,
           !proposal.unlinked.contains(where: { $0.candidates.contains { $0.score >= Catalogue.linkLeastScore } }) {
            lines.append("none of the readings' names resembles the metrics' names: give a targets file that names those readings (--names last-year.yaml), or choose links with --link")
        }
        if !proposal.unusedReadings.isEmpty {
            let shown = proposal.unusedReadings.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            lines.append("\(proposal.unusedReadings.count) readings name\(proposal.unusedReadings.count == 1 ? "" : "s") no metric reads: \(shown)\(proposal.unusedReadings.count > 10 ? ", …" : "")")
        }
        if link.changes.isEmpty {
            lines.append("nothing to write")
        } else if let destination {
            lines.append("wrote \(destination)" + (backup.map { " (the previous version is kept as \($0))" } ?? ""))
        } else {
            lines.append("nothing written: give --output PATH or --in-place to write the \(link.changes.count) change\(link.changes.count == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n")
    }
}

/// The JSON form of `forecast targets link`'s result.
struct LinkRecord: Encodable {
    struct Link: Encodable {
        var metric, readings: String
        var score: Double
        var metricName, readingsName: String
        var isNew: Bool
        var scaleWarning: String?
    }
    struct Unlinked: Encodable {
        var metric, reason: String
        var candidates: [Candidate]
    }
    struct Candidate: Encodable {
        var name: String
        var score: Double
    }
    struct KindChange: Encodable {
        var metric, from, to: String
        var evidence: DiagnosticRecord
    }
    var targets: String
    var links: [Link]
    var unlinked: [Unlinked]
    var kindChanges: [KindChange]
    var kindWarnings: [DiagnosticRecord]
    var unusedReadings: [String]
    var written: String?
    var backup: String?

    init(_ link: TargetsLink, written: String?, backup: String?) {
        let proposal = link.proposal
        targets = link.targetsFile
        links = proposal.links.map { Link(metric: $0.metric, readings: $0.readings, score: $0.score, metricName: $0.metricName,
                                          readingsName: $0.readingsName, isNew: $0.isNew, scaleWarning: $0.scaleWarning) }
        unlinked = proposal.unlinked.map { Unlinked(metric: $0.metric, reason: $0.reason, candidates: $0.candidates.map { Candidate(name: $0.name, score: $0.score) }) }
        kindChanges = proposal.kindChanges.map { KindChange(metric: $0.metric, from: $0.from.rawValue, to: $0.to.rawValue, evidence: DiagnosticRecord($0.evidence)) }
        kindWarnings = proposal.kindWarnings.map(DiagnosticRecord.init)
        unusedReadings = proposal.unusedReadings
        self.written = written
        self.backup = backup
    }
}
