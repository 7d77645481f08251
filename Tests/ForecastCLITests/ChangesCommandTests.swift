import Foundation
import Testing
import TestSupport

/// `forecast run`'s changes since last month and trajectories, in every format.
@Suite("forecast run: changes and trajectories")
struct ChangesCommandTests {
    static let fixture = ["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/gulou-2021/readings.csv"]

    struct Document: Decodable {
        struct Point: Decodable, Equatable {
            var asOf: String
            var probability: Double?
            var status: String
        }
        struct Change: Decodable {
            var id: String
            var from: Point
            var to: Point
            var steps: Int?
        }
        struct Row: Decodable {
            var id: String
            var status: String
            var probability: Double?
            var previousStatus: String?
            var previousProbability: Double?
            var trajectory: [Point]
        }
        var asOf: String
        var since: String?
        var changes: [Change]
        var targets: [Row]
    }

    static func json(_ extra: [String] = []) throws -> Document {
        let result = try ForecastBinary.run(fixture + ["--format", "json"] + extra)
        #expect(result.status == 0, "\(result.standardError)")
        return try JSONDecoder().decode(Document.self, from: Data(result.standardOutput.utf8))
    }

    @Test func jsonHasTheChangesSinceTheMonthBeforeAndEveryTrajectory() throws {
        let document = try Self.json()
        #expect(document.asOf == "2021-06" && document.since == "2021-05")
        let changed = document.targets.filter { $0.previousStatus != nil && $0.previousStatus != $0.status }
        #expect(!changed.isEmpty)
        #expect(Set(document.changes.map(\.id)) == Set(changed.map(\.id)))
        for change in document.changes {
            let row = try #require(document.targets.first { $0.id == change.id })
            #expect(change.from == Document.Point(asOf: "2021-05", probability: row.previousProbability, status: try #require(row.previousStatus)))
            #expect(change.to == Document.Point(asOf: "2021-06", probability: row.probability, status: row.status))
        }
        let jobs = try #require(document.targets.first { $0.id == "t45-new-urban-jobs" })
        #expect(jobs.trajectory.map(\.asOf) == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"])
        #expect(jobs.trajectory.last == Document.Point(asOf: "2021-06", probability: jobs.probability, status: jobs.status))
        #expect(jobs.trajectory[4] == Document.Point(asOf: "2021-05", probability: jobs.previousProbability, status: try #require(jobs.previousStatus)))
    }

    @Test func sinceAndNoTrajectoryAreHonoured() throws {
        let document = try Self.json(["--since", "2021-03", "--no-trajectory"])
        #expect(document.since == "2021-03")
        #expect(document.targets.allSatisfy { $0.trajectory.isEmpty })
        let full = try Self.json()
        let march = try #require(full.targets.first { $0.id == "t45-new-urban-jobs" }?.trajectory.first { $0.asOf == "2021-03" })
        let jobs = try #require(document.targets.first { $0.id == "t45-new-urban-jobs" })
        #expect(jobs.previousStatus == march.status && jobs.previousProbability == march.probability)
    }

    @Test func aSinceThatIsNotAnEarlierMonthIsRefused() throws {
        let garbled = try ForecastBinary.run(Self.fixture + ["--since", "May"])
        #expect(garbled.status == 2)
        #expect(garbled.standardError.contains("--since 'May' is not a month; expected YYYY-MM"))
        let later = try ForecastBinary.run(Self.fixture + ["--as-of", "2021-04", "--since", "2021-05"])
        #expect(later.status == 2)
        #expect(later.standardError.contains("--since 2021-05 is not before --as-of 2021-04"))
        // Without --as-of the month assessed is only known after reading: a warning, and no changes.
        let same = try ForecastBinary.run(Self.fixture + ["--since", "2021-06", "--no-trajectory"])
        #expect(same.status == 0)
        #expect(same.standardError.contains("warning: --since 2021-06 is not before the month assessed (2021-06); no changes are listed"))
        #expect(!same.standardOutput.contains("since 2021-06"))
        #expect(!same.standardError.contains("assessing"), "no progress line when standard error is not a terminal")
    }

    @Test func tableAndMarkdownOpenWithTheChangesAndShowThePath() throws {
        let table = try ForecastBinary.run(Self.fixture)
        let lines = table.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count > 4 && lines[2].contains("status changes since 2021-05, worst first (each month assessed again from the readings up to it):"))
        #expect(lines.contains { $0.contains("确保新增城镇就业2.8万人") && $0.contains("at-risk → on-track") && $0.contains("89% → 93%") })
        #expect(table.standardOutput.contains("this year"))
        #expect(lines.contains { $0.contains("确保新增城镇就业2.8万人") && $0.contains("▲ 21% → 93%") })
        let markdown = try ForecastBinary.run(Self.fixture + ["--format", "markdown"]).standardOutput
        #expect(markdown.contains("## ") && markdown.contains("status changes since 2021-05, worst first"))
        #expect(markdown.contains("| at-risk → on-track | 89% → 93% |"))
    }

    @Test func csvCarriesThePreviousStatusAndTheTrajectory() throws {
        let csv = try ForecastBinary.run(Self.fixture + ["--format", "csv"]).standardOutput
        let header = try #require(csv.split(separator: "\r\n").first)
        #expect(header.hasSuffix(",explanation,previousStatus,previousProbability,trajectory"))
        let jobs = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("t45-new-urban-jobs,") })
        #expect(jobs.contains(",at-risk,0.88"))
        #expect(jobs.contains("2021-01:0.2") && jobs.contains(" 2021-06:0.93"))
    }

    @Test func htmlOpensWithTheChangesAndDrawsEachPath() throws {
        let html = try ForecastBinary.run(Self.fixture + ["--format", "html"]).standardOutput
        let changes = try #require(html.range(of: "<section class=\"changes\">"))
        let units = try #require(html.range(of: "By lead unit"))
        #expect(changes.lowerBound < units.lowerBound, "the changes come first")
        #expect(html.contains("status changes since 2021-05, worst first</h2>"))
        #expect(html.contains("class=\"path-chart\""))
        #expect(html.contains("<th>this year</th>"))
    }
}
