import Foundation
import Testing
@testable import TargetForecast
@testable import DocumentExtraction
import TestSupport

/// `forecast targets extract`: reading targets out of Chinese policy documents.
@Suite("Target extraction")
struct TargetExtractionTests {
    /// (item, value, kind) of a target: the key precision and recall are counted on.
    struct Key: Hashable, CustomStringConvertible {
        var item: Int?
        var value: Double?
        var kind: TargetKind
        var description: String { "item \(item.map(String.init) ?? "-") \(kind.rawValue) \(value.map { TargetsFileWriter.number($0) } ?? "null")" }
    }

    /// Precision and recall of `found` against `expected`, counting repeated keys (multisets).
    static func score<K: Hashable>(found: [K], expected: [K]) -> (precision: Double, recall: Double, missed: [K], extra: [K]) {
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        var matched = 0
        var extra: [K] = []
        for key in found {
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
                matched += 1
            } else {
                extra.append(key)
            }
        }
        let missed = remaining.flatMap { key, count in Array(repeating: key, count: count) }
        return (Double(matched) / Double(max(found.count, 1)), Double(matched) / Double(max(expected.count, 1)), missed, extra)
    }

    @Test func gulouDocumentMatchesTheHandMadeCatalogue() throws {
        let extraction = try TargetExtractor.extract(path: FixturePath.url("gulou-2021/document.txt").path)
        let expected = try TargetsFile.read(FixturePath.url("gulou-2021/targets.yaml").path).catalogue
        let found = extraction.catalogue.targets.filter { $0.kind != .qualitative }
        #expect(extraction.catalogue.year == 2021)
        #expect(extraction.itemCount == 72)

        let targets = Self.score(found: found.map { Key(item: $0.item, value: $0.value, kind: $0.kind) },
                                 expected: expected.targets.map { Key(item: $0.item, value: $0.value, kind: $0.kind) })
        print("gulou-2021 (item, value, kind): precision \(targets.precision), recall \(targets.recall); missed \(targets.missed); extra \(targets.extra)")
        #expect(targets.precision >= 0.95 && targets.recall >= 0.95)
        #expect(targets.extra.isEmpty, "no trap may be taken as a target")
        // The only misses: item 30 names three families of binding indicators in one clause; the
        // hand catalogue splits it into three placeholder ceilings, the extractor gives one.
        #expect(targets.missed.allSatisfy { $0.item == 30 })

        struct Lead: Hashable { var item: Int?; var lead: [String] }
        let leads = Self.score(found: found.map { Lead(item: $0.item, lead: $0.lead) },
                               expected: expected.targets.map { Lead(item: $0.item, lead: $0.lead) })
        print("gulou-2021 lead units: precision \(leads.precision), recall \(leads.recall)")
        #expect(leads.precision >= 0.95 && leads.recall >= 0.95)

        // Every item is listed: items without a target as qualitative entries.
        #expect(Set(extraction.catalogue.targets.compactMap(\.item)) == Set(1...72))
        // Titles are exact spans of the document.
        let document = try FixturePath.text("gulou-2021/document.txt")
        for target in extraction.catalogue.targets { #expect(document.contains(target.title), "\(target.id)") }
    }

    @Test func gulouFirmnessDirectionsAndSupportUnits() throws {
        let catalogue = try TargetExtractor.extract(path: FixturePath.url("gulou-2021/document.txt").path).catalogue
        func target(_ item: Int, _ value: Double?) throws -> Target {
            try #require(catalogue.targets.first { $0.item == item && $0.value == value && $0.kind != .qualitative })
        }
        let (listed, highTech, services) = (try target(3, 3), try target(4, 600), try target(4, 10))
        // 确保新增…2家、…3家: one 确保 governs the list.
        #expect(listed.firmness == .ensure && listed.title == "众创空间和科技企业孵化器3家")
        // 力争高企突破600家，科技服务业收入增长10%以上
        #expect(highTech.kind == .level && highTech.firmness == .strive)
        #expect(services.kind == .growth && services.firmness == .strive)
        // 确保新增城镇就业2.8万人，援助困难人员就业1900人；…实现大学生就业5.6万人、创业1000人
        let (jobs, aid, graduates) = (try target(45, 28_000), try target(45, 1_900), try target(45, 56_000))
        #expect(jobs.firmness == .ensure && aid.firmness == .ensure && graduates.firmness == Firmness.none)
        #expect(try target(22, 300_000_000).unit == "美元")
        #expect(try target(2, 100_000).support == ["区相关部门", "街道", "板块"])
        let unemployment = try target(44, nil)
        #expect(unemployment.kind == .ceiling && unemployment.direction == .atMost)
        #expect(try target(72, 10).kind == .reduction)
        let (relative, gdp) = (try target(43, 0), try target(11, 7))
        #expect(relative.kind == .relative && relative.versus == gdp.metric)
        #expect(try target(48, 100).kind == .ratio)
    }

    /// What one document should give: (item, kind, value, unit, direction, firmness).
    struct Expected: Hashable, CustomStringConvertible {
        var item: Int
        var kind: TargetKind
        var value: Double?
        var unit: String?
        var direction: Direction = .atLeast
        var firmness: Firmness = .none
        var description: String { "\(item) \(kind.rawValue) \(value.map { TargetsFileWriter.number($0) } ?? "null") \(unit ?? "-") \(direction.rawValue) \(firmness.rawValue)" }

        init(_ item: Int, _ kind: TargetKind, _ value: Double?, _ unit: String?, _ direction: Direction = .atLeast, _ firmness: Firmness = .none) {
            (self.item, self.kind, self.value, self.unit, self.direction, self.firmness) = (item, kind, value, unit, direction, firmness)
        }

        init(_ target: Target) {
            self.init(target.item ?? 0, target.kind, target.value, target.unit, target.direction, target.firmness)
        }
    }

    static let bracketed: [Expected] = [
        Expected(1, .growth, 6.5, "%"),                      // 同比增长6.5%左右
        Expected(1, .growth, 5, "%"),                        // 增长不低于５％ (full-width)
        Expected(2, .growth, 8, "%"),                        // 增长8%—10%: the range's lower end
        Expected(2, .growth, 7.5, "%"),                      // 增速达到7.5%以上
        Expected(3, .total, 120_000_000, "美元", .atLeast, .strive),
        Expected(3, .total, 2_500_000_000, "元", .atLeast, .strive),  // 力争 governs the next clause
        Expected(5, .total, 12, "家"),                       // 十二家
        Expected(5, .level, 1_250, "件"),                    // 拥有量达到1,250件
        Expected(5, .ratio, nil, "%"),                       // 比重提高0.2个百分点: last year's rate + 0.2
        Expected(6, .total, 2, "个", .atLeast, .strive),     // 争创4A级旅游景区2个 (4A is a grade)
        Expected(7, .total, 4_200, "人", .atLeast, .ensure),
        Expected(7, .ceiling, 3.5, "%", .atMost, .ensure),   // 控制在3.5%以内
        Expected(7, .total, 12_000, "人", .atLeast, .ensure), // 不少于一万二千人
        Expected(8, .total, 3, "所"),                        // 三所
        Expected(8, .total, 120, "个"),                      // 一百二十个
        Expected(8, .total, 2, "条"),                        // 两条, with 6月底前 as the deadline
        Expected(9, .ceiling, 35, "微克/立方米", .atMost),    // 控制在35微克/立方米以下
        Expected(9, .reduction, 3, "%"),                     // 能耗下降3%
        Expected(10, .ratio, 98, "%"),                       // 办结率 (12345 is a hotline)
        Expected(10, .ratio, 90, "%"),                       // 满意度不低于90%
        Expected(11, .relative, 0, "%"),                     // 与经济增长同步
        Expected(11, .ratio, 100, "%"),                      // 全覆盖
        Expected(12, .milestone, 3, "条", .atLeast, .ensure), // 3条道路建成通车 (not 地铁5号线)
        Expected(12, .total, 3, "幢"),                       // 新增亿元楼宇3幢
    ]

    static let ordinal: [Expected] = [
        Expected(1, .growth, 5.5, "%"),
        Expected(1, .total, 95_000, "人"),
        Expected(1, .ceiling, 3, "%", .atMost),              // 涨幅控制在3%左右
        Expected(2, .total, 200_000_000_000, "元"),          // 突破2000亿元
        Expected(2, .ratio, 72, "%", .atLeast, .strive),
        Expected(3, .total, 5, "家", .atLeast, .strive),     // 世界500强 is a name
        Expected(3, .total, 150, "个", .atLeast, .strive),   // 亿元以上 is a category
        Expected(3, .level, 20_000, "个"),                   // 累计建成…超过2万个 (5G is a name)
        Expected(5, .total, 120, "公顷", .atLeast, .strive),
        Expected(5, .total, 50, "个", .atLeast, .strive),
        Expected(6, .ratio, 30, "%"),
    ]

    static let fullWidth: [Expected] = [
        Expected(1, .total, 15, "处"),
        Expected(1, .total, 12_000, "平方米"),               // 不少于１．２万平方米
        Expected(1, .total, 300, "张"),
        Expected(2, .total, 45, "个"),
        Expected(2, .total, 8_600, "户"),                    // ８，６００户
        Expected(3, .total, 1_000, "人次"),                  // “十百千”工程 is a name
        Expected(4, .ratio, 90, "%"),
        Expected(4, .total, 1, "家"),
        Expected(5, .ratio, 100, "%", .atLeast, .ensure),
        Expected(5, .total, 2_800, "个", .atLeast, .ensure),
        Expected(5, .total, 2, "所", .atLeast, .strive),
        Expected(5, .total, 3, "所", .atLeast, .strive),
    ]

    static let workReport: [Expected] = [
        Expected(0, .growth, 5.5, "%"),
        Expected(0, .growth, 4, "%"),
        Expected(0, .total, 120_000, "人"),
        Expected(0, .ceiling, 5.5, "%", .atMost),
        Expected(0, .relative, 0, "%"),                      // 与经济增长基本同步
        Expected(0, .ceiling, nil, nil, .atMost),            // 能耗完成省下达的目标任务
        Expected(0, .total, 30, "公里"),
        Expected(0, .total, 15_000, "个"),                   // not 地铁3号线二期
    ]

    static let tableRows: [Expected] = [
        Expected(1, .growth, 7, "%"),
        Expected(2, .total, 20_000, "户"),
        Expected(4, .total, 150_000_000_000, "元", .atLeast, .strive),
    ]

    static let inlineResponsibility: [Expected] = [
        Expected(1, .total, 35_000, "人"),
        Expected(1, .total, 4_000, "人"),
        Expected(2, .ratio, 95, "%"),
        Expected(3, .growth, 7, "%"),
        Expected(3, .relative, 0, "%"),                      // …增长7%，与经济增长同步: the subject is the previous clause's
        Expected(4, .growth, 10, "%"),
        Expected(4, .total, 3, "个"),
        Expected(4, .total, 30_000, "人"),                   // 3-5万人: the range's lower end, scaled like its upper end
    ]

    @Test(arguments: [("extraction/bracketed-items-2022.txt", 2022, bracketed), ("extraction/ordinal-items-2023.txt", 2023, ordinal),
                      ("extraction/inline-responsibility-2023.txt", 2023, inlineResponsibility),
                      ("extraction/work-report-paragraph-2024.txt", 2024, workReport), ("extraction/table-rows-2023.txt", 2023, tableRows),
                      ("extraction/dotted-items-full-width.txt", 2024, fullWidth),
                      ("extraction/bracketed-items-2022.gb18030.txt", 2022, bracketed)])
    func documentGivesExactlyItsTargets(file: String, year: Int, expected: [Expected]) throws {
        let extraction = try TargetExtractor.extract(path: FixturePath.url(file).path)
        #expect(extraction.catalogue.year == year)
        let found = extraction.catalogue.targets.filter { $0.kind != .qualitative }.map(Expected.init)
        let score = Self.score(found: found, expected: expected)
        #expect(score.missed.isEmpty, "missed: \(score.missed)")
        #expect(score.extra.isEmpty, "extra: \(score.extra)")
    }

    @Test func responsibilityInEveryForm() throws {
        let bracketed = try TargetExtractor.extract(path: FixturePath.url("extraction/bracketed-items-2022.txt").path).catalogue
        // （牵头单位：县发改局；配合单位：县统计局、县财政局）
        #expect(bracketed.targets.first { $0.item == 1 }?.lead == ["县发改局"])
        #expect(bracketed.targets.first { $0.item == 1 }?.support == ["县统计局", "县财政局"])
        // （县工信局、县发改局牵头，各乡镇配合）
        #expect(bracketed.targets.first { $0.item == 2 }?.lead == ["县工信局", "县发改局"])
        #expect(bracketed.targets.first { $0.item == 2 }?.support == ["各乡镇"])
        // （县商务局负责）
        #expect(bracketed.targets.first { $0.item == 3 }?.lead == ["县商务局"])
        // A line of its own: 牵头单位：市商务局；配合单位：市公安局、各区人民政府
        let ordinal = try TargetExtractor.extract(path: FixturePath.url("extraction/ordinal-items-2023.txt").path).catalogue
        #expect(ordinal.targets.first { $0.item == 2 }?.lead == ["市商务局"])
        #expect(ordinal.targets.first { $0.item == 2 }?.support == ["市公安局", "各区人民政府"])
        #expect(ordinal.targets.first { $0.item == 1 }?.lead == ["市发展改革委", "市统计局"])
    }

    @Test func responsibilityLabelsOnTheItemsOwnLine() throws {
        let catalogue = try TargetExtractor.extract(path: FixturePath.url("extraction/inline-responsibility-2023.txt").path).catalogue
        // 1、…4000人。责任单位：市人社局
        #expect(catalogue.targets.filter { $0.item == 1 }.allSatisfy { $0.lead == ["市人社局"] })
        // 2、…95%以上。牵头单位：市医保局；配合单位：市卫健委、市税务局
        let insured = try #require(catalogue.targets.first { $0.item == 2 })
        #expect(insured.lead == ["市医保局"] && insured.support == ["市卫健委", "市税务局"])
        #expect(insured.title == "居民医保参保率稳定在95%以上")
        // 与经济增长同步 without a GDP target: the versus metric is added as GDP.
        let relative = try #require(catalogue.targets.first { $0.kind == .relative })
        #expect(catalogue.metric(id: relative.versus ?? "")?.name == "地区生产总值")
        // 其中 and 上半年 are not part of metric names; 上半年 is the deadline.
        #expect(catalogue.metrics.allSatisfy { !$0.name.hasPrefix("其中") && !$0.name.hasPrefix("上半年") })
        #expect(catalogue.targets.first { $0.value == 3 }?.deadline == Period(year: 2023, month: 6))
    }

    @Test func workReportRelativeTargetFollowsTheGDPMetric() throws {
        let catalogue = try TargetExtractor.extract(path: FixturePath.url("extraction/work-report-paragraph-2024.txt").path).catalogue
        let relative = try #require(catalogue.targets.first { $0.kind == .relative })
        let gdp = try #require(catalogue.targets.first { $0.kind == .growth && $0.value == 5.5 })
        #expect(relative.versus == gdp.metric)   // 与经济增长基本同步
    }

    @Test func unmatchedQuoteDoesNotSilenceTheRestOfTheDocument() throws {
        let text = "2022年目标\n1.打造“智慧城市，新增企业5家。（区发改委主办）\n2.新增就业2000人。（区人社局主办）\n"
        let catalogue = try TargetExtractor.extract(text: text, file: "q.txt").catalogue
        #expect(catalogue.targets.contains { $0.item == 2 && $0.value == 2000 })
    }

    @Test func longClausesAndHugeListsStayFast() throws {
        // A clause of 200,000 list elements is not prose: it is skipped, in linear time.
        let list = String(repeating: "A1家、", count: 200_000)
        let text = "2022年目标\n1.新增" + list + "。（区发改委主办）\n2.新增就业2000人。（区人社局主办）\n"
        let catalogue = try TargetExtractor.extract(text: text, file: "long.txt").catalogue
        #expect(catalogue.targets.contains { $0.item == 2 && $0.value == 2000 })
        #expect(catalogue.targets.first { $0.item == 1 }?.kind == .qualitative)
    }

    @Test func yearComesFromTheTitleNotFromAnItem() throws {
        let text = "重点工作目标\n1.地区生产总值较2020年增长7%。（区发改委主办）\n"
        #expect {
            try TargetExtractor.extract(text: text, file: "y.txt")
        } throws: { error in
            "\(error)".contains("names no year")
        } 
    }

    @Test func deadlinesAndNotes() throws {
        let extraction = try TargetExtractor.extract(path: FixturePath.url("extraction/bracketed-items-2022.txt").path)
        let roads = try #require(extraction.catalogue.targets.first { $0.item == 8 && $0.value == 2 })
        #expect(roads.deadline == Period(year: 2022, month: 6))
        #expect(roads.title == "6月底前完成两条农村公路改造提升")
        let about = try #require(extraction.catalogue.targets.first { $0.item == 1 && $0.value == 6.5 })
        #expect(extraction.notes[about.id]?.contains { $0.contains("左右") } == true)
        let range = try #require(extraction.catalogue.targets.first { $0.item == 2 && $0.value == 8 })
        #expect(extraction.notes[range.id]?.contains { $0.contains("8–10") } == true)
    }

    @Test func itemsWithoutTargetsAreQualitative() throws {
        let catalogue = try TargetExtractor.extract(path: FixturePath.url("extraction/bracketed-items-2022.txt").path).catalogue
        // 全面打好三大攻坚战，紧扣“…”三个关键环节: Chinese numerals without a target verb.
        let item4 = catalogue.targets.filter { $0.item == 4 }
        #expect(item4.count == 1 && item4.first?.kind == .qualitative && item4.first?.metric == nil)
    }

    @Test func writtenFileReadsBackToTheSameCatalogue() throws {
        // fuzz-tab-in-name: found by FuzzTargetsExtract (a tab before 达到 ended up in a metric
        // name, which the reader trims: the file written did not read back the same).
        for file in ["gulou-2021/document.txt", "extraction/bracketed-items-2022.txt", "extraction/ordinal-items-2023.txt",
                     "extraction/fuzz-tab-in-name.gb18030.txt", "extraction/fuzz-tab-in-title.gb18030.txt",
                     "extraction/fuzz-blank-item.gb18030.txt"] {
            let extraction = try TargetExtractor.extract(path: FixturePath.url(file).path, year: 2021)
            let yaml = TargetsFileWriter.yaml(extraction.catalogue, header: ["a header"], notes: extraction.notes)
            let document = String(decoding: try TextDecoding.utf8Bytes(of: Array(try Data(contentsOf: FixturePath.url(file))), file: file).bytes, as: UTF8.self)
            for target in extraction.catalogue.targets { #expect(document.contains(target.title), "\(file): \(target.id)") }
            let fromYAML = try TargetsFile.parse(Array(yaml.utf8), file: "extracted.yaml")
            #expect(fromYAML.catalogue == extraction.catalogue)
            #expect(fromYAML.diagnostics.allSatisfy { $0.severity != .error })
            let json = TargetsFileWriter.json(extraction.catalogue)
            #expect(try TargetsFile.parse(Array(json.utf8), file: "extracted.json").catalogue == extraction.catalogue)
        }
    }

    @Test func quotingSurvivesAwkwardText() throws {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "a\"b\\c: #d", name: "- [x]\n&y\u{FFFE}\u{85}\u{1F}", unit: "%", reading: .level)],
                                  targets: [Target(id: "t1", item: 1, title: "*alias 'q' \"dq\" \t tab", metric: "a\"b\\c: #d",
                                                   kind: .ratio, value: 2.5, unit: "%", lead: ["x, y"], support: [])])
        let yaml = TargetsFileWriter.yaml(catalogue)
        #expect(try TargetsFile.parse(Array(yaml.utf8), file: "q.yaml").catalogue == catalogue)
        #expect(try TargetsFile.parse(Array(TargetsFileWriter.json(catalogue).utf8), file: "q.json").catalogue == catalogue)
    }

    @Test func fileThatIsNoDocumentIsRefusedWithWhatWasExpected() {
        #expect {
            try TargetExtractor.extract(path: FixturePath.url("extraction/not-a-document.txt").path)
        } throws: { error in
            "\(error)".contains("not-a-document.txt:1:1: error: found no targets")
        }
    }

    @Test func paragraphsOfADocumentWithoutNumberedItemsAreItems() throws {
        let extraction = try TargetExtractor.extract(path: FixturePath.url("extraction/work-report-paragraph-2024.txt").path)
        let targets = extraction.catalogue.targets
        #expect(targets.allSatisfy { $0.item == nil })
        #expect(targets.first?.id == "p1-1" && targets.first?.title == "地区生产总值增长5.5%左右")
        #expect(targets.contains { $0.id == "p2-1" && $0.kind == .qualitative })
    }

    @Test func tableRowsTakeTheirUnitColumns() throws {
        let catalogue = try TargetExtractor.extract(path: FixturePath.url("extraction/table-rows-2023.txt").path).catalogue
        let industry = try #require(catalogue.targets.first { $0.item == 1 })
        #expect(industry.lead == ["市工信局"] && industry.support == ["市统计局", "各区政府"])
        let reform = try #require(catalogue.targets.first { $0.item == 3 })
        #expect(reform.kind == .qualitative && reform.title == "推进营商环境改革，优化政务服务" && reform.lead == ["市政务办"])
    }

    @Test func documentWithoutYearNeedsTheYearOption() throws {
        #expect {
            try TargetExtractor.extract(path: FixturePath.url("extraction/no-year.txt").path)
        } throws: { error in
            "\(error)".contains("names no year") && "\(error)".contains("--year")
        }
        let extraction = try TargetExtractor.extract(path: FixturePath.url("extraction/no-year.txt").path, year: 2025)
        #expect(extraction.catalogue.targets.map(\.value) == [2000, 3])
    }

    @Test func binaryFileIsRefused() {
        #expect(throws: InputError.self) {
            try TargetExtractor.extract(bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0xFE, 0x00], file: "doc.docx")
        }
    }
}

@Suite("Numbers in documents")
struct DocumentNumberTests {
    @Test(arguments: [("三", 3), ("十二", 12), ("两", 2), ("二十九", 29), ("一百二十", 120), ("一千零五", 1005),
                      ("十", 10), ("叁佰", 300), ("二〇二一", 2021), ("一万二千", 12000), ("三亿五千万", 350_000_000)])
    func chineseNumerals(text: String, value: Int) {
        let characters = Array(text)
        let parsed = ChineseNumeral.parseWithSections(characters, from: 0, limit: characters.count)
        #expect(parsed?.value == value)
        #expect(parsed?.end == characters.count)
    }

    /// The amounts a phrase holds, as "value unit".
    static func amounts(_ phrase: String) -> [String] {
        let text = DocumentText(phrase)
        return QuantityScanner.quantities(in: text, range: 0..<text.count).map { "\(TargetsFileWriter.number($0.value)) \($0.unit)" }
    }

    @Test(arguments: [
        ("新增硅巷10万平方米以上", ["100000 平方米"]),
        ("实际利用外资突破3亿美元", ["300000000 美元"]),
        ("新增城镇就业2.8万人", ["28000 人"]),
        ("有效发明专利9,600件", ["9600 件"]),
        ("增长１５％", ["15 %"]),
        ("提高1.5个百分点", ["1.5 个百分点"]),
        ("服务群众100万人次以上", ["1000000 人次"]),
        ("打造12大应用场景", ["12 个"]),
        ("新建幼儿园三所", ["3 所"]),
        // 4.1 × 10⁸ in binary arithmetic is 409999999.99999994: scaled values come from the decimal text.
        ("一般公共预算收入4.1亿元", ["410000000 元"]),
        ("完成投资0.7万亿元", ["700000000000 元"]),
    ])
    func amountsAreReadInBaseUnits(phrase: String, expected: [String]) {
        #expect(Self.amounts(phrase) == expected)
    }

    @Test func aDeadlineOpeningASentenceGovernsItsClausesAndOneInsideItOnlyItsOwn() throws {
        let text = """
        某市2025年重点工作

        1. 2025年6月30日前完成平台建设，接入电梯1.5万台。
        2. 新增就业3万人，上半年完成老旧小区改造3个，新增绿地20公顷。
        """
        let targets = try TargetExtractor.extract(text: text, file: "deadlines.txt").catalogue.targets.filter { $0.kind != .qualitative }
        func deadline(_ value: Double) throws -> Period? { try #require(targets.first { $0.value == value }).deadline }
        #expect(try deadline(15000) == Period(year: 2025, month: 6))
        #expect(try deadline(3) == Period(year: 2025, month: 6))
        #expect(try deadline(30000) == nil)
        #expect(try deadline(20) == nil)
    }

    @Test func countsHeldAtZeroAreCeilingsOfZero() throws {
        let text = """
        某区2025年安全生产目标

        1. 药品安全事件零发生，零就业家庭动态清零。
        2. 完成6幅地块“清零”扫尾。
        """
        let targets = try TargetExtractor.extract(text: text, file: "zero.txt").catalogue.targets
        let zeros = targets.filter { $0.kind == .ceiling }
        #expect(zeros.map(\.value) == [0, 0], "\(targets.map(\.title))")
        #expect(zeros.map(\.unit) == ["起", "户"])
        #expect(zeros.allSatisfy { $0.direction == .atMost })
        // The quoted “清零” names a campaign: its target is the 6 plots.
        #expect(targets.filter { $0.item == 2 }.map(\.value) == [6])
    }

    @Test(arguments: [false, true])
    func lastYearsResultsUnderAReviewHeadAreNotTargets(numbered: Bool) throws {
        // A report reviews the past year in the words of targets before it sets this year's.
        let heads = numbered ? ["一、2024年工作回顾", "二、2025年主要目标"] : ["2024年工作回顾", "2025年主要目标"]
        let text = """
        关于某镇2024年工作总结和2025年工作安排的报告

        \(heads[0])

        2024年，全镇地区生产总值增长7.2%，新建农村公路18.6公里。

        \(heads[1])

        2025年全镇地区生产总值增长6.5%左右，新建农村公路20公里。
        """
        let targets = try TargetExtractor.extract(text: text, file: "review.txt").catalogue.targets.filter { $0.kind != .qualitative }
        #expect(targets.compactMap(\.value).sorted() == [6.5, 20], "\(targets.map(\.title))")
    }

    @Test(arguments: ["地铁5号线", "金茂广场二期", "推动5G发展", "4A级景区", "12345政务服务热线", "市级以上", "亿元楼宇",
                      "聚焦“从0到1”的原始创新", "2021年", "6月底前", "颐和路11、13片区", "PM2.5浓度", "第十二初中",
                      "《南京条约》史料", "“十连冠”", "博西家电", "一批省长质量奖", "七一运输", "五佰村"])
    func namesYearsAndSlogansAreNotAmounts(phrase: String) {
        #expect(Self.amounts(phrase).isEmpty, "\(Self.amounts(phrase))")
    }
}
