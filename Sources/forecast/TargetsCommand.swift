import ArgumentParser
import TargetForecast

struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Work with targets files.",
        subcommands: [TargetsCheck.self]
    )
}

struct TargetsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a targets file (YAML or JSON) and summarise it.",
        discussion: """
            Lists every problem as file:line:column with the key path (targets[3].kind) and what \
            was expected. Warnings (such as a threshold left as value: null) do not fail the check. \
            Exit status 2 when the file has errors.
            """
    )

    @Argument(help: "The targets file (.yaml, .yml or .json).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    struct Summary: Encodable {
        var file: String
        var valid: Bool
        var year: Int?
        var targetCount: Int
        var metricCount: Int
        var itemCount: Int
        var countsByKind: [String: Int]
        var countsByFirmness: [String: Int]
        var problems: [DiagnosticJSON]
    }

    func run() throws {
        let targets: TargetsFile
        do {
            targets = try TargetsFile.read(file)
        } catch {
            if format == .json {
                let summary = Summary(file: file, valid: false, year: nil, targetCount: 0, metricCount: 0, itemCount: 0,
                                      countsByKind: [:], countsByFirmness: [:], problems: error.diagnostics.map(DiagnosticJSON.init))
                print(try Terminal.json(summary), terminator: "")
            }
            throw error
        }
        let catalogue = targets.catalogue
        let byKind = Dictionary(grouping: catalogue.targets, by: \.kind.rawValue).mapValues(\.count)
        let byFirmness = Dictionary(grouping: catalogue.targets, by: \.firmness.rawValue).mapValues(\.count)
        let items = Set(catalogue.targets.compactMap(\.item)).count
        switch format {
        case .json:
            let summary = Summary(file: file, valid: true, year: catalogue.year, targetCount: catalogue.targets.count,
                                  metricCount: catalogue.metrics.count, itemCount: items, countsByKind: byKind,
                                  countsByFirmness: byFirmness, problems: targets.diagnostics.map(DiagnosticJSON.init))
            print(try Terminal.json(summary), terminator: "")
        case .text:
            let counts = { (counts: [String: Int]) in
                counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            print("\(file): valid targets file for \(catalogue.year)")
            print("  \(catalogue.targets.count) targets on \(catalogue.metrics.count) metrics, from \(items) document items")
            print("  by kind:      \(counts(byKind))")
            print("  by firmness:  \(counts(byFirmness))")
            if !targets.diagnostics.isEmpty {
                let warnings = targets.diagnostics.filter { $0.severity == .warning }.count
                print("  \(warnings) warning\(warnings == 1 ? "" : "s"):")
                for diagnostic in targets.diagnostics { print("    \(diagnostic)") }
            }
        }
    }
}
