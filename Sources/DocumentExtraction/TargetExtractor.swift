// DocumentExtraction: targets read from a Chinese work-target document's text — structure
// (sections, items, tables), quantities and Chinese numerals, kinds, directions, firmness and the
// responsible units — gathered into a catalogue that FileFormats writes as a targets file.

import FileFormats
import TargetData
/// Targets read out of a policy document: a catalogue `forecast targets check` accepts, and the
/// judgement calls a reader should look at before relying on it.
public struct TargetExtraction: Sendable {
    /// The targets and the metrics they are measured on. Items without a quantitative target are
    /// `qualitative` entries, so every numbered item of the document is listed.
    public var catalogue: Catalogue
    /// For a target id, what the extractor decided that the document leaves open (an
    /// approximate value read as a floor, a range read by its lower end, a bound to fill in).
    public var notes: [String: [String]]
    /// How many numbered items the document has.
    public var itemCount: Int
    /// The number of the document's items in order, and the line each starts on.
    public var itemLines: [(item: Int?, line: Int)]
}

/// Reads a Chinese government work-target document (`…工作目标任务分解落实方案`) and writes down
/// every quantitative target in it: item number, the exact clause as title, a metric, kind,
/// direction, threshold in base units, unit, firmness and the responsible units.
///
/// How it reads a document (see the README, "Extracting targets from a document"):
/// 1. ``PolicyDocument`` splits it into numbered items and their responsibility brackets.
/// 2. Each item is cut into sentences (`。` `；`) and clauses (`，`); a commitment word (确保,
///    力争, 争取, 努力, 争创, 实现) governs its clause and the target clauses that follow it in
///    the same sentence without a break.
/// 3. ``QuantityScanner`` finds the amounts; a clause listing several (`新增A 2家、B 3家`) is
///    cut at `、` (and a piece still holding two at `和` `及`) into one target per amount, a part without an amount staying with
///    its neighbour (`大唐北路、惠民河西路等4条道路`).
/// 4. Each amount's kind comes from the words around it (增长 → growth, 下降/压减 → reduction,
///    …率/比例 → ratio, 以内/控制在 → ceiling, 建成/竣工/开工 → milestone, 拥有量/累计/突破 N家
///    → level, otherwise total), its direction from 以上/不低于/达到/突破 or 以内/以下/不超过.
/// 5. Clauses without a number still give targets when they state one: 与…同步 (relative),
///    控制在…以内 (a ceiling whose bound is set elsewhere), 全覆盖 (a ratio of 100%), and
///    完成市下达的…目标任务 (a bound to fill in).
public enum TargetExtractor {
    /// The largest document read (16 MiB; the Gulou document is 20 KB).
    public static let maximumDocumentBytes = 16 << 20

    /// Extracts the targets of the document at `path` (UTF-8, UTF-16 or GB18030 text).
    ///
    /// - Parameter year: the target year; by default the year the document's opening names.
    /// - Throws: `InputError` when the file cannot be read as text, has no numbered items, or
    ///   names no year and none is given.
    public static func extract(path: String, year: Int? = nil) throws(InputError) -> TargetExtraction {
        try extract(bytes: FileBytes.read(path), file: path, year: year)
    }

    /// Extracts the targets of a document's bytes.
    public static func extract(bytes: [UInt8], file: String, year: Int? = nil) throws(InputError) -> TargetExtraction {
        guard bytes.count <= maximumDocumentBytes else {
            throw InputError(SourceLocation(file: file), "the file is \(bytes.count >> 20) MB; a work-target document is plain text of at most \(maximumDocumentBytes >> 20) MB (is this the right file?)")
        }
        let (utf8, _) = try TextDecoding.utf8Bytes(of: bytes, file: file)
        return try extract(text: String(decoding: utf8, as: UTF8.self), file: file, year: year)
    }

    /// Extracts the targets of a document's text.
    public static func extract(text content: String, file: String, year: Int? = nil) throws(InputError) -> TargetExtraction {
        let document = PolicyDocument(content)
        guard !document.items.isEmpty else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "found no targets: no numbered items (lines starting 1. 1、 （1） or 第1项) and no paragraph with a sentence or an amount; expected a work-target document as plain text")
        }
        guard let year = year ?? document.year else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "the document names no year (such as 2021年 in its title); give the target year with --year")
        }
        guard Period.validYears.contains(year) else {
            throw InputError(SourceLocation(file: file), "year \(year) is not a four-digit year")
        }
        var builder = CatalogueBuilder(year: year)
        // An item with no text (a number alone on its line) says nothing to list.
        for item in document.items where !document.text.source(item.body).trimmingWhitespace.isEmpty {
            let reader = ItemReader(text: document.text, item: item, year: year)
            let found = reader.targets()
            if found.isEmpty {
                builder.addQualitative(item: item, title: reader.wholeTitle, firmness: reader.firstFirmness)
            } else {
                for target in found { builder.add(target, item: item) }
            }
        }
        builder.resolveRelatives()
        builder.demoteInvalidTargets()
        return TargetExtraction(catalogue: builder.catalogue, notes: builder.notes, itemCount: document.items.count,
                                itemLines: document.items.map { ($0.number, $0.line) })
    }
}

/// One target as read from an item, before it is given ids.
struct ExtractedTarget {
    var title: String
    var metricName: String
    var metricUnit: String
    var reading: ReadingKind
    var kind: TargetKind
    var direction: Direction
    var value: Double?
    var unit: String?
    var firmness: Firmness
    var deadline: Period?
    var at: CeilingCheck?
    /// For relative targets: the name of what the metric must keep up with (`经济增长`).
    var versusName: String?
    var notes: [String]
}

/// The words that decide a target's kind, direction and firmness.
enum TargetWords {
    static let firmness: [(String, Firmness)] = [("确保", .ensure), ("力争", .strive), ("争取", .strive), ("努力", .strive),
                                                 ("争创", .strive), ("实现", .none)]
    static let growth = ["同比增长", "年均增长", "增长", "增速", "增幅", "增加", "提高", "提升", "上涨", "递增"]
    static let reduction = ["下降", "降低", "压减", "减少", "削减", "压缩", "降幅", "缩减"]
    static let atMostBefore = ["不超过", "不高于", "不大于", "低于", "少于", "小于", "控制在", "控制到", "限制在"]
    static let atLeastBefore = ["不低于", "不少于", "不小于", "至少", "达到", "超过", "突破", "高于", "大于", "达"]
    static let atMostAfter = ["以内", "以下", "之内"]
    static let ratioSubjects = ["率", "比例", "比重", "占比", "覆盖面", "满意度", "指数", "达标率", "普及率"]
    static let milestone = ["建成", "竣工", "通车", "开工", "动工", "投用", "投运", "投入使用", "封顶", "挂牌", "出让",
                            "征收", "扫尾", "熟化", "完工", "交付", "落成", "开通", "开业", "打造", "搬迁"]
    static let level = ["拥有量", "保有量", "总量", "总数", "累计", "存量", "余额", "总规模", "全覆盖"]
    static let flow = ["新增", "新建", "引进", "完成", "培育", "组织", "实施", "安装", "改造", "服务", "招引", "签约",
                       "落户", "申请", "援助", "就业", "创业", "参保", "举办", "接待", "帮扶", "培训", "发放", "开展",
                       "创建", "招聘", "吸引", "新开", "增设", "设立", "推出", "改扩建", "扩建", "改建"]
    /// Verbs that make a Chinese-numeral amount a target (三大攻坚战 and 四个关键节点 have none).
    static let chineseNumeralCues = ["新增", "新建", "建成", "完成", "引进", "培育", "改造", "安装", "组织", "开工",
                                     "竣工", "动工", "通车", "达到", "突破", "创建", "招引", "举办", "不少于", "不低于",
                                     "增加", "投用", "启动"]
    static let money: Set<String> = ["元", "美元", "欧元", "港元"]
    static let area: Set<String> = ["平方米", "平方公里", "平方千米", "亩", "公顷"]
    /// Words that name money aggregates, whose growth metrics are in 元.
    static let moneySubjects = ["收入", "总值", "投资", "总额", "产值", "销售", "营业", "利润", "税收", "外资", "增加值",
                                "消费", "贸易", "进出口", "出口", "进口", "经费", "支出", "预算", "营收", "规模", "额"]
    /// Adverbs and lead-ins dropped from the front of a metric name.
    /// Words dropped from the end of a metric name (`森林覆盖率稳定在`, `公用经费统一`).
    static let trailing = ["以上", "以内", "以下", "左右", "稳定在", "保持在", "保持", "稳定", "达到", "力争", "确保", "统一",
                           "同比", "提高", "提升", "不低于", "不少于", "超过", "突破", "控制在", "达"]
    static let leadIns = ["确保", "力争", "争取", "努力", "争创", "实现", "全年", "年内", "今年", "全力", "推动", "加快",
                          "力促", "全面", "持续", "进一步", "累计", "完成", "新增", "其中", "上半年", "下半年", "年底前",
                          "年内", "一季度", "二季度", "三季度", "前三季度", "当年"]
}

/// Reads the targets of one item.
struct ItemReader {
    /// The longest clause read for targets.
    static let maximumClauseCharacters = 2000

    let text: DocumentText
    let item: PolicyDocument.Item
    let year: Int

    /// The item's whole body: the title of a qualitative entry.
    var wholeTitle: String {
        var body = item.body
        while body.upperBound > body.lowerBound, "。；; ".contains(text.normalised[body.upperBound - 1]) || text.normalised[body.upperBound - 1].isWhitespace {
            body = body.lowerBound..<body.upperBound - 1
        }
        let title = text.source(body).trimmingWhitespace
        // An item of punctuation only keeps it: the title is still the document's own text.
        return title.isEmpty ? text.source(item.body).trimmingWhitespace : title
    }

    /// The first commitment word of the item.
    var firstFirmness: Firmness {
        let body = text.unquotedText(item.body)
        let first = TargetWords.firmness.compactMap { word, firmness in body.range(of: word).map { ($0.lowerBound, firmness) } }
            .min { $0.0 < $1.0 }
        return first?.1 ?? .none
    }

    func targets() -> [ExtractedTarget] {
        var targets: [ExtractedTarget] = []
        for sentence in split(item.body, at: ["。", "；", ";", "！", "？"]) {
            var carried: Firmness?
            // A deadline that opens a sentence governs its clauses (2025年6月30日前完成平台建设，
            // 接入电梯1.5万台: both by June); one inside it, only its own clause (…，上半年完成3个
            // 老旧小区改造，新增就业3-5万人: the jobs are the year's).
            var carriedDeadline: Period?
            var previousSubject: String?
            for (position, clause) in split(sentence, at: ["，", ",", ":", "："]).enumerated() {
                // A "clause" of thousands of characters is not prose (a table pasted without
                // punctuation, a damaged file): it is not read, which also bounds the work per clause.
                guard clause.count <= Self.maximumClauseCharacters else { carried = nil; continue }
                let own = firmness(in: clause)
                let ownDeadline = deadline(in: clause)
                if position == 0 { carriedDeadline = ownDeadline }
                let found = targetsInClause(clause, previousSubject: previousSubject)
                if found.isEmpty {
                    carried = own
                    continue
                }
                previousSubject = found.last.flatMap { $0.kind == .growth ? $0.metricName : nil }
                let governing = own ?? carried ?? .none
                for var target in found {
                    target.firmness = governing
                    if target.deadline == nil { target.deadline = carriedDeadline }
                    targets.append(target)
                }
                carried = own ?? carried
            }
        }
        return targets
    }

    // MARK: - Clauses

    /// The pieces of `range` between separators outside quotes (a `,` between digits is a
    /// thousands separator, not a clause break), trimmed, empty pieces dropped.
    func split(_ range: Range<Int>, at separators: Set<Character>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where separators.contains(text.normalised[index]) && !text.quoted[index] {
            if QuantityScanner.isThousandsSeparator(text.normalised, at: index, limit: range.upperBound) { continue }
            pieces.append(start..<index)
            start = index + 1
        }
        pieces.append(start..<range.upperBound)
        return pieces.map { PolicyDocument.trimmed($0, text) }.filter { !$0.isEmpty }
    }

    func firmness(in range: Range<Int>) -> Firmness? {
        let clause = text.unquotedText(range)
        let first = TargetWords.firmness.compactMap { word, firmness in clause.range(of: word).map { ($0.lowerBound, firmness) } }
            .min { $0.0 < $1.0 }
        return first?.1
    }

    /// The amounts of a clause that are targets.
    func amounts(in clause: Range<Int>) -> [Quantity] {
        let quantities = QuantityScanner.quantities(in: text, range: clause)
        let unquoted = text.unquotedText(clause)
        let hasCue = TargetWords.chineseNumeralCues.contains { unquoted.contains($0) } || unquoted.contains("以上")
        return quantities.filter { quantity in
            if quantity.isChineseNumeral && !hasCue { return false }
            // 5月底前, 2022年: a date right after is a deadline, not an amount (the scanner has no
            // such unit, but 3个月 would read as 3 个).
            if quantity.end < clause.upperBound, text.normalised[quantity.end] == "月" || text.normalised[quantity.end] == "年" { return false }
            return true
        }
    }

    func targetsInClause(_ clause: Range<Int>, previousSubject: String? = nil) -> [ExtractedTarget] {
        let amounts = amounts(in: clause)
        if amounts.isEmpty { return wordedTargets(in: clause, previousSubject: previousSubject) }
        // Cut the clause at list separators; pieces without an amount join a neighbour.
        let pieces = split(clause, at: ["、"]).flatMap { piece in
            amounts.count(where: { $0.start >= piece.lowerBound && $0.start < piece.upperBound }) > 1 ? splitAtConjunctions(piece) : [piece]
        }
        var groups: [(range: Range<Int>, amounts: [Quantity])] = []
        var pendingStart: Int?
        for piece in pieces {
            let inside = amounts.filter { $0.start >= piece.lowerBound && $0.start < piece.upperBound }
            if inside.isEmpty {
                if groups.isEmpty {
                    pendingStart = pendingStart ?? piece.lowerBound
                } else {
                    groups[groups.count - 1].range = groups[groups.count - 1].range.lowerBound..<max(piece.upperBound, groups[groups.count - 1].range.upperBound)
                }
            } else {
                groups.append(((pendingStart ?? piece.lowerBound)..<max(piece.upperBound, inside.last?.end ?? piece.upperBound), inside))
                pendingStart = nil
            }
        }
        let leadIn = clause.lowerBound..<(amounts.first?.start ?? clause.lowerBound)
        var targets: [ExtractedTarget] = []
        for group in groups {
            for amount in group.amounts {
                targets.append(target(for: amount, group: group.range, clause: clause, leadIn: leadIn, isFirst: group.range.lowerBound == groups.first?.range.lowerBound))
            }
        }
        return targets
    }

    /// Splits at 和, 及 and 以及 (outside quotes and amounts); the caller merges pieces without amounts back.
    func splitAtConjunctions(_ range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if !text.quoted[index], let word = text.word(from: ["以及", "和", "及"], at: index), index > start {
                pieces.append(start..<index)
                start = index + word.count
                index = start
                continue
            }
            index += 1
        }
        pieces.append(start..<range.upperBound)
        // Keep the conjunction with the next piece so that spans stay contiguous.
        var contiguous: [Range<Int>] = []
        for (offset, piece) in pieces.enumerated() {
            let lower = offset == 0 ? piece.lowerBound : (contiguous.last?.upperBound ?? piece.lowerBound)
            contiguous.append(lower..<max(lower, piece.upperBound))
        }
        return contiguous.filter { !$0.isEmpty }
    }

    // MARK: - One amount

    func target(for amount: Quantity, group: Range<Int>, clause: Range<Int>, leadIn: Range<Int>, isFirst: Bool) -> ExtractedTarget {
        let groupText = text.unquotedText(group)
        let before = text.unquotedText(group.lowerBound..<amount.start)
        // A list element without a verb of its own (`4条应用链` after `打造1条底层链`) takes the
        // verbs of the clause's lead-in.
        let ownCue = (TargetWords.milestone + TargetWords.flow + TargetWords.level + TargetWords.growth + TargetWords.reduction)
            .contains { groupText.contains($0) }
        let cueText = ownCue || isFirst ? groupText : text.unquotedText(leadIn) + groupText
        var notes: [String] = []
        var value: Double? = amount.value
        var unit: String? = amount.unit
        var direction = Direction.atLeast
        let atMost = nearestDirection(before) == .atMost || TargetWords.atMostAfter.contains { amount.suffix == $0 }
        if atMost { direction = .atMost }
        if let upper = amount.upper {
            notes.append("the document gives a range \(format(amount.value))–\(format(upper)) \(amount.unit); the lower end is the threshold")
        }
        let kind: TargetKind
        let growthVerb = TargetWords.growth.first { endsWithVerb(before, $0) }
        let reductionVerb = TargetWords.reduction.first { endsWithVerb(before, $0) }
        let toLevel = amountFollowsTo(before)
        if amount.isPercentagePoints {
            // +x percentage points on a rate: the threshold is last year's rate plus x, which the
            // document does not give.
            let falls = reductionVerb != nil
            kind = falls || atMost ? .ceiling : .ratio
            direction = kind == .ceiling ? .atMost : .atLeast
            value = nil
            unit = "%"
            notes.append("the document asks for a change of \(format(amount.value)) percentage points (\(falls ? "down" : "up")); set value to last year's rate \(falls ? "minus" : "plus") \(format(amount.value))")
        } else if amount.isPercent {
            if let _ = reductionVerb, !toLevel, !atMost {
                kind = .reduction
            } else if atMost {
                kind = .ceiling
            } else if growthVerb != nil && !toLevel {
                kind = .growth
            } else if amount.value <= 100 {
                kind = .ratio
            } else {
                kind = TargetWords.ratioSubjects.contains { before.contains($0) } ? .level : .growth  // a rate above 100%
            }
        } else if atMost {
            kind = .ceiling
        } else if TargetWords.money.contains(amount.unit) {
            kind = TargetWords.level.contains { groupText.contains($0) } ? .level : .total
        } else if TargetWords.level.contains(where: { groupText.contains($0) }) {
            kind = .level  // 累计建成, 拥有量: a stock, even when built
        } else if TargetWords.milestone.contains(where: { cueText.contains($0) }) {
            kind = .milestone
        } else if ["突破", "达到", "达", "超过"].contains(where: { before.hasSuffix($0) }) && !TargetWords.flow.contains(where: { cueText.contains($0) }) {
            kind = .level
        } else {
            kind = .total
        }
        if kind == .ceiling { direction = .atMost }
        if amount.suffix == "左右" {
            notes.append("the document says about \(format(amount.value)) (左右); read as \(direction == .atMost ? "at most" : "at least") \(format(amount.value))")
        }
        let name = metricName(kind: kind, amount: amount, group: group, leadIn: leadIn, ownCue: ownCue, isFirst: isFirst,
                              growthVerb: growthVerb ?? reductionVerb)
        let percentKind = kind == .growth || kind == .reduction
        let metricUnit: String
        if percentKind {
            metricUnit = TargetWords.moneySubjects.contains { name.contains($0) } ? "元" : "未注明"
            if metricUnit == "未注明" { notes.append("the document does not say what unit \(name) is counted in; set the metric's unit") }
        } else {
            metricUnit = unit ?? "%"
        }
        let reading: ReadingKind = switch kind {
        case .level, .ratio, .ceiling: .level
        default: .ytd
        }
        if value == nil, !amount.isPercentagePoints { notes.append("the document sets no number; fill in value") }
        return ExtractedTarget(title: text.source(group), metricName: name, metricUnit: metricUnit, reading: reading, kind: kind,
                               direction: direction, value: value, unit: unit, firmness: .none,
                               deadline: deadline(in: group) ?? deadline(in: clause), at: kind == .ceiling ? .deadline : nil,
                               versusName: nil, notes: notes)
    }

    /// Whether `before` ends with `verb`, allowing direction words between it and the number
    /// (`增长达到7%`, `增长不低于7%`, `增长7%`).
    func endsWithVerb(_ before: String, _ verb: String) -> Bool {
        var tail = Substring(before)
        for _ in 0..<2 {
            if tail.hasSuffix(verb) { return true }
            guard let word = (TargetWords.atLeastBefore + TargetWords.atMostBefore + ["到", "至", "在"]).first(where: { tail.hasSuffix($0) }) else { return false }
            tail = tail.dropLast(word.count)
        }
        return tail.hasSuffix(verb)
    }

    /// `提高到95%`, `下降至3%`: the amount is the level reached, not the change.
    func amountFollowsTo(_ before: String) -> Bool {
        guard before.hasSuffix("到") || before.hasSuffix("至") else { return false }
        let verb = before.dropLast()
        return (TargetWords.growth + TargetWords.reduction + ["降", "升", "增"]).contains { verb.hasSuffix($0) }
    }

    /// The direction of the direction word nearest before the amount (`不低于` is at least,
    /// although it ends in `低于`), if any.
    func nearestDirection(_ before: String) -> Direction? {
        var best: (end: String.Index, length: Int, direction: Direction)?
        for (words, direction) in [(TargetWords.atLeastBefore, Direction.atLeast), (TargetWords.atMostBefore, .atMost)] {
            for word in words {
                guard let range = before.range(of: word, options: .backwards) else { continue }
                if best == nil || range.upperBound > best!.end || (range.upperBound == best!.end && word.count > best!.length) {
                    best = (range.upperBound, word.count, direction)
                }
            }
        }
        return best?.direction
    }

    // MARK: - Clauses without a number

    /// Targets a clause states in words: 与…同步, 控制在…以内, 全覆盖, 零发生/动态清零, 完成…下达的目标任务.
    func wordedTargets(in clause: Range<Int>, previousSubject: String? = nil) -> [ExtractedTarget] {
        let unquoted = text.unquotedText(clause)
        let title = text.source(clause)
        let base = ExtractedTarget(title: title, metricName: "", metricUnit: "%", reading: .level, kind: .ratio, direction: .atLeast,
                                   value: nil, unit: "%", firmness: .none, deadline: deadline(in: clause), at: nil,
                                   versusName: nil, notes: [])
        // 居民人均可支配收入与经济增长同步
        for keep in ["同步", "相适应", "相协调", "同比例"] {
            guard let keepRange = unquoted.range(of: keep), let with = unquoted[..<keepRange.lowerBound].range(of: "与", options: .backwards) else { continue }
            // 居民人均可支配收入增长7%，与经济增长同步: the subject may be the previous clause's.
            var subject = stripLeadIns(String(unquoted[..<with.lowerBound]))
            if subject.isEmpty, let previousSubject { subject = previousSubject }
            var versus = String(unquoted[with.upperBound..<keepRange.lowerBound])
            for adverb in ["基本", "总体", "大体", "保持"] where versus.hasSuffix(adverb) { versus = String(versus.dropLast(adverb.count)) }
            guard !subject.isEmpty, !versus.isEmpty else { continue }
            var target = base
            target.metricName = subject.hasSuffix("增长") ? String(subject.dropLast(2)) : subject
            target.metricUnit = TargetWords.moneySubjects.contains { subject.contains($0) } ? "元" : "未注明"
            target.reading = .ytd
            target.kind = .relative
            target.value = 0
            target.versusName = versus
            target.notes = ["\(target.metricName) must grow at least as fast as \(versus) (growth gap ≥ 0 points)"]
            return [target]
        }
        // 城镇登记失业率控制在市定标准以内
        if let control = ["控制在", "不超过", "不高于"].compactMap({ unquoted.range(of: $0) }).first,
           TargetWords.atMostAfter.contains(where: { unquoted.hasSuffix($0) }) || unquoted.contains("标准") || unquoted.contains("下达") {
            var target = base
            target.metricName = stripLeadIns(String(unquoted[..<control.lowerBound]))
            target.kind = .ceiling
            target.direction = .atMost
            target.at = .deadline
            target.unit = target.metricName.hasSuffix("率") ? "%" : nil
            target.metricUnit = target.unit ?? "未注明"
            target.notes = ["the bound is set outside the document (\(String(unquoted[control.lowerBound...]))); fill in value"]
            guard !target.metricName.isEmpty else { return [] }
            return [target]
        }
        // 实现全区学校教室照明改造全覆盖
        if let cover = unquoted.range(of: "全覆盖") {
            var target = base
            target.metricName = stripLeadIns(String(unquoted[..<cover.lowerBound])) + "覆盖率"
            target.kind = .ratio
            target.value = 100
            target.notes = ["全覆盖 read as a ratio of 100%"]
            return [target]
        }
        // 药品安全事件零发生, 零就业家庭动态清零: a count held at zero through the year.
        if let zero = ["零发生", "零事故", "零死亡", "动态清零"].compactMap({ unquoted.range(of: $0) }).first {
            let subject = stripLeadIns(String(unquoted[..<zero.lowerBound]))
            guard !subject.isEmpty else { return [] }
            var target = base
            target.metricName = subject
            target.kind = .ceiling
            target.direction = .atMost
            target.value = 0
            target.at = .deadline
            let households = subject.hasSuffix("家庭") || subject.hasSuffix("户")
            target.unit = households ? "户" : "起"
            target.metricUnit = target.unit ?? "起"
            // Events are counted through the year (year to date); households still counted are a level.
            target.reading = households ? .level : .ytd
            target.notes = ["\(String(unquoted[zero])) read as a ceiling of 0 \(target.unit ?? "")"]
            return [target]
        }
        // 约束性指标确保完成市下达的目标任务
        if let assigned = unquoted.range(of: "下达"), ["目标", "任务", "指标"].contains(where: { unquoted[assigned.upperBound...].contains($0) }) {
            let subject = stripLeadIns(String(unquoted[..<assigned.lowerBound]))
            let binding = ["约束性", "减排", "能耗", "排放", "污染", "大气", "空气", "水质", "PM", "浓度", "环境质量"].contains { subject.contains($0) }
            var target = base
            target.metricName = stripLeadIns(firstWords(of: subject))
            if target.metricName.isEmpty { target.metricName = "下达目标任务" }
            target.kind = binding ? .ceiling : .total
            target.direction = binding ? .atMost : .atLeast
            target.at = binding ? .deadline : nil
            target.unit = nil
            target.metricUnit = "未注明"
            target.reading = binding ? .level : .ytd
            target.notes = ["the bound is assigned by a higher authority (\(String(unquoted[assigned.lowerBound...]))); fill in value and the unit\(binding ? ", one target per binding indicator" : "")"]
            return [target]
        }
        return []
    }

    /// The subject words before a verb such as 确保/完成 (`节能减排、大气和水环境质量等约束性指标确保完成市` → up to 确保).
    func firstWords(of subject: String) -> String {
        var result = subject
        for word in ["确保", "力争", "完成", "达到"] {
            if let range = result.range(of: word) { result = String(result[..<range.lowerBound]) }
        }
        return result
    }

    // MARK: - Names and deadlines

    func metricName(kind: TargetKind, amount: Quantity, group: Range<Int>, leadIn: Range<Int>, ownCue: Bool, isFirst: Bool,
                    growthVerb: String?) -> String {
        let before = text.source(group.lowerBound..<amount.start)
        let after = text.source(amount.end..<group.upperBound)
        var name: String
        if kind == .growth || kind == .reduction || amount.isPercentagePoints, let verb = growthVerb,
           let range = before.range(of: verb, options: .backwards) {
            name = String(before[..<range.lowerBound])
        } else {
            var head = before
            for word in TargetWords.atLeastBefore + TargetWords.atMostBefore where head.hasSuffix(word) {
                head = String(head.dropLast(word.count))
                break
            }
            name = head + after
        }
        name = stripLeadIns(name)
        // 地区生产总值较2020年增长: the comparison is not part of the name.
        for marker in ["较", "比"] {
            if let range = name.range(of: marker, options: .backwards), range.lowerBound > name.startIndex {
                let rest = name[range.upperBound...]
                if rest == "上年" || rest == "去年" || rest == "上年同期" || (rest.hasSuffix("年") && rest.dropLast().allSatisfy(\.isNumber)) {
                    name = String(name[..<range.lowerBound])
                }
            }
        }
        var trimmed = true
        while trimmed {
            trimmed = false
            for suffix in TargetWords.trailing where name.hasSuffix(suffix) && name.count > suffix.count {
                name = String(name.dropLast(suffix.count))
                trimmed = true
            }
        }
        name = name.trimmingCharacters(of: "、，,：: 的")
        if !ownCue && !isFirst {
            let lead = text.unquotedText(leadIn)
            if let verb = ["新增", "新建", "引进", "培育"].first(where: { lead.contains($0) }), !name.hasPrefix(verb) { name = verb + name }
        }
        if (kind == .total || kind == .milestone), TargetWords.area.contains(amount.unit), !name.contains("面积") { name += "面积" }
        if name.isEmpty { name = text.source(group) }
        return name
    }

    func stripLeadIns(_ name: String) -> String {
        var name = name.trimmingCharacters(of: "、，,：: ")
        var changed = true
        while changed {
            changed = false
            for word in TargetWords.leadIns where name.hasPrefix(word) && name.count > word.count {
                // 新增 and 完成 stay in a name (新增硅巷面积) unless more lead-ins follow them.
                if word == "新增" || word == "完成" || word == "累计" { continue }
                name = String(name.dropFirst(word.count))
                changed = true
            }
            if name.hasPrefix("为"), name.count > 2 { name = String(name.dropFirst()); changed = true }
            // 6月底前完成…: the deadline is not part of the name.
            let characters = Array(name)
            var index = 0
            while index < characters.count, DocumentText.isASCIIDigit(characters[index]) || ChineseNumeral.isNumeral(characters[index]) { index += 1 }
            if index > 0, index < characters.count, characters[index] == "月" {
                let rest = String(characters[(index + 1)...])
                if let word = ["底前", "末前", "份前", "以前", "之前", "前", "底", "末"].first(where: { rest.hasPrefix($0) }), rest.count > word.count {
                    name = String(rest.dropFirst(word.count))
                    changed = true
                }
            }
        }
        return name.trimmingCharacters(of: "、，,：: ")
    }

    /// A deadline written in the clause: `6月底前`, `9月前`, `上半年`, `一季度`, `前三季度`.
    func deadline(in range: Range<Int>) -> Period? {
        let clause = text.unquotedText(range)
        let characters = Array(clause)
        for (index, character) in characters.enumerated() where character == "月" && index > 0 {
            var start = index
            while start > 0, DocumentText.isASCIIDigit(characters[start - 1]) || ChineseNumeral.isNumeral(characters[start - 1]) { start -= 1 }
            guard start < index else { continue }
            var rest = String(characters[(index + 1)...])
            // 6月30日前: a day before the word (a date without 前 is no deadline: 1月8日在…会议上).
            if let day = rest.firstIndex(of: "日"), rest.startIndex < day, rest[..<day].allSatisfy({ DocumentText.isASCIIDigit($0) || ChineseNumeral.isNumeral($0) }),
               ["前", "以前", "之前"].contains(where: { rest[rest.index(after: day)...].hasPrefix($0) }) {
                rest = String(rest[rest.index(after: day)...])
            }
            guard ["底前", "末前", "前", "底", "末", "份前", "以前", "之前"].contains(where: { rest.hasPrefix($0) }) else { continue }
            let digits = String(characters[start..<index])
            let month = Int(digits) ?? ChineseNumeral.parse(Array(digits), from: 0, limit: digits.count).map(\.value)
            if let month, (1...12).contains(month) { return Period(year: year, month: month) }
        }
        if clause.contains("上半年") { return Period(year: year, month: 6) }
        if clause.contains("前三季度") { return Period(year: year, month: 9) }
        for (word, month) in [("一季度", 3), ("二季度", 6), ("三季度", 9)] where clause.contains(word) { return Period(year: year, month: month) }
        return nil
    }

    func format(_ value: Double) -> String { TargetsFileWriter.number(value) }
}

extension String {
    func trimmingCharacters(of set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
