#!/usr/bin/env python3
"""Makes the workbook fixtures of Fixtures/workbooks/ and Fixtures/malformed/xlsx-*.xlsx.

Valid workbooks are written by openpyxl 3.1.5 (a real .xlsx writer, as Python users make them;
`pip install openpyxl==3.1.5`) and, when LibreOffice is installed, by LibreOffice Calc itself
(`soffice --headless --convert-to xlsx`): two independent writers. The broken ones are made
byte by byte with the standard library's zipfile, each broken in one way a reader must report.
Re-running reproduces the openpyxl and zipfile files (their timestamps are fixed).

Usage: python3 Fixtures/workbooks/make_workbooks.py   (from the repository root)
"""
import csv
import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MALFORMED = os.path.join(ROOT, "Fixtures", "malformed")
FIXED_TIME = datetime.datetime(2021, 7, 1, 9, 0, 0)


def fixed_properties(book):
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "make_workbooks.py"


def save(book, path):
    fixed_properties(book)
    book.save(path)
    # openpyxl stamps each ZIP member with the current time: rewrite them with a fixed one so
    # that re-running gives the same bytes.
    # openpyxl also writes the save time as the modified date: it is fixed too.
    import re
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    members = [(name, re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2021-07-01T09:00:00Z<", data)
                if name == "docProps/core.xml" else data) for name, data in members]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def by_name_workbook():
    """readings-by-name.csv as a statistics bureau's workbook: a title row above the header? No —
    the header first (as the CSV), each metric's name merged over its rows, single months as date
    cells shown 2021年3月, the January–February report as text 2021年1-2月, most values numbers
    and every seventh one text with a thousands separator."""
    rows = list(csv.reader(open(os.path.join(ROOT, "Fixtures", "gulou-2021", "readings-by-name.csv"), encoding="utf-8")))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "月度数据"
    sheet.append(rows[0])
    block_start = None
    previous = None
    for number, (name, period, value) in enumerate(rows[1:], start=2):
        if "-" in period:
            period_cell = period
        else:
            year, month = period.rstrip("月").split("年")
            period_cell = datetime.datetime(int(year), int(month), 1)
        if value == "":
            value_cell = None
        elif number % 7 == 0 and float(value) == int(float(value)) and abs(float(value)) >= 1000:
            value_cell = f"{int(float(value)):,}"
        else:
            value_cell = float(value)
        sheet.append([name, period_cell, value_cell])
        if isinstance(period_cell, datetime.datetime):
            sheet.cell(row=number, column=2).number_format = 'yyyy"年"m"月"'
        if name != previous:
            if block_start is not None and number - 1 > block_start:
                sheet.merge_cells(start_row=block_start, start_column=1, end_row=number - 1, end_column=1)
            block_start, previous = number, name
    last = len(rows)
    if block_start is not None and last > block_start:
        sheet.merge_cells(start_row=block_start, start_column=1, end_row=last, end_column=1)
    notes = book.create_sheet("说明")
    notes.append(["数据为合成数据，仅供测试。"])
    save(book, os.path.join(HERE, "readings-by-name.xlsx"))


def wide_workbook():
    """A wide sheet (period plus one column per metric) behind a notes sheet: dates as Excel
    dates, an empty cell, a #N/A formula error, a number stored as text with 万."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Synthetic readings for the tests of the workbook reader."])
    data = book.create_sheet("Data")
    data.append(["period", "gdp", "jobs"])
    data.append([datetime.datetime(2021, 1, 31), 100.5, 2300])
    data.append([datetime.datetime(2021, 2, 28), 101.25, None])
    data.append([datetime.datetime(2021, 3, 31), "#N/A", "2.8万"])
    data.append([datetime.datetime(2021, 4, 30), 103, "9,600"])
    for row in range(2, 6):
        data.cell(row=row, column=1).number_format = "yyyy-mm-dd"
    save(book, os.path.join(HERE, "wide-two-sheets.xlsx"))


def libreoffice_workbook():
    """Fixtures/gulou-2021/readings.csv saved as .xlsx by LibreOffice Calc (skipped when soffice
    is not installed; the committed file was made with LibreOffice 7.4 from Debian 12)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: readings-libreoffice.xlsx left as it is")
        return
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "readings-libreoffice.csv")
        shutil.copy(os.path.join(ROOT, "Fixtures", "gulou-2021", "readings.csv"), source)
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", "xlsx", "--outdir", work, source], check=True, capture_output=True)
        shutil.copy(os.path.join(work, "readings-libreoffice.xlsx"), os.path.join(HERE, "readings-libreoffice.xlsx"))


TABLE_COLUMNS = ["id", "item", "title", "metric", "kind", "direction", "value", "unit", "firmness", "lead", "support",
                 "deadline", "base", "at", "versus", "year", "metric name", "metric unit", "reading", "aliases", "min", "max"]
# The same columns under the Chinese names the reader accepts (the workbook's header).
CHINESE = {"id": "编号", "item": "序号", "title": "目标任务", "metric": "指标", "kind": "类型", "direction": "方向",
           "value": "目标值", "unit": "单位", "firmness": "力度", "lead": "牵头单位", "support": "配合单位",
           "deadline": "完成时限", "base": "基数", "year": "年度", "metric name": "指标名称", "metric unit": "指标单位",
           "reading": "填报方式", "aliases": "别名"}


def targets_tables():
    """Fixtures/gulou-2021/targets.yaml as a targets table, one row per target: targets-table.csv
    (English header) and targets-table.xlsx (Chinese header, numbers as numbers). Needs PyYAML."""
    import yaml
    catalogue = yaml.safe_load(open(os.path.join(ROOT, "Fixtures", "gulou-2021", "targets.yaml"), encoding="utf-8"))
    metrics = {metric["id"]: metric for metric in catalogue["metrics"]}
    rows = []
    for target in catalogue["targets"]:
        metric = metrics.get(target.get("metric"), {})
        def joined(names):
            return "、".join(names) if isinstance(names, list) else (names or "")
        row = {key: target.get(key) for key in TABLE_COLUMNS[:15]}
        row["lead"], row["support"] = joined(target.get("lead")), joined(target.get("support"))
        row["year"] = catalogue["year"]
        if metric:
            row["metric name"], row["metric unit"], row["reading"] = metric.get("name"), metric.get("unit"), metric.get("reading")
            row["aliases"], row["min"], row["max"] = joined(metric.get("aliases")), metric.get("min"), metric.get("max")
        rows.append(row)
    with open(os.path.join(HERE, "targets-table.csv"), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TABLE_COLUMNS)
        for row in rows:
            writer.writerow(["" if row.get(key) is None else (repr(row[key]) if isinstance(row[key], float) else row[key]) for key in TABLE_COLUMNS])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目标任务"
    sheet.append([CHINESE.get(key, key) for key in TABLE_COLUMNS])
    for row in rows:
        sheet.append([None if row.get(key) in (None, "") else row[key] for key in TABLE_COLUMNS])
    save(book, os.path.join(HERE, "targets-table.xlsx"))


def raw_workbook(path, sheet_xml, shared_strings=None, extra=None, omit=()):
    """A minimal workbook written part by part, for the broken fixtures."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + sheet_xml + "</sheetData></worksheet>",
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "".join(
            f"<si><t>{text}</t></si>" for text in shared_strings) + "</sst>"
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            if name in omit:
                continue
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>metric</t></is></c><c r="B1" t="inlineStr"><is><t>period</t></is></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'


def inline_row(number, metric, period, value_xml):
    return (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{metric}</t></is></c>'
            f'<c r="B{number}" t="inlineStr"><is><t>{period}</t></is></c>{value_xml}</row>')


def malformed_workbooks():
    raw_workbook(os.path.join(MALFORMED, "xlsx-formula-error.xlsx"), HEADER
                 + inline_row(2, "gdp", "2021-01", '<c r="C2"><v>100</v></c>')
                 + inline_row(3, "gdp", "2021-02", '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    raw_workbook(os.path.join(MALFORMED, "xlsx-period-number.xlsx"), HEADER
                 + '<row r="2"><c r="A2" t="inlineStr"><is><t>gdp</t></is></c><c r="B2"><v>2021.1</v></c><c r="C2"><v>5</v></c></row>')
    raw_workbook(os.path.join(MALFORMED, "xlsx-shared-string-index.xlsx"),
                 '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
                 '<row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>1</v></c></row>',
                 shared_strings=["metric", "period", "value"])
    raw_workbook(os.path.join(MALFORMED, "xlsx-bad-xml.xlsx"), HEADER + '<row r="2"><c r="A2"><v>1</v></row>')
    raw_workbook(os.path.join(MALFORMED, "xlsx-no-workbook.xlsx"), HEADER, omit=("xl/workbook.xml",))
    raw_workbook(os.path.join(MALFORMED, "xlsx-bad-value.xlsx"), HEADER
                 + inline_row(2, "gdp", "2021-01", '<c r="C2" t="inlineStr"><is><t>about 5</t></is></c>'))
    raw_workbook(os.path.join(MALFORMED, "xlsx-value-beyond-header.xlsx"), HEADER
                 + '<row r="2"><c r="A2" t="inlineStr"><is><t>gdp</t></is></c><c r="B2" t="inlineStr"><is><t>2021-01</t></is></c><c r="C2"><v>1</v></c><c r="E2"><v>2</v></c></row>')
    # Found by FuzzWorkbook: bytes that are not UTF-8 in an element name (XMLParser traps on them).
    raw_workbook(os.path.join(MALFORMED, "xlsx-not-utf8.xlsx"), HEADER
                 + '<row r="2"><c r="A2" t="inlineStr"><\udcfe\udcfft>gdp</t></is></c></row>')
    # A targets table whose second row gives its metric another unit.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Targets"
    sheet.append(["id", "title", "metric", "kind", "value", "metric unit", "reading", "deadline"])
    sheet.append(["t1", "地区生产总值增长7%", "gdp", "growth", 7, "亿元", "ytd", "2021-12"])
    sheet.append(["t2", "地区生产总值达到1500亿元", "gdp", "total", 150000000000, "元", "ytd", "2021-12"])
    save(book, os.path.join(MALFORMED, "targets-table-metric-unit.xlsx"))
    good = os.path.join(HERE, "wide-two-sheets.xlsx")
    data = open(good, "rb").read()
    open(os.path.join(MALFORMED, "xlsx-truncated.xlsx"), "wb").write(data[: len(data) // 2])


if __name__ == "__main__":
    by_name_workbook()
    wide_workbook()
    targets_tables()
    libreoffice_workbook()
    malformed_workbooks()
