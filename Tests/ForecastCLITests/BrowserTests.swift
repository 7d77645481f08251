import Foundation
import Testing
import TestSupport

/// The HTML report of the 2021 fixtures rendered by headless Chromium. Skipped, with a message,
/// where Chromium is not installed (Scripts/test.sh installs it; the library tests do not need it).
@Suite("HTML report in a real browser")
struct BrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func browse(_ arguments: [String]) throws -> (output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium ?? "/usr/bin/chromium")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil, "Chromium is not installed: apt-get install chromium fonts-wqy-zenhei to run this test"))
    func fixtureReportLoadsWithoutErrorsAndShowsEveryChart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let run = try ForecastBinary.run(["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings",
                                          "Fixtures/gulou-2021/readings.csv", "--format", "html", "--output", page.path])
        #expect(run.status == 0, "\(run.standardError)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let cards = html.components(separatedBy: "class=\"card\"").count - 1
        let charts = html.components(separatedBy: "<svg ").count - 1

        // The DOM after the page's script ran: it marks the body when it finished without error.
        let dom = try Self.browse(["--dump-dom", page.absoluteString])
        #expect(dom.output.contains("data-ready=\"yes\""), "the page's script did not finish: \(dom.errors.suffix(2000))")
        #expect(!dom.errors.contains("Uncaught"), "JavaScript error: \(dom.errors.suffix(2000))")
        #expect(dom.output.components(separatedBy: "<svg ").count - 1 == charts)
        #expect(cards >= 60 && charts >= 55)

        let png = directory.appendingPathComponent("report.png")
        _ = try Self.browse(["--screenshot=\(png.path)", "--window-size=1280,2400", page.absoluteString])
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank 1280×2400 page compresses to a few kilobytes; this one has text, tables and colour.
        #expect(image.count > 100_000, "screenshot of \(image.count) bytes looks blank")
    }
}
