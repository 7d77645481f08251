import Foundation

/// Numbers as a planning analyst reads them: thousands separators, 万/亿 scaling for Chinese
/// units, percentages with a % sign, three or four significant digits where more is noise.
///
/// ```swift
/// QuantityFormatting.format(28_000, unit: "人")          // "2.8万人"
/// QuantityFormatting.format(199_600_000_000, unit: "元")  // "1,996亿元"
/// QuantityFormatting.format(9_600, unit: "件")           // "9,600件"
/// QuantityFormatting.format(97.456, unit: "%")           // "97.46%"
/// ```
public enum QuantityFormatting {
    /// Whether a unit is written in Chinese (so 万 and 亿 are the natural scales).
    static func isChinese(_ unit: String) -> Bool {
        unit.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// `value` with `unit`, scaled and rounded for reading.
    public static func format(_ value: Double, unit: String?) -> String {
        guard value.isFinite else { return "—" }
        let unit = unit ?? ""
        if unit == "%" { return decimal(value, significant: 4, maximumFractionDigits: 2) + "%" }
        let magnitude = abs(value)
        if isChinese(unit) && !unit.hasPrefix("万") && !unit.hasPrefix("亿") {
            if magnitude >= 1e8 { return decimal(value / 1e8, significant: 4, maximumFractionDigits: 3) + "亿" + unit }
            if magnitude >= 1e4 { return decimal(value / 1e4, significant: 4, maximumFractionDigits: 3) + "万" + unit }
        }
        return decimal(value, significant: magnitude >= 1000 ? 15 : 4, maximumFractionDigits: magnitude >= 1000 ? 0 : 2) + unit
    }

    /// A plain number for tables: grouped thousands, up to `maximumFractionDigits` decimals,
    /// rounded to `significant` digits.
    public static func decimal(_ value: Double, significant: Int = 6, maximumFractionDigits: Int = 2) -> String {
        guard value.isFinite else { return "—" }
        guard value != 0 else { return "0" }
        // Beyond 10¹⁵ digits are noise and grouping unreadable: scientific notation.
        if abs(value) >= 1e15 { return String(format: "%.4g", value).replacingOccurrences(of: "-", with: "−") }
        let magnitude = floor(log10(abs(value)))
        let decimals = max(0, min(maximumFractionDigits, significant - 1 - Int(magnitude)))
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        var text = String(format: "%.\(decimals)f", abs(rounded))
        if decimals > 0 {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        let parts = text.split(separator: ".", maxSplits: 1)
        let integer = String(parts.first ?? "0")
        var grouped = ""
        for (index, character) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        let sign = rounded < 0 ? "−" : ""   // the typographic minus, as in "+5.0%" / "−2.3%"
        return sign + grouped + fraction
    }

    /// A signed percentage change: "+5.0%", "−2.3%".
    public static func change(_ percent: Double) -> String {
        guard percent.isFinite else { return "—" }
        let text = String(format: "%.1f", abs(percent))
        return (percent < 0 ? "−" : "+") + text + "%"
    }
}
