import Testing
import TargetForecast
import TestSupport

@Suite("Targets files")
struct TargetsFileTests {
    @Test func gulouCatalogueIsValidWithPlaceholderWarnings() throws {
        let file = try TargetsFile.read(FixturePath.url("gulou-2021/targets.yaml").path)
        let catalogue = file.catalogue
        #expect(catalogue.year == 2021)
        #expect(catalogue.targets.count >= 60)
        let jobs = try #require(catalogue.targets.first { $0.item == 45 && $0.metric == "new-urban-jobs" })
        #expect(jobs.kind == .total && jobs.value == 28_000 && jobs.firmness == .ensure && jobs.lead == ["区人社局"])
        let gdp = try #require(catalogue.targets.first { $0.item == 11 })
        #expect(gdp.kind == .growth && gdp.value == 7 && gdp.metric == "gdp")
        let income = try #require(catalogue.targets.first { $0.item == 43 })
        #expect(income.kind == .relative && income.versus == "gdp")
        let placeholders = file.diagnostics.filter { $0.severity == .warning && $0.message.contains("no threshold yet") }
        #expect(placeholders.contains { $0.message.contains("t44") })
        #expect(placeholders.allSatisfy { $0.location.line != nil })
    }

    @Test func jsonWithTheSameSchemaReadsTheSame() throws {
        let json = """
            {"year": 2021,
             "metrics": [{"id": "jobs", "name": "新增城镇就业", "unit": "人", "reading": "ytd"}],
             "targets": [{"id": "t45", "item": 45, "title": "确保新增城镇就业2.8万人", "metric": "jobs", "kind": "total",
            \t"direction": "at-least", "value": 28000, "unit": "人", "firmness": "ensure", "lead": ["区人社局"], "support": []}]}
            """
        let file = try TargetsFile.parse(Array(json.utf8), file: "t.json")
        #expect(file.catalogue.targets.first?.value == 28_000)
        #expect(file.catalogue.metrics.first?.reading == .ytd)
    }

    @Test func defaultsAndOptionalKeys() throws {
        let yaml = """
            year: 2021
            metrics:
              - {id: unemployment, unit: "%", reading: level}
              - {id: jobs, unit: 人, reading: ytd}
            targets:
              - {id: t44, title: 登记失业率控制在3%以内, metric: unemployment, kind: ceiling, value: 3, at: every-month}
              - {id: t45, title: 6月底前新增就业1.4万人, metric: jobs, kind: total, value: 1.4万, deadline: 2021-06, lead: 区人社局、区财政局}
              - {id: t9, title: 精心组织创新周活动, kind: qualitative}
            """
        let catalogue = try TargetsFile.parse(Array(yaml.utf8), file: "t.yaml").catalogue
        let ceiling = catalogue.targets[0]
        #expect(ceiling.direction == .atMost && ceiling.at == .everyMonth && ceiling.firmness == .none)
        let jobs = catalogue.targets[1]
        #expect(jobs.value == 14_000 && jobs.deadline == Period(year: 2021, month: 6) && jobs.lead == ["区人社局", "区财政局"])
        #expect(catalogue.deadline(of: ceiling) == Period(year: 2021, month: 12))
        #expect(catalogue.targets[2].kind == .qualitative && catalogue.targets[2].metric == nil)
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        let yaml = """
            year: 2021
            metrics:
              - {id: jobs, unit: 人, reading: weekly}
            targets:
              - {id: t1, title: a, metric: jobs, kind: total, value: abc}
              - {id: t2, title: b, metric: jobs, kind: totl, value: 1}
            """
        let error = #expect(throws: InputError.self) { try TargetsFile.parse(Array(yaml.utf8), file: "t.yaml") }
        let messages = error?.diagnostics.map(\.description) ?? []
        #expect(messages.count == 3)
        #expect(messages.contains { $0.hasPrefix("t.yaml:3:34: error: metrics[0].reading: 'weekly' is not valid") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:5:58: error: targets[0].value: 'abc' is not a number") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:6:44: error: targets[1].kind") })
    }
}

@Suite("Targets files: errors of every stage at once")
struct TargetsFileAllProblemsTests {
    @Test func aTypoInOneTargetAndAnUnknownMetricInAnotherAreBothReported() {
        let yaml = """
            year: 2021
            metrics:
              - {id: jobs, unit: 人, reading: ytd}
            targets:
              - {id: t1, title: a, metric: jobs, kind: totl, value: 1}
              - {id: t2, title: b, metric: gpd, kind: total, value: 2}
            """
        let error = #expect(throws: InputError.self) { try TargetsFile.parse(Array(yaml.utf8), file: "t.yaml") }
        let messages = error?.diagnostics.map(\.description) ?? []
        #expect(messages.count == 2)
        #expect(messages.contains { $0.hasPrefix("t.yaml:5:44: error: targets[0].kind: 'totl' is not valid") })
        #expect(messages.contains { $0.hasPrefix("t.yaml:6:24: error: target 't2' names metric 'gpd'") })
    }
}

@Suite("Catalogue validation")
struct CatalogueTests {
    @Test func catalogueBuiltInCodeIsCheckedToo() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "gdp", unit: "元", reading: .ytd)], targets: [
            Target(id: "a", title: "GDP", metric: "gdp", kind: .growth, value: 7),
            Target(id: "a", title: "dup", metric: "gpd", kind: .total, value: 1),
            Target(id: "r", title: "rel", metric: "gdp", kind: .relative, value: 0, versus: "income"),
        ])
        let messages = catalogue.problems().map(\.message)
        #expect(messages.contains("target id 'a' is used twice (also targets[0]); expected unique ids"))
        #expect(messages.contains { $0.contains("names metric 'gpd', which is not in metrics (did you mean 'gdp'?)") })
        #expect(messages.contains { $0.contains("compares with metric 'income', which is not in metrics") })
    }
}
