import TargetAssessment
extension Status {
    /// A symbol and words, so that no status is told by colour alone.
    public var label: String {
        switch self {
        case .achieved: "✓ achieved"
        case .onTrack: "● on track"
        case .atRisk: "▲ at risk"
        case .offTrack: "✕ off track"
        case .missed: "■ missed"
        case .noData: "? no data"
        case .notForecast: "– not forecast"
        }
    }
}

extension TargetReport {
    /// One self-contained HTML page (inline CSS, SVG and a little JavaScript; nothing fetched):
    /// status counts, the status changes since ``since`` (worst first), the counts per lead
    /// unit, a table of every target with its P(met) path through the year that sorts by column
    /// and filters by status and unit, a card per forecast target with its chart, its P(met)
    /// through the year and its explanation, and the qualitative items. Every string from the
    /// user's files is escaped.
    public func html() -> String {
        let e = HTMLEscaping.escape
        let counts = countsByStatus
        let units = Array(Set(assessments.flatMap(\.target.lead))).sorted()
        var page = """
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(year) targets, forecast as of \(asOf)</title>
            <style>
            body{font:14px/1.5 system-ui,-apple-system,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;max-width:1320px;padding:16px 24px;color:#1a202c;background:#fff}
            h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;border:1px solid transparent}
            .achieved,.on-track{background:#c6f6d5;color:#22543d}.at-risk{background:#fefcbf;color:#744210}
            .off-track{background:#fed7d7;color:#822727}.missed{background:#feb2b2;color:#63171b}
            .no-data,.not-forecast{background:#edf2f7;color:#4a5568}
            .summary .badge{font-size:14px;margin-right:6px}
            table{border-collapse:collapse;width:100%}th,td{padding:4px 6px;border-bottom:1px solid #edf2f7;text-align:left;vertical-align:top}
            th{background:#f7fafc;cursor:pointer;user-select:none;white-space:nowrap}th[data-order=asc]::after{content:" ▲"}th[data-order=desc]::after{content:" ▼"}
            td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td.num.interval{white-space:normal;min-width:7em}
            #targets td:nth-child(2){min-width:10em}#targets td:last-child{min-width:5em}.wide{overflow-x:auto}
            .units td.num{min-width:3em}.units th{text-align:right}.units th:first-child{text-align:left}
            .filters{margin:8px 0}.filters label{margin-right:16px}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:16px}
            .card{border:1px solid #e2e8f0;border-radius:6px;padding:12px}
            .card h3{font-size:15px;margin:0 0 4px}.card p{margin:4px 0;color:#2d3748}
            .card .meta{color:#4a5568;font-size:12px}
            svg.chart{width:100%;height:auto}
            .path{display:flex;align-items:center;gap:12px;margin:4px 0}.path figcaption{color:#4a5568;font-size:12px;max-width:220px}
            .changes td.move{white-space:nowrap}.changes .symbol{font-weight:bold;white-space:nowrap}.changes .worse{color:#822727}.changes .better{color:#22543d}
            .hidden{display:none}
            </style>
            </head>
            <body>
            <header>
            <h1>\(year) targets: forecast as of \(asOf)</h1>
            <p class="summary">
            """
        for status in Status.allCases {
            page += "<span class=\"badge \(status.rawValue)\">\(status.label): \(counts[status] ?? 0)</span>"
        }
        page += "</p>\n<p class=\"meta\">\(assessments.count) targets. P(met) is the probability of meeting the target by its deadline; intervals are 80% prediction intervals.</p>\n</header>\n"
        page += changesSection()

        // Per lead unit.
        page += "<section>\n<h2>By lead unit (主办)</h2>\n<table class=\"units\"><thead><tr><th>unit</th>"
        for status in Status.allCases { page += "<th>\(status.label)</th>" }
        page += "</tr></thead><tbody>\n"
        for unit in units {
            let mine = assessments.filter { $0.target.lead.contains(unit) }
            page += "<tr><td>\(e(unit))</td>"
            for status in Status.allCases {
                let count = mine.filter { $0.status == status }.count
                page += "<td class=\"num\">\(count == 0 ? "" : String(count))</td>"
            }
            page += "</tr>\n"
        }
        page += "</tbody></table>\n</section>\n"

        // The table of all targets.
        page += """
            <section>
            <h2>All targets</h2>
            <div class="filters"><label>Status <select id="status-filter"><option value="">all</option>
            """
        for status in Status.allCases { page += "<option value=\"\(status.rawValue)\">\(status.label)</option>" }
        page += "</select></label><label>Lead unit <select id=\"unit-filter\"><option value=\"\">all</option>"
        for unit in units { page += "<option value=\"\(e(unit))\">\(e(unit))</option>" }
        page += "</select></label></div>\n<div class=\"wide\"><table id=\"targets\"><thead><tr><th>item</th><th>target</th><th>kind</th><th>firmness</th><th>threshold</th><th>so far</th><th>forecast</th><th>\(intervalHeading)</th><th>P(met)</th><th>this year</th><th>status</th><th>lead</th></tr></thead><tbody>\n"
        for (index, assessment) in assessments.enumerated() {
            let target = assessment.target
            let unitsAttribute = e(target.lead.joined(separator: "|"))
            page += "<tr data-status=\"\(assessment.status.rawValue)\" data-units=\"\(unitsAttribute)\">"
            page += "<td class=\"num\" data-value=\"\(target.item.map(String.init) ?? "")\">\(target.item.map(String.init) ?? "")</td>"
            // Qualitative items (not forecast) are the only ones without a card.
            let link = assessment.status != .notForecast ? "<a href=\"#card-\(index)\">\(e(target.title))</a>" : e(target.title)
            page += "<td>\(link)</td><td>\(target.kind.rawValue)</td><td>\(target.firmness == .none ? "" : target.firmness.rawValue)</td>"
            page += "<td class=\"num\" data-value=\"\(target.value.map { "\($0)" } ?? "")\">\(e(assessment.formattedThreshold))</td>"
            page += "<td class=\"num\" data-value=\"\(assessment.actualToDate.map { "\($0)" } ?? "")\">\(e(assessment.formatted(assessment.actualToDate)))</td>"
            page += "<td class=\"num\" data-value=\"\(assessment.forecast.map { "\($0)" } ?? "")\">\(e(assessment.formatted(assessment.forecast)))</td>"
            page += "<td class=\"num interval\" data-value=\"\(assessment.interval(level: 0.8).map { "\($0.lower)" } ?? "")\">\(e(assessment.formattedInterval))</td>"
            page += "<td class=\"num\" data-value=\"\(assessment.probability.map { "\($0)" } ?? "")\">\(assessment.formattedProbability)</td>"
            page += "<td class=\"num\" data-value=\"\(assessment.trajectoryMove.map { "\($0.end - $0.start)" } ?? "")\">\(e(assessment.trajectoryArrow))</td>"
            page += "<td data-value=\"\(Status.allCases.firstIndex(of: assessment.status) ?? 0)\"><span class=\"badge \(assessment.status.rawValue)\">\(assessment.status.label)</span></td>"
            page += "<td>\(e(target.lead.joined(separator: "、")))</td></tr>\n"
        }
        page += "</tbody></table></div>\n</section>\n"

        // Cards.
        page += "<section>\n<h2>Targets one by one</h2>\n<div class=\"cards\">\n"
        for (index, assessment) in assessments.enumerated() where assessment.status != .notForecast {
            let target = assessment.target
            page += "<div class=\"card\" id=\"card-\(index)\" data-status=\"\(assessment.status.rawValue)\" data-units=\"\(e(target.lead.joined(separator: "|")))\">"
            page += "<h3>\(target.item.map { "\($0). " } ?? "")\(e(target.title)) <span class=\"badge \(assessment.status.rawValue)\">\(assessment.status.label)</span></h3>"
            page += "<p class=\"meta\">\(e(target.id)) · \(target.kind.rawValue) \(e(assessment.formattedThreshold)) · P(met) \(assessment.formattedProbability)"
            if let model = assessment.model { page += " · model \(model.rawValue), \(assessment.observations) observations" }
            page += " · lead: \(e(target.lead.joined(separator: "、")))\(target.support.isEmpty ? "" : " · support: " + e(target.support.joined(separator: "、")))</p>"
            if let chart = assessment.chart() {
                page += SVGChart.render(chart, title: "\(target.id): \(target.title)", description: assessment.explanation, id: "card-\(index)")
            } else if let relative = RelativeChart.render(assessment, id: "card-\(index)") {
                page += relative
            }
            if let path = TrajectoryChart.render(assessment, bands: bands, id: "card-\(index)") {
                page += "<figure class=\"path\">\(path)<figcaption>\(e(Self.pathCaption(assessment)))</figcaption></figure>"
            }
            page += "<p>\(e(assessment.explanation))</p></div>\n"
        }
        page += "</div>\n</section>\n"

        let qualitative = assessments.filter { $0.status == .notForecast }
        if !qualitative.isEmpty {
            page += "<section>\n<h2>Not forecast (qualitative items)</h2>\n<ul>\n"
            for assessment in qualitative {
                page += "<li>\(assessment.target.item.map { "\($0). " } ?? "")\(e(assessment.target.title))</li>\n"
            }
            page += "</ul>\n</section>\n"
        }
        page += """
            <script>
            (function () {
              var table = document.getElementById("targets");
              var body = table.tBodies[0];
              var headers = table.tHead.rows[0].cells;
              function key(cell) { return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent; }
              Array.prototype.forEach.call(headers, function (th, column) {
                th.addEventListener("click", function () {
                  var ascending = th.getAttribute("data-order") !== "asc";
                  Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("data-order"); });
                  th.setAttribute("data-order", ascending ? "asc" : "desc");
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = key(a.cells[column]), y = key(b.cells[column]);
                    var nx = parseFloat(x), ny = parseFloat(y), order;
                    if (x === "" && y !== "") { order = 1; } else if (y === "" && x !== "") { order = -1; }
                    else if (!isNaN(nx) && !isNaN(ny)) { order = nx - ny; } else { order = x.localeCompare(y, "zh"); }
                    return ascending ? order : -order;
                  });
                  rows.forEach(function (row) { body.appendChild(row); });
                });
              });
              var statusFilter = document.getElementById("status-filter");
              var unitFilter = document.getElementById("unit-filter");
              function apply() {
                var status = statusFilter.value, unit = unitFilter.value;
                var items = Array.prototype.slice.call(document.querySelectorAll("#targets tbody tr, .card"));
                items.forEach(function (item) {
                  var units = (item.getAttribute("data-units") || "").split("|");
                  var show = (!status || item.getAttribute("data-status") === status) && (!unit || units.indexOf(unit) >= 0);
                  item.classList.toggle("hidden", !show);
                });
              }
              statusFilter.addEventListener("change", apply);
              unitFilter.addEventListener("change", apply);
              document.body.setAttribute("data-ready", "yes");
            })();
            </script>
            </body>
            </html>

            """
        return page
    }

    /// The caption of a card's P(met) chart: "P(met) month by month: 75% (2021-02) → 94%
    /// (2021-06), over the bands of a strive (力争) target: on track, at risk, off track."
    static func pathCaption(_ assessment: Assessment) -> String {
        let points = assessment.trajectory.filter { $0.probability != nil }
        let path = [points.first, points.last].compactMap { $0 }.map { "\($0.formattedProbability) (\($0.asOf))" }.joined(separator: " → ")
        let kind = switch assessment.target.firmness {
        case .ensure: "an ensure (确保) target"
        case .strive: "a strive (力争) target"
        case .none: "a target without a commitment word"
        }
        return "P(met) month by month: \(path), over the bands of \(kind): on track, at risk, off track."
    }

    /// The section of status changes since ``since``: a table worst first with links to the
    /// cards, or a sentence that none changed; "" when no earlier month was assessed.
    func changesSection() -> String {
        let e = HTMLEscaping.escape
        guard let heading = changesHeading else { return "" }
        let changes = self.changes
        var section = "<section class=\"changes\">\n<h2>\(e(heading))</h2>\n<p class=\"meta\">P(met) and status as of \(since.map { "\($0)" } ?? ""), \(Self.recomputedNote), against \(asOf).</p>\n"
        guard !changes.isEmpty else { return section + "</section>\n" }
        section += "<table><thead><tr><th></th><th>item</th><th>target</th><th>status</th><th>P(met)</th><th>lead</th></tr></thead><tbody>\n"
        for change in changes {
            let index = assessments.firstIndex { $0.target.id == change.target.id }
            let title = index.map { "<a href=\"#card-\($0)\">\(e(change.target.title))</a>" } ?? e(change.target.title)
            let tone = change.steps.map { $0 > 0 ? "worse" : "better" } ?? ""
            let word = change.steps.map { $0 > 0 ? "worse" : "better" } ?? (change.after.status == .noData ? "no data" : "now forecast")
            section += "<tr><td class=\"symbol \(tone)\">\(change.symbol) \(word)</td><td class=\"num\">\(change.target.item.map(String.init) ?? "")</td><td>\(title)</td>"
            section += "<td class=\"move\"><span class=\"badge \(change.before.status.rawValue)\">\(change.before.status.label)</span> → <span class=\"badge \(change.after.status.rawValue)\">\(change.after.status.label)</span></td>"
            section += "<td class=\"num\">\(e(change.probabilityMove))</td><td>\(e(change.target.lead.joined(separator: "、")))</td></tr>\n"
        }
        return section + "</tbody></table>\n</section>\n"
    }
}
