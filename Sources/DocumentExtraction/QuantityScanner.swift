/// A number with its unit in a document's text: `10万平方米`, `7%`, `2.8万人`, `3亿美元`,
/// `1.5个百分点`, `三幅`, `8%—10%`.
struct Quantity: Hashable {
    /// Where the number starts.
    var start: Int
    /// Where the number, its scale, unit and any direction word after it (`以上`, `左右`) end.
    var end: Int
    /// The value in base units: 万 and 亿 multiplied out; percent values in percent.
    var value: Double
    /// The upper end of a range (`8%—10%`), in the same units.
    var upper: Double?
    /// The unit without its scale (`平方米`, `人`, `美元`, `%`, `个百分点`).
    var unit: String
    /// How the number was written: Chinese numerals are read as targets only with a target verb
    /// nearby (三大攻坚战 and 四个关键节点 are not targets).
    var isChineseNumeral: Bool
    /// The direction word right after the quantity, if any.
    var suffix: String?

    var isPercent: Bool { unit == "%" }
    var isPercentagePoints: Bool { unit == "个百分点" }
}

/// Finds quantities in a document's normalised text, leaving out numbers that are not amounts:
/// years and dates (2021年, 6月底), ordinals (第十二), names and models (地铁5号线, 5G, 4A级,
/// PM2.5, 二期, 12345热线), numbers inside quotation marks or titles (“从0到1”, “十连冠”), and
/// numbers without a unit.
enum QuantityScanner {
    /// Measure words and units a target amount is counted in, longest first so that `平方米`
    /// wins over `米` and `人次` over `人`.
    static let units: [String] = [
        "微克/立方米", "毫克/立方米", "毫克/升", "吨标准煤", "平方公里", "平方千米", "平方米", "立方米", "万千瓦", "标准箱",
        "千瓦时", "千瓦", "兆瓦", "公里", "千米", "公顷", "美元", "欧元", "港元",
        "人次", "架次", "车次", "艘次", "户次", "件次", "台套",
        "米", "元", "人", "户", "家", "个", "件", "项", "条", "幅", "处", "张", "场", "路", "幢", "栋",
        "座", "所", "套", "间", "辆", "台", "吨", "亩", "名", "位", "次", "块", "棵", "株", "盏",
        "部", "宗", "例", "床", "批次", "篇", "册", "艘", "只", "头", "份",
    ]

    /// A single-character unit followed by one of these characters starts another word
    /// (场所, 路段, 家电, 个人, 条例, 处理, 次要, 件事): the number before it is not a count in that unit.
    static let wordStarts: [String: Set<Character>] = [
        "场": ["所", "景", "地", "馆", "站", "合", "次"], "路": ["段", "口", "线", "网", "径", "灯"],
        "家": ["电", "庭", "园", "长", "属", "乡", "居", "具"], "个": ["人", "体", "性", "别"],
        "条": ["例", "件", "款", "线"], "处": ["理", "置", "室", "级"], "次": ["要", "级", "生", "序"],
        "件": ["事"], "项": ["目"], "所": ["有", "在", "得", "属"], "部": ["门", "署", "分", "队"],
        "位": ["置", "于"], "名": ["称", "单", "片", "义"], "台": ["阶", "风"], "座": ["谈"],
        "间": ["隔"], "张": ["力"], "份": ["额"], "米": ["饭"], "元": ["素", "旦", "宵"],
        "人": ["民", "才", "员", "口", "大", "工", "防", "社"], "户": ["籍", "外", "口"],
    ]

    /// Direction words written right after a quantity.
    static let suffixes = ["及以上", "以上", "以内", "以下", "之内", "左右", "多"]

    /// Separators of a range (`8%—10%`, `8-10%`, `8%至10%`).
    static let rangeSeparators: [String] = ["——", "—", "-", "~", "至", "到", "–"]

    /// Every quantity in `range` of `text`, in order.
    static func quantities(in text: DocumentText, range: Range<Int>) -> [Quantity] {
        var found: [Quantity] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if let quantity = quantity(in: text, at: index, limit: range.upperBound) {
                found.append(quantity)
                index = quantity.end
            } else {
                index = skipNumber(in: text, at: index, limit: range.upperBound)
            }
        }
        return found
    }

    /// The index after the number starting at `index` (so that `12345` is not re-read from `2345`),
    /// or `index + 1` when no number starts there.
    private static func skipNumber(in text: DocumentText, at index: Int, limit: Int) -> Int {
        var end = index
        let characters = text.normalised
        while end < limit, DocumentText.isASCIIDigit(characters[end]) || characters[end] == "." || characters[end] == ","
                || ChineseNumeral.isNumeral(characters[end]) {
            end += 1
        }
        return max(end, index + 1)
    }

    /// The quantity whose number starts exactly at `index`, if it is one.
    /// - Parameter ranges: whether `8%—10%` may be read as a range (not when reading its upper end,
    ///   so that a run such as `1-2-3-4…` costs linear time, not a deep recursion).
    static func quantity(in text: DocumentText, at index: Int, limit: Int, ranges: Bool = true) -> Quantity? {
        let characters = text.normalised
        guard index < limit, !text.quoted[index] else { return nil }
        let previous: Character? = index > 0 ? characters[index - 1] : nil
        // A number glued to a Latin letter or another digit is part of a name (PM2.5, G20, A3).
        if let previous, DocumentText.isASCIILetter(previous) || DocumentText.isASCIIDigit(previous) || previous == "." { return nil }
        // 第十二, 第3: ordinals.
        if previous == "第" { return nil }
        guard let number = number(in: characters, at: index, limit: limit) else { return nil }
        var position = number.end
        // 5G, 4A级, 3D: a model or a grade, not an amount.
        if position < limit, DocumentText.isASCIILetter(characters[position]) { return nil }
        var value = number.value
        let exponent: Int
        (exponent, position) = scaleExponent(characters, position, limit)
        let scaled = position > number.end
        if scaled {
            // From the decimal text and the scale's power of ten at once, so that 4.1亿 is exactly
            // 410000000 (4.1 × 10⁸ in binary is 409999999.99999994).
            value = number.digits.flatMap { Double($0 + "e\(exponent)") } ?? value * Self.powerOfTen(exponent)
        }
        guard let (unit, afterUnit) = unit(in: text, at: position, limit: limit, arabic: !number.chinese) else {
            // 8—10%, 3-5万人: a range whose first number carries no unit (nor scale) of its own
            // takes both from the second.
            if ranges, let separator = text.word(from: rangeSeparators, at: position),
               let second = quantity(in: text, at: position + separator.count, limit: limit, ranges: false),
               let raw = Self.number(in: characters, at: position + separator.count, limit: limit),
               !number.chinese, second.upper == nil {
                let lower = scaled || raw.value == 0 ? value : value * (second.value / raw.value)
                guard lower <= second.value, lower.isFinite else { return nil }
                return Quantity(start: index, end: second.end, value: lower, upper: second.value, unit: second.unit,
                                isChineseNumeral: false, suffix: second.suffix)
            }
            return nil
        }
        position = afterUnit
        var upper: Double?
        // 8%—10%, 3万—5万人: the same unit on both ends.
        if ranges, let separator = text.word(from: rangeSeparators, at: position),
           let second = quantity(in: text, at: position + separator.count, limit: limit, ranges: false),
           second.unit == unit, second.value >= value, second.upper == nil {
            upper = second.value
            position = second.end - (second.suffix?.count ?? 0)
        }
        var suffix: String?
        if let word = text.word(from: suffixes, at: position), !(word == "多" && position + 1 < limit && characters[position + 1] == "元") {
            suffix = word
            position += word.count
        }
        guard value.isFinite else { return nil }
        return Quantity(start: index, end: position, value: value, upper: upper, unit: unit,
                        isChineseNumeral: number.chinese, suffix: suffix)
    }

    /// The number at `index`: Arabic with optional thousands separators and decimals, or a
    /// Chinese numeral. Arabic numbers keep their decimal text (`digits`), from which a scaled
    /// value is converted once (``quantity(in:at:limit:ranges:)``).
    static func number(in characters: [Character], at index: Int, limit: Int) -> (value: Double, end: Int, chinese: Bool, digits: String?)? {
        if DocumentText.isASCIIDigit(characters[index]) {
            var digits = ""
            var position = index
            var sawPoint = false
            while position < limit {
                let character = characters[position]
                if DocumentText.isASCIIDigit(character) {
                    digits.append(character)
                    position += 1
                } else if !sawPoint, isThousandsSeparator(characters, at: position, limit: limit) {
                    position += 1  // 9,600
                } else if character == ".", !sawPoint, position + 1 < limit, DocumentText.isASCIIDigit(characters[position + 1]) {
                    sawPoint = true
                    digits.append(".")
                    position += 1
                } else {
                    break
                }
            }
            guard digits.count <= 40, let value = Double(digits) else { return nil }
            return (value, position, false, digits)
        }
        guard let chinese = ChineseNumeral.parseWithSections(characters, from: index, limit: limit) else { return nil }
        return (Double(chinese.value), chinese.end, true, nil)
    }

    /// Whether the comma at `index` separates thousands (`9,600`, `8，600`): a digit before it,
    /// exactly three digits after it, then no further digit.
    static func isThousandsSeparator(_ characters: [Character], at index: Int, limit: Int) -> Bool {
        guard index > 0, index < limit, characters[index] == "," || characters[index] == "，",
              DocumentText.isASCIIDigit(characters[index - 1]) else { return false }
        guard (1...3).allSatisfy({ index + $0 < limit && DocumentText.isASCIIDigit(characters[index + $0]) }) else { return false }
        return index + 4 >= limit || !DocumentText.isASCIIDigit(characters[index + 4])
    }

    /// The power of ten of the scale words 万, 亿 and 千万/百万/万亿 after a number (0 for none),
    /// and the index after them.
    private static func scaleExponent(_ characters: [Character], _ start: Int, _ limit: Int) -> (Int, Int) {
        var exponent = 0
        var position = start
        while position < limit {
            switch characters[position] {
            case "万": exponent += 4
            case "亿": exponent += 8
            case "千" where position + 1 < limit && (characters[position + 1] == "万" || characters[position + 1] == "亿"): exponent += 3
            case "百" where position + 1 < limit && (characters[position + 1] == "万" || characters[position + 1] == "亿"): exponent += 2
            default: return (exponent, position)
            }
            position += 1
        }
        return (exponent, position)
    }

    /// 10ⁿ, exact for the scales' exponents (n ≤ 22).
    private static func powerOfTen(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// The unit at `index` and the index after it.
    private static func unit(in text: DocumentText, at index: Int, limit: Int, arabic: Bool) -> (String, Int)? {
        guard index < limit else { return nil }
        let characters = text.normalised
        if characters[index] == "%" { return ("%", index + 1) }
        if text.has("个百分点", at: index) { return ("个百分点", index + 4) }
        if text.has("百分点", at: index) { return ("个百分点", index + 3) }
        // 12大应用场景: 大 counts the items of a list (Arabic numbers only: 三大攻坚战 is a slogan).
        if arabic, characters[index] == "大", index + 1 < limit, !characters[index + 1].isASCII, !characters[index + 1].isPunctuation {
            return ("个", index + 1)
        }
        guard let unit = units.first(where: { text.has($0, at: index) && index + $0.count <= limit }) else { return nil }
        let after = index + unit.count
        if unit.count == 1, after < limit, let starts = wordStarts[unit], starts.contains(characters[after]) { return nil }
        return (unit, after)
    }
}
