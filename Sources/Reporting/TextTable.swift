/// Aligned plain-text tables that stay aligned with Chinese text: East Asian wide characters take
/// two terminal columns.
public enum TextTable {
    /// Columns a string occupies in a terminal: 2 for East Asian wide and full-width characters
    /// (CJK ideographs and punctuation, kana, hangul, full-width forms), 0 for combining marks and
    /// ANSI colour sequences, 1 otherwise.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            switch scalar.value {
            case 0x1B: inEscape = true
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: break
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                width += 2
            default: width += 1
            }
        }
        return width
    }

    /// `text` padded with spaces to `width` display columns, left- or right-aligned.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return right ? padding + text : text + padding
    }

    /// `text` cut to at most `width` display columns, ending in … when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var result = ""
        for character in text {
            if displayWidth(result + String(character)) > width - 1 { break }
            result.append(character)
        }
        return result + "…"
    }

    /// Rows in aligned columns separated by two spaces; columns in `rightAligned` are right-aligned.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? displayWidth($0[column]) : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = row.enumerated().map { pad($1, to: widths[$0], right: rightAligned.contains($0)) }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
