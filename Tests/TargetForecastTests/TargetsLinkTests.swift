import Foundation
import Testing
import TargetForecast
import TestSupport

/// `forecast targets link` in the library: names matched, links proposed and checked against the
/// data, and written into a targets file without disturbing the rest of it.
@Suite("Linking a targets file to its readings")
struct TargetsLinkTests {
    static func catalogue(_ metrics: [(id: String, reading: ReadingKind)], targets: [(metric: String, kind: TargetKind, value: Double)] = []) -> Catalogue {
        let measured = targets.isEmpty ? metrics.map { ($0.id, TargetKind.growth, 5.0) } : targets.map { ($0.metric, $0.kind, $0.value) }
        return Catalogue(year: 2021, metrics: metrics.map { Metric(id: $0.id, unit: "个", reading: $0.reading) },
                         targets: measured.enumerated().map { index, target in
                             Target(id: "t\(index)", title: target.0, metric: target.0, kind: target.1, direction: .atLeast, value: target.2, unit: "个")
                         })
    }

    /// Two years of monthly readings of each name: a year-to-date total climbing by `step` a month.
    static func readings(_ names: [String], step: Double = 10, falling: Bool = false) -> Readings {
        Readings(names.flatMap { name in
            [2020, 2021].flatMap { year in
                (1...12).compactMap { month in
                    Period(year: year, month: month).map {
                        Reading(metric: name, period: $0, value: falling ? Double(100 + (month % 2) * 50) : step * Double(month))
                    }
                }
            }
        })
    }

    @Test func similarityIsOneForTheSameNameAndCountsCharactersInOrder() {
        #expect(NameSimilarity.score("社会消费品零售总额", "社会消费品零售总额 ") == 1)
        #expect(NameSimilarity.score("retail-sales", "Retail_Sales") == 1)
        // ℓ = 2 of 高企 in 高新技术企业数: ½·2/2 + 2·2/(2+7)·½ = 0.5 + 0.2222.
        #expect(abs(NameSimilarity.score("高企", "高新技术企业数") - (0.5 + 2.0 / 9)) < 1e-12)
        #expect(NameSimilarity.score("高企", "金融业收入") == 0)
        // ℓ = 4 (BCBA): ½·4/6 + 4/13.
        #expect(abs(NameSimilarity.score("ABCBDAB", "BDCABA") - (2.0 / 6 + 4.0 / 13)) < 1e-12)
    }

    @Test func rivalsCloserToAnotherMetricDoNotBlockALink() {
        let catalogue = Self.catalogue([("续建项目尽快竣工", .ytd), ("新建项目加快开工", .ytd)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["续建项目竣工数", "新建项目开工数"]))
        #expect(proposal.unlinked.isEmpty)
        #expect(Set(proposal.newLinks.map { "\($0.metric)=\($0.readings)" }) == ["续建项目尽快竣工=续建项目竣工数", "新建项目加快开工=新建项目开工数"])
    }

    @Test func twoReadingsThatMatchAboutAsWellAreLeftToTheUser() throws {
        let catalogue = Self.catalogue([("项目数", .ytd)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["甲项目数", "乙项目数"]))
        #expect(proposal.newLinks.isEmpty)
        let unlinked = try #require(proposal.unlinked.first)
        #expect(unlinked.metric == "项目数" && unlinked.candidates.count == 2 && unlinked.reason.contains("match about as well"))
        #expect(proposal.unusedReadings == ["乙项目数", "甲项目数"])
    }

    @Test func aChosenLinkIsTakenFirst() {
        let catalogue = Self.catalogue([("项目数", .ytd)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["甲项目数", "乙项目数"]), chosen: ["项目数": "乙项目数"])
        #expect(proposal.newLinks.map(\.readings) == ["乙项目数"] && proposal.unlinked.isEmpty)
    }

    @Test func namesFromAReferenceCatalogueMatchReadingsUnderOtherIDs() {
        let catalogue = Self.catalogue([("新增城镇就业", .ytd)])
        let readings = Self.readings(["new-urban-jobs", "gdp"])
        #expect(catalogue.proposeLinks(for: readings).newLinks.isEmpty)
        let proposal = catalogue.proposeLinks(for: readings, readingsNames: ["new-urban-jobs": ["新增城镇就业人数"]])
        #expect(proposal.newLinks.first?.readings == "new-urban-jobs")
        #expect(proposal.newLinks.first?.readingsName == "新增城镇就业人数")
    }

    @Test func readingsAHundredfoldOffTheThresholdAreNotLinkedByNameAlone() throws {
        let catalogue = Self.catalogue([("新增城镇就业", .ytd)], targets: [("新增城镇就业", .total, 28_000)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["新增城镇就业人数"], step: 1e7))
        #expect(proposal.newLinks.isEmpty)
        let off = try #require(proposal.unlinked.first)
        #expect(off.reason.contains("matches by name, but target t0's threshold 28000 is under a hundredth of the readings' 120000000 in 2021"))
        let fine = try #require(catalogue.proposeLinks(for: Self.readings(["新增城镇就业人数"], step: 2_500)).newLinks.first)
        #expect(fine.scaleWarning == nil)
    }

    @Test func aYearToDateMetricWhoseReadingsFallIsProposedAsAFlow() throws {
        let catalogue = Self.catalogue([("新增参保续保", .ytd)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["新增参保续保人数"], falling: true))
        let change = try #require(proposal.kindChanges.first)
        #expect(change.metric == "新增参保续保" && change.from == .ytd && change.to == .flow)
        #expect(change.evidence.message.contains("falls from 150 (2020-01) to 100 (2020-02) within 2020"))
    }

    @Test func aWeakMatchDoesNotTakeWhatACloserUndecidedMetricWants() throws {
        let catalogue = Self.catalogue([("tax revenue", .ytd), ("local levy", .ytd)])
        let proposal = catalogue.proposeLinks(for: Self.readings(["tax revenue local", "tax revenue central"]))
        #expect(proposal.newLinks.isEmpty)
        #expect(proposal.unlinked.map(\.metric) == ["tax revenue", "local levy"])
    }

    @Test func aRateIsNotLinkedToAnAmountByNameAlone() throws {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "规上工业增加值", unit: "亿元", reading: .ytd)],
                                  targets: [Target(id: "t1", title: "增长7%", metric: "规上工业增加值", kind: .growth, value: 7, unit: "%")])
        let proposal = catalogue.proposeLinks(for: Self.readings(["规上工业增加值增速"], step: 0.7))
        #expect(proposal.newLinks.isEmpty)
        #expect(proposal.unlinked.first?.reason.contains("look like a rate") == true)
        let chosen = catalogue.proposeLinks(for: Self.readings(["规上工业增加值增速"], step: 0.7), chosen: ["规上工业增加值": "规上工业增加值增速"])
        #expect(chosen.newLinks.first?.scaleWarning?.contains("look like a rate") == true)
    }

    @Test func aFlowWithACombinedJanuaryFebruaryReportIsNotMadeYearToDate() throws {
        let catalogue = Self.catalogue([("工业产值", .flow)])
        var readings = Readings()
        for year in 2019...2021 {
            if let february = Period(year: year, month: 2) {
                readings.record(Reading(metric: "工业产值", period: february, value: 200, firstMonth: Period(year: year, month: 1)))
            }
            for month in 3...12 { if let period = Period(year: year, month: month) { readings.record(Reading(metric: "工业产值", period: period, value: 100 + Double(month))) } }
        }
        let proposal = catalogue.proposeLinks(for: readings)
        #expect(proposal.kindChanges.isEmpty)
        #expect(proposal.kindWarnings.count == 1)
    }

    // MARK: Editing the targets file

    @Test func repeatedChangesAreMadeOnceAndNullAliasesAndControlCharactersAreHandled() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "    aliases: 床位\n", with: "    aliases: ~ # none yet\n")
        let edited = String(decoding: try TargetsFileEdit.apply([
            .setReading(metric: "beds", kind: .flow), .setReading(metric: "beds", kind: .flow),
            .addAlias(metric: "beds", alias: "床\u{7F}位"), .addAlias(metric: "beds", alias: "床\u{7F}位"),
        ], to: Array(yaml.utf8), file: "t.yaml"), as: UTF8.self)
        #expect(edited.contains("  - id: beds\n    aliases: [\"床\\u007F位\"] # none yet\n    unit: 张\n    reading: flow\n"), "\(edited)")
        // An explicit key whose value is on the next line cannot be edited in place: refused, not a crash.
        let explicit = Self.yaml.replacingOccurrences(of: "    aliases: 床位\n", with: "    ? aliases\n    :\n")
        #expect(throws: InputError.self) { try TargetsFileEdit.apply([.addAlias(metric: "beds", alias: "x")], to: Array(explicit.utf8), file: "t.yaml") }
        let lone = Self.yaml.replacingOccurrences(of: "name: 新增城镇就业", with: "name: 新增城镇就业\r    # a lone CR before this comment")
        #expect(throws: InputError.self) { try TargetsFileEdit.apply([.addAlias(metric: "jobs", alias: "x")], to: Array(lone.utf8), file: "t.yaml") }
    }

    static let yaml = """
        # the catalogue
        year: 2021
        metrics:
          - id: jobs   # new urban jobs
            name: 新增城镇就业
            unit: 人
            reading: ytd
          - id: "retail"
            aliases: [社零]
            unit: 元
            reading: "ytd"
          - id: patents
            aliases:
              - 专利
            unit: 件
            reading: level
          - id: beds
            aliases: 床位
            unit: 张
            reading: ytd
        targets:
          - {id: t1, title: 就业, metric: jobs, kind: total, direction: at-least, value: 28000, unit: 人}
          - {id: t2, title: 零售, metric: retail, kind: growth, direction: at-least, value: 5, unit: "%"}
          - {id: t3, title: 专利, metric: patents, kind: level, direction: at-least, value: 9600, unit: 件}
          - {id: t4, title: 床位, metric: beds, kind: total, direction: at-least, value: 200, unit: 张}

        """

    @Test func aliasesAndKindsAreWrittenInPlaceKeepingCommentsAndLayout() throws {
        let changes: [TargetsFileEdit.Change] = [
            .addAlias(metric: "jobs", alias: "新增城镇就业人数"), .setReading(metric: "jobs", kind: .flow),
            .addAlias(metric: "retail", alias: "社会消费品零售总额"), .setReading(metric: "retail", kind: .flow),
            .addAlias(metric: "patents", alias: "有效发明专利"), .addAlias(metric: "beds", alias: "养老床位 \"新增\""),
        ]
        let edited = String(decoding: try TargetsFileEdit.apply(changes, to: Array(Self.yaml.utf8), file: "t.yaml"), as: UTF8.self)
        #expect(edited == """
            # the catalogue
            year: 2021
            metrics:
              - id: jobs   # new urban jobs
                aliases: ["新增城镇就业人数"]
                name: 新增城镇就业
                unit: 人
                reading: flow
              - id: "retail"
                aliases: [社零, "社会消费品零售总额"]
                unit: 元
                reading: "flow"
              - id: patents
                aliases:
                  - 专利
                  - "有效发明专利"
                unit: 件
                reading: level
              - id: beds
                aliases: ["床位", "养老床位 \\"新增\\""]
                unit: 张
                reading: ytd
            targets:
              - {id: t1, title: 就业, metric: jobs, kind: total, direction: at-least, value: 28000, unit: 人}
              - {id: t2, title: 零售, metric: retail, kind: growth, direction: at-least, value: 5, unit: "%"}
              - {id: t3, title: 专利, metric: patents, kind: level, direction: at-least, value: 9600, unit: 件}
              - {id: t4, title: 床位, metric: beds, kind: total, direction: at-least, value: 200, unit: 张}

            """)
    }

    @Test func aJSONFileWithCRLFAndAByteOrderMarkKeepsThem() throws {
        let json = "\u{FEFF}{\"year\": 2021,\r\n \"metrics\": [{\"id\": \"jobs\", \"unit\": \"人\", \"reading\": \"ytd\"}],\r\n"
            + " \"targets\": [{\"id\": \"t1\", \"title\": \"x\", \"metric\": \"jobs\", \"kind\": \"total\", \"direction\": \"at-least\", \"value\": 1, \"unit\": \"人\"}]}\r\n"
        let edited = try TargetsFileEdit.apply([.addAlias(metric: "jobs", alias: "新增城镇就业"), .setReading(metric: "jobs", kind: .flow)],
                                               to: Array(json.utf8), file: "t.json")
        #expect(String(decoding: edited, as: UTF8.self) == json
            .replacingOccurrences(of: "\"id\": \"jobs\",", with: "\"id\": \"jobs\", \"aliases\": [\"新增城镇就业\"],")
            .replacingOccurrences(of: "\"reading\": \"ytd\"", with: "\"reading\": \"flow\""))
        #expect(edited.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(try TargetsFile.parse(edited, file: "t.json").catalogue.metrics.first?.aliases == ["新增城镇就业"])
    }

    @Test func anUnknownMetricOrAnEntryThatCannotBeEditedSafelyIsAnError() throws {
        #expect(throws: InputError.self) { try TargetsFileEdit.apply([.addAlias(metric: "nope", alias: "x")], to: Array(Self.yaml.utf8), file: "t.yaml") }
        let multiline = Self.yaml.replacingOccurrences(of: "  - id: jobs   # new urban jobs\n", with: "  - id: \"jobs\n      \"\n")
        #expect(throws: InputError.self) { try TargetsFileEdit.apply([.addAlias(metric: "jobs", alias: "x")], to: Array(multiline.utf8), file: "t.yaml") }
    }

    // MARK: The chain

    /// The "done when": the fixture document extracted, linked to the statistics bureau's
    /// export (metric names, not ids) without any hand edit, gives the hand catalogue's statuses.
    @Test func extractThenLinkThenRunGivesTheHandCataloguesStatuses() throws {
        let folder = try ScratchFolder.make("link-chain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let extraction = try TargetExtractor.extract(path: FixturePath.url("gulou-2021/document.txt").path)
        let extracted = folder.appendingPathComponent("extracted.yaml").path
        try TargetsFileWriter.yaml(extraction.catalogue, notes: extraction.notes).write(toFile: extracted, atomically: true, encoding: .utf8)
        let byName = FixturePath.url("gulou-2021/readings-by-name.csv").path
        let link = try TargetsLink(targetsFile: extracted, readingsFiles: [byName])
        #expect(link.proposal.unlinked.map(\.metric) == ["节能减排、大气和水环境质量等约束性指标"])
        #expect(Set(link.proposal.kindChanges.map(\.metric)) == ["新增参保续保", "组织各类文化体育活动", "鼓楼文化云平台服务群众", "安装老旧小区视频监控"])
        let linked = folder.appendingPathComponent("linked.yaml").path
        #expect(try link.write(to: linked) == nil)

        var fromDocument = try AssessmentRun(targetsFile: linked, readingsFiles: [byName])
        var byHand = try AssessmentRun(targetsFile: FixturePath.url("gulou-2021/targets.yaml").path,
                                       readingsFiles: [FixturePath.url("gulou-2021/readings.csv").path])
        fromDocument.intervals = .ols
        byHand.intervals = .ols
        let hand = Dictionary(byHand.assess().assessments.map { ($0.target.title, $0.status) }, uniquingKeysWith: { first, _ in first })
        let quantitative = fromDocument.assess().assessments.filter { $0.target.kind != .qualitative }
        #expect(quantitative.count == 65)
        for assessment in quantitative {
            #expect(hand[assessment.target.title] == assessment.status, "\(assessment.target.title)")
        }
    }

    @Test func writingOverTheTargetsFileKeepsThePreviousVersion() throws {
        let folder = try ScratchFolder.make("link-in-place")
        defer { try? FileManager.default.removeItem(at: folder) }
        let targets = folder.appendingPathComponent("targets.yaml").path
        try Self.yaml.write(toFile: targets, atomically: true, encoding: .utf8)
        let readings = folder.appendingPathComponent("readings.csv").path
        try "指标名称,时间,数值\n新增城镇就业人数,2021年1月,2000\n新增城镇就业人数,2021年2月,4100\n".write(toFile: readings, atomically: true, encoding: .utf8)
        let link = try TargetsLink(targetsFile: targets, readingsFiles: [readings])
        #expect(link.changes == [.addAlias(metric: "jobs", alias: "新增城镇就业人数")])
        let backup = try #require(try link.write(to: targets))
        #expect(backup == targets + ".before-link")
        #expect(try String(contentsOfFile: backup, encoding: .utf8) == Self.yaml)
        #expect(try TargetsFile.read(targets).catalogue.metrics.first?.aliases == ["新增城镇就业人数"])
        #expect(TargetsLink.backupPath(for: targets) == targets + ".before-link-2")
    }
}
