/// Chinese numerals as policy documents write them: 三, 十二, 两, 二十九, 一百二十, 一千零五,
/// the financial forms 壹 贰 叁 … 拾 佰 仟, and digit-by-digit runs such as 二〇二一.
///
/// Only the part below 万 is read here; 万 (10⁴) and 亿 (10⁸) are scales that follow Arabic and
/// Chinese numbers alike, and ``QuantityScanner`` applies them.
enum ChineseNumeral {
    static func digit(_ character: Character) -> Int? {
        switch character {
        case "零", "〇": 0
        case "一", "壹": 1
        case "二", "贰", "两": 2
        case "三", "叁": 3
        case "四", "肆": 4
        case "五", "伍": 5
        case "六", "陆": 6
        case "七", "柒": 7
        case "八", "捌": 8
        case "九", "玖": 9
        default: nil
        }
    }

    static func multiplier(_ character: Character) -> Int? {
        switch character {
        case "十", "拾": 10
        case "百", "佰": 100
        case "千", "仟": 1000
        default: nil
        }
    }

    /// Reads a Chinese numeral with its 万 and 亿 sections (`一万二千` = 12000, `三亿五千万` =
    /// 350,000,000). A 万 or 亿 that ends the numeral (`十万人`) is left to the caller, which
    /// applies it as a scale exactly as after an Arabic number.
    static func parseWithSections(_ characters: [Character], from start: Int, limit: Int) -> (value: Int, end: Int)? {
        guard var section = parse(characters, from: start, limit: limit) else { return nil }
        let limit = min(limit, characters.count)
        var total = 0
        // Untrusted text: every step checks for overflow (a run of 亿 sections can exceed Int).
        func scaled(_ value: Int, _ scale: Int, plus addend: Int) -> Int? {
            let (product, overflow) = value.multipliedReportingOverflow(by: scale)
            let (sum, overflow2) = product.addingReportingOverflow(addend)
            return overflow || overflow2 ? nil : sum
        }
        while section.end + 1 < limit, let scale = sectionScale(characters[section.end]),
              let next = parse(characters, from: section.end + 1, limit: limit) {
            if scale == 100_000_000 {
                guard let sum = total.addingReportingOverflow(section.value).overflow ? nil : total + section.value,
                      let value = scaled(sum, scale, plus: 0) else { return nil }
                total = value
            } else {
                guard let value = scaled(section.value, scale, plus: total) else { return nil }
                total = value
            }
            section = next
        }
        // 三亿五千万: a 万 closing a section after 亿 scales that section alone.
        if total > 0, section.end < limit, characters[section.end] == "万" {
            guard let value = scaled(section.value, 10_000, plus: total) else { return nil }
            return (value, section.end + 1)
        }
        let (sum, overflow) = total.addingReportingOverflow(section.value)
        return overflow ? nil : (sum, section.end)
    }

    private static func sectionScale(_ character: Character) -> Int? {
        character == "万" ? 10_000 : character == "亿" ? 100_000_000 : nil
    }

    static func isNumeral(_ character: Character) -> Bool {
        digit(character) != nil || multiplier(character) != nil
    }

    /// Reads the numeral starting at `start`: its value and the index after it, or `nil` when
    /// the run holds no digit and no 十 (百 and 千 alone are words: 百校, 千亿级).
    ///
    /// Grammar: groups of an optional digit followed by 千, 百 or 十 (`一百二十` = 1·100 + 2·10),
    /// a final digit for the units, 零 as a place holder (`一百零五` = 105), and 十 alone at the
    /// start meaning 10 (`十二` = 12). Three or more digits in a row are read positionally
    /// (`二〇二一` = 2021), which is how years are written; two (`三四个`, `七一`) are no number.
    static func parse(_ characters: [Character], from start: Int, limit: Int) -> (value: Int, end: Int)? {
        var end = start
        while end < min(limit, characters.count), isNumeral(characters[end]) { end += 1 }
        guard end > start else { return nil }
        let run = characters[start..<end]
        guard run.contains(where: { digit($0) != nil || $0 == "十" || $0 == "拾" }) else { return nil }
        // Positional: digits in a row (no multiplier anywhere). Two of them are a range or a
        // name, not a number (三四个 is "three or four", 七一 a date used as a name); three or
        // more are read digit by digit (二〇二一).
        if !run.contains(where: { multiplier($0) != nil }) {
            guard run.count == 1 || run.count >= 3 else { return nil }
            var value = 0
            for character in run.prefix(15) { value = value * 10 + (digit(character) ?? 0) }
            return (value, start + min(run.count, 15))
        }
        var total = 0
        var pending: Int?
        var lastMultiplier = Int.max
        var index = start
        while index < end {
            let character = characters[index]
            if let value = digit(character) {
                if value == 0 {
                    pending = nil
                } else if pending != nil {
                    break  // 二三十: a run like this is not one number; stop before the second digit
                } else {
                    pending = value
                }
            } else if let value = multiplier(character) {
                guard value < lastMultiplier else { break }  // 十百 is not a number
                total += (pending ?? 1) * value
                pending = nil
                lastMultiplier = value
            }
            index += 1
        }
        total += pending ?? 0
        return (total, index)
    }
}
