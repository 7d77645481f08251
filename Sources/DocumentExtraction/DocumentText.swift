/// A document's text as an array of characters with a normalised twin of the same length, so
/// that anything found in the normalised text can be cut from the original as an exact span.
///
/// Normalisation maps one character to one character: full-width digits, letters, `％`, `．`,
/// parentheses and the ideographic space become their ASCII forms (Word and WPS exports mix
/// both). Chinese punctuation that separates clauses (`，` `、` `；` `。`) is kept as it is.
struct DocumentText {
    /// The characters as the document has them.
    let original: [Character]
    /// The same characters normalised (one for one).
    let normalised: [Character]
    /// Whether each character sits inside quotation marks or a title (“…” ‘…’ "…" 《…》 「…」
    /// 『…』): slogans, names and titles there are never read as quantities.
    let quoted: [Bool]

    init<S: Sequence>(_ characters: S) where S.Element == Character {
        original = Array(characters)
        normalised = original.map(Self.normalise)
        var quoted = [Bool](repeating: false, count: original.count)
        var depth = 0
        var straightOpen = false
        for (index, character) in normalised.enumerated() {
            // A quotation never spans lines: one unmatched mark must not silence the rest of
            // the document.
            if character.isNewline {
                depth = 0
                straightOpen = false
            }
            switch character {
            case "“", "‘", "《", "「", "『", "〈":
                depth += 1
                quoted[index] = true
            case "”", "’", "》", "」", "』", "〉":
                quoted[index] = true
                depth = max(0, depth - 1)
            case "\"":
                straightOpen.toggle()
                quoted[index] = true
            default:
                quoted[index] = depth > 0 || straightOpen
            }
        }
        self.quoted = quoted
    }

    var count: Int { original.count }

    /// The original text of `range`, exactly as the document has it.
    func source(_ range: Range<Int>) -> String {
        String(original[range.clamped(to: 0..<original.count)])
    }

    /// The normalised text of `range`.
    func text(_ range: Range<Int>) -> String {
        String(normalised[range.clamped(to: 0..<normalised.count)])
    }

    /// The normalised text of `range` with quoted parts left out (for finding cue words that
    /// must not come from a slogan or a name).
    func unquotedText(_ range: Range<Int>) -> String {
        let range = range.clamped(to: 0..<normalised.count)
        return String(range.lazy.filter { !self.quoted[$0] }.map { self.normalised[$0] })
    }

    /// Whether the normalised text has `word` starting at `index`.
    func has(_ word: String, at index: Int) -> Bool {
        guard index >= 0 else { return false }
        var position = index
        for character in word {
            guard position < normalised.count, normalised[position] == character else { return false }
            position += 1
        }
        return true
    }

    /// The first of `words` (longest first) found starting at `index`.
    func word(from words: [String], at index: Int) -> String? {
        words.first { has($0, at: index) }
    }

    /// The first of `words` that ends exactly at `end` (exclusive).
    func word(from words: [String], endingAt end: Int) -> String? {
        words.first { has($0, at: end - $0.count) }
    }

    static func normalise(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            // Full-width digits and Latin letters sit 0xFEE0 above ASCII.
            return Character(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
        case 0xFF05: return "%"
        case 0xFF0E: return "."
        case 0xFF08: return "("
        case 0xFF09: return ")"
        case 0xFF1A: return ":"
        case 0xFF0B: return "+"
        case 0xFF0D, 0x2212: return "-"
        case 0xFF5E: return "~"
        case 0x3000, 0x00A0: return " "
        default: return character
        }
    }

    static func isASCIILetter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A)
    }

    static func isASCIIDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}
