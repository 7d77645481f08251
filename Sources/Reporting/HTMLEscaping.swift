/// Escaping for text from user files placed in HTML or SVG (element content and quoted
/// attribute values): `&`, `<`, `>`, `"` and `'` become character references, so a title such as
/// `<script>alert(1)</script>` shows as text and never runs.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
