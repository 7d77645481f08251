/// RFC 4180 quoting for one CSV cell: a cell holding a comma, a quote or any line break is
/// quoted, its quotes doubled; any other cell is written as it is.
package enum CSVCell {
    package static func quoted(_ text: String) -> String {
        // Printable ASCII without comma or quote (most ids) needs no look at Characters.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }) { return text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        var result = "\""
        for character in text {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result + "\""
    }
}
