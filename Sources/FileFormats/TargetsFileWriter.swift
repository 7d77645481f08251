import TargetData
/// Writes a catalogue as a targets file (YAML or JSON) that ``TargetsFile`` reads back to the
/// same catalogue: every string quoted and escaped, numbers in their shortest exact form.
public enum TargetsFileWriter {
    /// The catalogue as YAML, with `header` as opening comment lines and each target's `notes`
    /// as comments above it.
    public static func yaml(_ catalogue: Catalogue, header: [String] = [], notes: [String: [String]] = [:]) -> String {
        var lines = header.map { "# " + commentSafe($0) }
        if !lines.isEmpty { lines.append("") }
        lines.append("year: \(catalogue.year)")
        lines.append("")
        lines.append(catalogue.metrics.isEmpty ? "metrics: []" : "metrics:")
        for metric in catalogue.metrics {
            lines.append("  - id: \(quoted(metric.id))")
            lines.append("    name: \(quoted(metric.name))")
            if !metric.aliases.isEmpty { lines.append("    aliases: [\(metric.aliases.map(quoted).joined(separator: ", "))]") }
            lines.append("    unit: \(quoted(metric.unit))")
            lines.append("    reading: \(metric.reading.rawValue)")
            if let minimum = metric.minimum { lines.append("    min: \(number(minimum))") }
            if let maximum = metric.maximum { lines.append("    max: \(number(maximum))") }
        }
        lines.append("")
        lines.append(catalogue.targets.isEmpty ? "targets: []" : "targets:")
        for target in catalogue.targets {
            for note in notes[target.id] ?? [] { lines.append("  # " + commentSafe(note)) }
            for (key, value) in fields(of: target) {
                lines.append((key == "id" ? "  - " : "    ") + "\(key): \(value.yaml)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// The catalogue as JSON (notes are left out: JSON has no comments).
    public static func json(_ catalogue: Catalogue) -> String {
        var out = "{\n  \"year\": \(catalogue.year),\n  \"metrics\": ["
        out += catalogue.metrics.map { metric in
            "\n    {\"id\": \(quoted(metric.id)), \"name\": \(quoted(metric.name)), "
                + (metric.aliases.isEmpty ? "" : "\"aliases\": [\(metric.aliases.map(quoted).joined(separator: ", "))], ")
                + "\"unit\": \(quoted(metric.unit)), \"reading\": \(quoted(metric.reading.rawValue))"
                + (metric.minimum.map { ", \"min\": \(number($0))" } ?? "") + (metric.maximum.map { ", \"max\": \(number($0))" } ?? "") + "}"
        }.joined(separator: ",")
        out += catalogue.metrics.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"targets\": ["
        out += catalogue.targets.map { target in
            "\n    {" + fields(of: target).map { "\(quoted($0.0)): \($0.1.json)" }.joined(separator: ", ") + "}"
        }.joined(separator: ",")
        out += catalogue.targets.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private enum Value {
        case string(String), number(Double?), integer(Int), list([String]), bare(String)

        var yaml: String {
            switch self {
            case .string(let text): quoted(text)
            case .number(let value): value.map(TargetsFileWriter.number) ?? "null"
            case .integer(let value): String(value)
            case .list(let names): "[" + names.map(quoted).joined(separator: ", ") + "]"
            case .bare(let text): text
            }
        }

        var json: String {
            switch self {
            case .bare(let text): quoted(text)
            default: yaml
            }
        }
    }

    private static func fields(of target: Target) -> [(String, Value)] {
        var fields: [(String, Value)] = [("id", .string(target.id))]
        if let item = target.item { fields.append(("item", .integer(item))) }
        fields.append(("title", .string(target.title)))
        if let metric = target.metric { fields.append(("metric", .string(metric))) }
        fields.append(("kind", .bare(target.kind.rawValue)))
        if target.kind != .qualitative {
            fields.append(("direction", .bare(target.direction.rawValue)))
            fields.append(("value", .number(target.value)))
            if let unit = target.unit { fields.append(("unit", .string(unit))) }
        }
        fields.append(("firmness", .bare(target.firmness.rawValue)))
        fields.append(("lead", .list(target.lead)))
        fields.append(("support", .list(target.support)))
        if let base = target.base { fields.append(("base", .number(base))) }
        if let deadline = target.deadline { fields.append(("deadline", .string(deadline.description))) }
        if let at = target.at { fields.append(("at", .bare(at.rawValue))) }
        if let versus = target.versus { fields.append(("versus", .string(versus))) }
        return fields
    }

    /// `value` as a YAML/JSON number: integers without a fraction (28000), others in Swift's
    /// shortest round-trip form (2.5, 1.2e+16).
    public static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.isFinite ? "\(value)" : "null"
    }

    /// A double-quoted string valid in both YAML and JSON.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // Escaped: whatever YAML does not allow as printable text (control characters,
                // U+FFFE and U+FFFF) and what a reader might take for a line or byte-order mark.
                let value = scalar.value
                if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF
                    || value == 0x2028 || value == 0x2029 || value == 0xFEFF {
                    let hex = String(value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func commentSafe(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
