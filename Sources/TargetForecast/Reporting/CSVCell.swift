/// RFC 4180 quoting for one CSV cell: a cell holding a comma, a quote or any line break is
/// quoted, its quotes doubled; any other cell is written as it is.
enum CSVCell {
    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        var result = "\""
        for character in text {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result + "\""
    }
}
