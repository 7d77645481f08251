import ArgumentParser
import TargetForecast

struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Work with targets files.",
        subcommands: [TargetsCheck.self, TargetsExtract.self, TargetsLinkCommand.self]
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

            Examples:
              forecast targets check targets.yaml
              forecast targets check targets.json --format json
            """
    )

    @Argument(help: "The targets file (.yaml, .yml or .json).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: CheckFormat = .text

    func run() throws {
        let summary = TargetsSummary.check(file)
        if format == .json { print(try Terminal.json(summary), terminator: "") }
        if let failure = summary.failure { throw failure }
        guard format == .text else { return }
        print("\(file): valid targets file for \(summary.year.map(String.init) ?? "")")
        print("  \(summary.targetCount) targets on \(summary.metricCount) metrics, from \(summary.itemCount) document items")
        print("  by kind:      \(TargetsSummary.describe(summary.countsByKind))")
        print("  by firmness:  \(TargetsSummary.describe(summary.countsByFirmness))")
        if !summary.diagnostics.isEmpty {
            let warnings = summary.diagnostics.filter { $0.severity == .warning }.count
            print("  \(warnings) warning\(warnings == 1 ? "" : "s"):")
            for diagnostic in summary.diagnostics { print("    \(diagnostic)") }
        }
    }
}

struct TargetsExtract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read a policy document (Chinese plain text) and write a targets file.",
        discussion: """
            Reads a work-target document such as 《2021年区政府主要工作目标任务分解落实方案》 \
            (UTF-8, UTF-16 or GB18030 text; numbered items such as 1. 1、 （1） 第1项) and writes \
            every quantitative target: item number, the clause as title, a metric, kind, direction, \
            threshold in base units (万 and 亿 multiplied out), unit, firmness (确保/力争) and the \
            lead (主办/牵头) and supporting (协办/配合) units. Items without a target are listed as \
            qualitative. Judgement calls (about-values, ranges, bounds set elsewhere) are written \
            as comments above the target in YAML. Check the file against the document, then run \
            `forecast targets check` on it.

            Examples:
              forecast targets extract document.txt --output targets.yaml
              forecast targets extract 工作目标.txt --year 2024 --format json
            """
    )

    @Argument(help: "The document (.txt).")
    var document: String

    @Option(help: "The target year (default: the year the document's title names).")
    var year: Int?

    @Option(help: "Output format: yaml or json.")
    var format: ExtractFormat = .yaml

    @Option(help: "Write the targets file here (atomically) instead of standard output.")
    var output: String?

    enum ExtractFormat: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    func run() throws {
        if let output { try AtomicFile.refuseInputs(output, [document]) }
        let extraction = try TargetExtractor.extract(path: document, year: year)
        let catalogue = extraction.catalogue
        let quantitative = catalogue.targets.filter { $0.kind != .qualitative }
        let text: String
        switch format {
        case .json:
            text = TargetsFileWriter.json(catalogue)
        case .yaml:
            let name = document.split(separator: "/").last.map(String.init) ?? document
            text = TargetsFileWriter.yaml(catalogue, header: [
                "Targets extracted by `forecast targets extract` from \(name).",
                "\(quantitative.count) quantitative targets from \(Set(quantitative.compactMap(\.item)).count) of the document's \(extraction.itemCount) items; the other items are listed as qualitative.",
                "Metric ids are the metric names: `forecast targets link` links them to the names your readings use.",
                "Reading kinds follow the wording: level for levels, ratios and ceilings (sure); ytd for totals and growth",
                "(an assumption: statistics are mostly published year to date), checked against the data by `forecast targets link`.",
                "Check each target against the document; comments above a target mark the judgement calls.",
            ], notes: extraction.notes)
        }
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output, protecting: [document])
            let items = extraction.itemLines.contains { $0.item != nil } ? "items" : "paragraphs (no numbered items)"
            Terminal.printError("\(output): \(catalogue.targets.count) targets (\(quantitative.count) quantitative, \(catalogue.targets.count - quantitative.count) qualitative) from \(extraction.itemCount) \(items)")
            let assumed = catalogue.metrics.filter { $0.reading == .ytd }.count
            if assumed > 0 {
                Terminal.printError("\(assumed) metric\(assumed == 1 ? " is" : "s are") read as year to date by assumption; `forecast targets link \(output) --readings FILE` checks that against the readings")
            }
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
