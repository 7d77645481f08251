/// A government work-target document split into its numbered items, each with its text and the
/// units responsible for it.
///
/// The genre: a title and a preamble, section heads (`一、` `（一）` `第一部分`), numbered items
/// (`1.` `1、` `（1）` `第1项`, one style per document; other styles inside an item are its
/// sub-points), each item usually ending with its responsible units in brackets
/// (`（区科技局主办，各街道协办）`) or followed by a line such as `责任单位：区发改委`, and a
/// closing block (抄送, 印发) that belongs to no item.
struct PolicyDocument {
    /// One numbered item.
    struct Item {
        /// The item's number as the document gives it; `nil` for a paragraph of a document
        /// without numbered items.
        var number: Int?
        /// For a paragraph of a document without numbered items: its 1-based index.
        var paragraph: Int?
        /// The section head the item falls under, if any.
        var section: String?
        /// The 1-based line the item starts on.
        var line: Int
        /// The item's text: its body after the number, up to (not including) the responsibility
        /// bracket, as a range of ``PolicyDocument/text``.
        var body: Range<Int>
        /// Lead units (主办, 牵头, 负责, 责任单位).
        var lead: [String]
        /// Supporting units (协办, 配合, 参与).
        var support: [String]
    }

    let text: DocumentText
    let items: [Item]
    /// The year the document's title or opening lines name (`2021年…工作目标`), if any.
    let year: Int?

    /// Splits `content` into items.
    init(_ content: String) {
        let characters = Array(content)
        let text = DocumentText(characters)
        self.text = text
        // Lines as ranges of the character array (a CRLF is one Character and a newline).
        var lines: [Range<Int>] = []
        var start = 0
        for (index, character) in characters.enumerated() where character.isNewline {
            lines.append(start..<index)
            start = index + 1
        }
        lines.append(start..<characters.count)

        var items: [Item] = []
        var itemStyle: ItemStyle?
        var section: String?
        var current: ItemDraft?
        var blankRun = 0
        var closed = false  // the current item has had its responsibility bracket: later loose lines are not its text
        var inReview = false  // under a section head that reviews last year (``isReviewHeading(_:_:)``)

        func finish() {
            guard let item = current else { return }
            current = nil
            items.append(Self.makeItem(item, section: section, text: text))
        }

        for (lineIndex, rawLine) in lines.enumerated() {
            let line = Self.trimmed(rawLine, text)
            if line.isEmpty {
                blankRun += 1
                continue
            }
            defer { blankRun = 0 }
            if Self.isClosingBlock(line, text) {
                finish()
                closed = true
                continue
            }
            if Self.isSectionHead(line, text) {
                finish()
                section = text.source(line)
                inReview = Self.isReviewHeading(line, text)
                closed = false
                continue
            }
            // Last year's results, under a head such as 一、2024年工作回顾, are not targets.
            if inReview { continue }
            if let (style, number, bodyStart) = Self.itemNumber(line, text), itemStyle == nil || itemStyle == style {
                let body = bodyStart..<line.upperBound
                if style != .tabbed && Self.looksLikeHeading(line, text) && !Self.looksLikeItemBody(body, text) {
                    // 1、 关于完善创新生态: a section head numbered like an item.
                    finish()
                    section = text.source(line)
                    closed = false
                    continue
                }
                finish()
                itemStyle = style
                current = ItemDraft(number, lineIndex + 1, [], [])
                closed = false
                if style == .tabbed {
                    // 1<TAB>地区生产总值增长7%<TAB>区发改委<TAB>区统计局: a table pasted as text.
                    let (content, lead, support) = Self.tableColumns(body, text)
                    current?.parts.append(content)
                    current?.tableUnits = (lead, support)
                    closed = true
                    continue
                }
                let (content, responsibility) = Self.splitResponsibility(body, text)
                current?.parts.append(content)
                if let responsibility {
                    current?.responsibility.append(responsibility)
                    closed = true
                }
                continue
            }
            guard current != nil else { continue }
            if let responsibility = Self.responsibilityLine(line, text) {
                current?.responsibility.append(responsibility)
                closed = true
                continue
            }
            if closed || blankRun >= 2 { continue }
            let (content, responsibility) = Self.splitResponsibility(line, text)
            current?.parts.append(content)
            if let responsibility {
                current?.responsibility.append(responsibility)
                closed = true
            }
        }
        finish()
        if items.isEmpty {
            items = Self.paragraphs(lines, text)
        }
        self.items = items
        // The year the title and preamble name (text before the first item); failing that, the
        // year of the issuing date (see documentYear).
        let opening = items.first.map { lines.prefix(max(0, $0.line - 1)) } ?? lines.prefix(1)
        self.year = Self.documentYear(text, lines: lines, opening: opening.last?.upperBound ?? 0)
    }

    /// An item while its lines are being read.
    struct ItemDraft {
        var number: Int?
        var line: Int
        var parts: [Range<Int>]
        var responsibility: [Range<Int>]
        /// Lead and support columns of a table row (not role-worded brackets).
        var tableUnits: (lead: Range<Int>?, support: Range<Int>?)?
        var paragraph: Int?

        init(_ number: Int?, _ line: Int, _ parts: [Range<Int>], _ responsibility: [Range<Int>]) {
            (self.number, self.line, self.parts, self.responsibility) = (number, line, parts, responsibility)
        }
    }

    /// A document without numbered items (a work report's paragraph of main targets, say):
    /// every paragraph after the title that holds a sentence becomes an unnumbered item.
    static func paragraphs(_ lines: [Range<Int>], _ text: DocumentText) -> [Item] {
        var items: [Item] = []
        var seenTitle = false
        var inReview = false
        for (lineIndex, raw) in lines.enumerated() {
            let line = trimmed(raw, text)
            guard !line.isEmpty else { continue }
            if !seenTitle {
                seenTitle = true
                if !text.normalised[line].contains("。") { continue }
            }
            if isClosingBlock(line, text) { break }
            if looksLikeHeading(line, text) || isSectionHead(line, text) && !text.normalised[line].contains("。") {
                inReview = isReviewHeading(line, text)
            }
            if inReview { continue }
            guard text.normalised[line].contains("。") || text.normalised[line].contains("；") || !QuantityScanner.quantities(in: text, range: line).isEmpty,
                  !looksLikeHeading(line, text) else { continue }
            var draft = ItemDraft(nil, lineIndex + 1, [], [])
            let (content, responsibility) = splitResponsibility(line, text)
            draft.parts = [content]
            draft.responsibility = responsibility.map { [$0] } ?? []
            draft.paragraph = items.count + 1
            items.append(makeItem(draft, section: nil, text: text))
        }
        return items
    }

    /// The words unit names end with (区发改委, 各街道, 高新区管委会, 鼓楼公安分局 …).
    static let unitEndings = ["局", "委", "办", "部", "院", "街道", "政府", "中心", "管委会", "公司", "队", "所", "会", "处",
                              "科", "站", "板块", "部门", "集团", "单位", "乡镇", "镇", "团", "室", "厅", "署", "社", "庭"]

    /// Whether `range` is a list of unit names separated by 、 (a table's responsibility column).
    static func isUnitList(_ range: Range<Int>, _ text: DocumentText) -> Bool {
        let content = text.text(range).trimmingWhitespace
        guard !content.isEmpty, content.count <= 80, !content.contains("。"),
              QuantityScanner.quantities(in: text, range: range).isEmpty else { return false }
        let names = content.split(whereSeparator: { "、,，/ ".contains($0) }).map(String.init)
        return !names.isEmpty && names.allSatisfy { name in unitEndings.contains { name.hasSuffix($0) } }
    }

    /// A table row's columns: the target text (the columns before the unit columns) and up to
    /// two unit columns (lead, then support).
    static func tableColumns(_ range: Range<Int>, _ text: DocumentText) -> (Range<Int>, Range<Int>?, Range<Int>?) {
        var columns: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where text.normalised[index] == "\t" {
            columns.append(start..<index)
            start = index + 1
        }
        columns.append(start..<range.upperBound)
        columns = columns.map { trimmed($0, text) }.filter { !$0.isEmpty }
        var units: [Range<Int>] = []
        while let last = columns.last, columns.count > 1, isUnitList(last, text) {
            units.append(last)
            columns.removeLast()
        }
        units.reverse()
        let body = (columns.first?.lowerBound ?? range.lowerBound)..<(columns.last?.upperBound ?? range.lowerBound)
        return (body, units.first, units.count > 1 ? units[1] : nil)
    }

    // MARK: - Items

    enum ItemStyle: Hashable {
        case dotted       // 1.  1．  1、
        case bracketed    // (1)  （1）
        case ordinal      // 第1项  第一项
        case tabbed       // 1<TAB>…: a table row pasted as text
    }

    static func itemNumber(_ line: Range<Int>, _ text: DocumentText) -> (ItemStyle, Int, Int)? {
        let characters = text.normalised
        var position = line.lowerBound
        guard position < line.upperBound else { return nil }
        if characters[position] == "(" {
            position += 1
            let digitsStart = position
            while position < line.upperBound, DocumentText.isASCIIDigit(characters[position]) { position += 1 }
            guard position > digitsStart, position - digitsStart <= 4, position < line.upperBound, characters[position] == ")",
                  let number = Int(String(characters[digitsStart..<position])) else { return nil }
            return (.bracketed, number, skipSpaces(position + 1, line, text))
        }
        if characters[position] == "第" {
            position += 1
            var number: Int?
            let digitsStart = position
            while position < line.upperBound, DocumentText.isASCIIDigit(characters[position]) { position += 1 }
            if position > digitsStart {
                number = Int(String(characters[digitsStart..<min(position, digitsStart + 4)]))
            } else if let chinese = ChineseNumeral.parse(characters, from: position, limit: line.upperBound) {
                number = chinese.value
                position = chinese.end
            }
            guard let number, position < line.upperBound, characters[position] == "项" || characters[position] == "条" else { return nil }
            var after = position + 1
            if after < line.upperBound, [":", "、", ".", " "].contains(characters[after]) { after += 1 }
            return (.ordinal, number, skipSpaces(after, line, text))
        }
        let digitsStart = position
        while position < line.upperBound, DocumentText.isASCIIDigit(characters[position]) { position += 1 }
        guard position > digitsStart, position - digitsStart <= 4, position < line.upperBound,
              let number = Int(String(characters[digitsStart..<position])) else { return nil }
        let mark = characters[position]
        if mark == "\t" { return (.tabbed, number, skipSpaces(position + 1, line, text)) }
        guard mark == "." || mark == "、" || mark == ")" else { return nil }
        // 2.8万人 at the start of a line is a number, not item 2.
        if mark == ".", position + 1 < line.upperBound, DocumentText.isASCIIDigit(characters[position + 1]) { return nil }
        return (.dotted, number, skipSpaces(position + 1, line, text))
    }

    /// A section head: `一、` `（一）` `第一部分/章/节/篇`.
    static func isSectionHead(_ line: Range<Int>, _ text: DocumentText) -> Bool {
        let characters = text.normalised
        var position = line.lowerBound
        if characters[position] == "第" {
            position += 1
            while position < line.upperBound, ChineseNumeral.isNumeral(characters[position]) || DocumentText.isASCIIDigit(characters[position]) {
                position += 1
            }
            return ["部分", "章", "节", "篇", "编"].contains { text.has($0, at: position) }
        }
        let bracketed = characters[position] == "("
        if bracketed { position += 1 }
        let start = position
        while position < line.upperBound, ChineseNumeral.isNumeral(characters[position]) { position += 1 }
        guard position > start, position < line.upperBound else { return false }
        if bracketed { return characters[position] == ")" }
        return characters[position] == "、" || characters[position] == "."
    }

    /// Short, without a full stop or a responsibility bracket, and without a quantity: how a
    /// heading looks (`1、 关于完善创新生态，打造转型升级新引擎`).
    static func looksLikeHeading(_ line: Range<Int>, _ text: DocumentText) -> Bool {
        let body = text.normalised[line]
        guard body.count <= 40 else { return false }
        if body.contains("。") || body.contains("；") || body.contains(";") { return false }
        if responsibilityStart(line, text) != nil { return false }
        return QuantityScanner.quantities(in: text, range: line).isEmpty
    }

    /// Whether the text reads as an item: a sentence with a full stop or a responsibility bracket.
    static func looksLikeItemBody(_ range: Range<Int>, _ text: DocumentText) -> Bool {
        let body = text.normalised[range]
        return body.contains("。") || responsibilityStart(range, text) != nil
    }

    /// A section head over last year's results (`一、2024年工作回顾`, `过去一年工作完成情况`,
    /// `主要成绩`): work reports review the past year before they set this year's targets, in
    /// the same words (增长7.2%, 新建…18.6公里), so what follows such a head is not a target.
    static func isReviewHeading(_ line: Range<Int>, _ text: DocumentText) -> Bool {
        let body = String(text.normalised[line])
        return ["回顾", "完成情况", "主要成绩", "取得的成绩", "工作成效"].contains { body.contains($0) }
    }

    static func isClosingBlock(_ line: Range<Int>, _ text: DocumentText) -> Bool {
        for word in ["抄送", "主送", "附件", "联系人", "抄报"] where text.has(word, at: line.lowerBound) {
            return true
        }
        // 鼓楼区人民政府办公室   2021年3月1日印发
        let content = text.text(line)
        return content.hasSuffix("印发") && content.contains("年") && content.count < 60
    }

    // MARK: - Responsibility

    static let leadWords = ["牵头单位", "主办单位", "责任单位", "负责单位", "主办", "牵头", "负责"]
    static let supportWords = ["协办单位", "配合单位", "参与单位", "协办", "配合", "参与"]

    /// Where the trailing responsibility bracket starts: a last `（…）` naming 主办/牵头/协办/配合/负责.
    static func responsibilityStart(_ range: Range<Int>, _ text: DocumentText) -> Int? {
        let characters = text.normalised
        var end = range.upperBound
        while end > range.lowerBound, characters[end - 1] == " " || characters[end - 1] == "。" { end -= 1 }
        guard end > range.lowerBound, characters[end - 1] == ")" else { return nil }
        var depth = 0
        var index = end - 1
        while index >= range.lowerBound {
            if characters[index] == ")" { depth += 1 }
            if characters[index] == "(" {
                depth -= 1
                if depth == 0 { break }
            }
            index -= 1
        }
        guard index >= range.lowerBound else { return nil }
        let inside = text.text(index + 1..<end - 1)
        guard (leadWords + supportWords).contains(where: { inside.contains($0) }) else { return nil }
        return index
    }

    /// The body without its responsibility bracket, and the bracket's inside.
    static func splitResponsibility(_ range: Range<Int>, _ text: DocumentText) -> (Range<Int>, Range<Int>?) {
        // …4000人。责任单位：市人社局 — a labelled responsibility after the item's last sentence.
        if let labelled = trailingLabel(range, text) {
            return (range.lowerBound..<labelled.lowerBound, labelled)
        }
        guard let start = responsibilityStart(range, text) else { return (range, nil) }
        var end = range.upperBound
        while end > start, text.normalised[end - 1] != ")" { end -= 1 }
        return (range.lowerBound..<start, start + 1..<end - 1)
    }

    /// A `责任单位：…` / `牵头单位：…；配合单位：…` label that follows a full stop (or a space) at
    /// the end of an item's line, through the end of the line.
    static func trailingLabel(_ range: Range<Int>, _ text: DocumentText) -> Range<Int>? {
        let labels = (leadWords + supportWords).filter { $0.hasSuffix("单位") }
        // A closing bracket: the labels are inside it (（牵头单位：…；配合单位：…）), read as a bracket.
        var last = range.upperBound
        while last > range.lowerBound, text.normalised[last - 1] == "。" || text.normalised[last - 1] == " " { last -= 1 }
        if last > range.lowerBound, text.normalised[last - 1] == ")" { return nil }
        // The first label after the item's last full stop (a final 。 aside).
        var lastStop = range.lowerBound
        for index in range.lowerBound..<max(range.lowerBound, range.upperBound - 1) where text.normalised[index] == "。" { lastStop = index }
        var index = lastStop + 1
        while index + 4 < range.upperBound {
            let before = text.normalised[index - 1]
            if before == "。" || before == " " || before == "；" || before == ";",
               labels.contains(where: { text.has($0, at: index) }),
               text.normalised[index + 4] == ":" || text.normalised[index + 4] == "：" {
                var end = range.upperBound
                if text.normalised[end - 1] == ")" || text.normalised[end - 1] == "。" { end -= 1 }
                return index..<max(index, end)
            }
            index += 1
        }
        return nil
    }

    /// A line of its own naming the responsible units (`责任单位：区发改委`, `牵头单位:…`).
    static func responsibilityLine(_ line: Range<Int>, _ text: DocumentText) -> Range<Int>? {
        var start = line.lowerBound
        if text.normalised[start] == "(" { start += 1 }
        for word in leadWords + supportWords where word.hasSuffix("单位") && text.has(word, at: start) {
            var end = line.upperBound
            if text.normalised[end - 1] == ")" { end -= 1 }
            return start..<end
        }
        return nil
    }

    /// Lead and support units from responsibility texts: parts separated by `，` `；` `。`, each
    /// either ending in a role word (`区科技局、高新区管委会主办`) or starting with a role label
    /// (`牵头单位：区发改委`), units separated by `、`. A part with no role word is led.
    static func units(in parts: [Range<Int>], _ text: DocumentText) -> (lead: [String], support: [String]) {
        var lead: [String] = [], support: [String] = []
        for part in parts {
            let content = text.source(part)
            for clause in content.split(whereSeparator: { "，,；;。".contains($0) }) {
                var clause = String(clause).trimmingWhitespace
                var isSupport = false
                if let label = (leadWords + supportWords).first(where: { $0.hasSuffix("单位") && clause.hasPrefix($0) }) {
                    isSupport = supportWords.contains(label)
                    clause = String(clause.dropFirst(label.count)).trimmingWhitespace
                    if clause.hasPrefix(":") || clause.hasPrefix("：") { clause = String(clause.dropFirst()) }
                } else if let role = (leadWords + supportWords).first(where: { clause.hasSuffix($0) }) {
                    isSupport = supportWords.contains(role)
                    clause = String(clause.dropLast(role.count))
                }
                let names = clause.split(whereSeparator: { $0 == "、" || $0 == "/" }).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
                if isSupport { support += names } else { lead += names }
            }
        }
        return (lead, support)
    }

    // MARK: - Helpers

    private static func makeItem(_ item: ItemDraft, section: String?, text: DocumentText) -> Item {
        let lower = item.parts.first?.lowerBound ?? 0
        let upper = item.parts.last?.upperBound ?? lower
        var (lead, support) = units(in: item.responsibility, text)
        if let columns = item.tableUnits {
            // A table's columns carry no role words: the first is the lead, the second support.
            func names(_ range: Range<Int>?) -> [String] {
                range.map { text.source($0).split(whereSeparator: { "、,，/ ".contains($0) }).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty } } ?? []
            }
            lead = names(columns.lead)
            support = names(columns.support)
        }
        return Item(number: item.number, paragraph: item.paragraph, section: section, line: item.line,
                    body: lower..<max(lower, upper), lead: lead, support: support)
    }

    static func trimmed(_ range: Range<Int>, _ text: DocumentText) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, text.normalised[lower].isWhitespace || text.normalised[lower] == "\u{FEFF}" { lower += 1 }
        while upper > lower, text.normalised[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }

    private static func skipSpaces(_ index: Int, _ line: Range<Int>, _ text: DocumentText) -> Int {
        var index = index
        while index < line.upperBound, text.normalised[index].isWhitespace { index += 1 }
        return index
    }

    /// The first `20xx年` before the character offset `opening` (the title and preamble), else
    /// the year of the first full date (`2021年3月1日`, the issuing date), else `nil`.
    static func documentYear(_ text: DocumentText, lines: [Range<Int>], opening: Int) -> Int? {
        var first: Int?
        var dated: Int?
        let characters = text.normalised
        var index = 0
        while index + 4 < characters.count {
            if characters[index + 4] == "年", (0..<4).allSatisfy({ DocumentText.isASCIIDigit(characters[index + $0]) }),
               index == 0 || !DocumentText.isASCIIDigit(characters[index - 1]),
               let year = Int(String(characters[index..<index + 4])), (1900...2200).contains(year) {
                if first == nil, index < opening { first = year }
                // 2022年2月15日: a full date (the issuing date, at the end) stands for the year when
                // the opening names none; a bare year in an item (较2020年增长) does not.
                if dated == nil, Self.isFullDate(characters, after: index + 5) { dated = year }
                index += 5
            } else {
                index += 1
            }
        }
        return first ?? dated
    }

    /// Whether `M月D日` follows at `index`.
    static func isFullDate(_ characters: [Character], after index: Int) -> Bool {
        var position = index
        var digits = 0
        while position < characters.count, DocumentText.isASCIIDigit(characters[position]), digits < 2 { position += 1; digits += 1 }
        guard digits > 0, position < characters.count, characters[position] == "月" else { return false }
        position += 1
        digits = 0
        while position < characters.count, DocumentText.isASCIIDigit(characters[position]), digits < 2 { position += 1; digits += 1 }
        return digits > 0 && position < characters.count && characters[position] == "日"
    }
}

extension String {
    /// The text without white space of any kind (Character.isWhitespace) at either end: wider than
    /// `trimmingSpaces()`, the readers' trim, so that what the extractor writes reads back as it is.
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
