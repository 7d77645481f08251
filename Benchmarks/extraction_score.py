"""Scores `forecast targets extract` on documents with truth tables (issue #18).

    python3 Benchmarks/extraction_score.py DOC.txt [DOC.txt ...] [--binary .build/release/forecast]

For each DOC.txt, DOC.truth.csv beside it gives the targets (columns and conventions in
Fixtures/extraction/heldout/README.md). The extractor's targets file is parsed (the YAML our
writer emits: `targets:` then `  - id:` blocks of `key: value` lines) and matched to the truth on
(item, kind, value): items by the document's own number (a truth label `一-3`, section and item,
is item 3, the number the extractor writes, and `二-三` item 3 too; labels that are not numbers are
compared as text; a target the extractor gives no item, as in a report without numbered items,
matches on kind and value alone), and
values at a relative tolerance of 1e-9 (a truth value left empty matches an empty one). Prints,
per document and in all, recall and precision on (item, kind, value), on (item, value) alone, and
the share of matched targets whose lead units and deadlines agree. Never run it on Fixtures/extraction/heldout/
before the issue's report.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def extracted_targets(binary, document):
    with tempfile.TemporaryDirectory() as folder:
        output = os.path.join(folder, "targets.yaml")
        result = subprocess.run([binary, "targets", "extract", document, "--output", output], capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{document}: extraction failed\n{result.stderr[-2000:]}")
        lines = open(output, encoding="utf-8").read().splitlines()
    targets, current, inside = [], None, False
    year = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("year:")), "")
    for line in lines:
        if line.startswith("targets:"):
            inside = True
            continue
        if not inside:
            continue
        if line and not line.startswith(" "):
            break
        stripped = line.strip()
        if stripped.startswith("- id:"):
            current = {"id": stripped[5:].strip().strip('"')}
            targets.append(current)
        elif current is not None and ":" in stripped:
            key, _, value = stripped.partition(":")
            current[key.strip()] = value.strip().strip('"')
    # No deadline written means the end of the document's year.
    for target in targets:
        target.setdefault("deadline", f"{year}-12")
    return targets


def number(text):
    text = (text or "").strip()
    if text in ("", "null", "~"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def units(text):
    text = (text or "").strip()
    if text.startswith("["):
        return [part.strip().strip('"') for part in text.strip("[]").split(",") if part.strip()]
    return [part for part in text.split(";") if part]


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def score(document, binary):
    truth_path = document[:-4] + ".truth.csv"
    truth = list(csv.DictReader(open(truth_path, encoding="utf-8")))
    found = extracted_targets(binary, document)
    # Items by the document's own number: a truth label `一-3` (section, item) is item 3, as the
    # extractor writes it; a label that is no number (`main-targets`, `一`) is compared as text.
    numerals = {c: str(i + 1) for i, c in enumerate("一二三四五六七八九十")}

    def item_key(label):
        label = str(label).strip()
        tail = label.rsplit("-", 1)[-1] if "-" in label else label
        if tail in numerals and "-" in label:
            tail = numerals[tail]
        return tail if tail.isdigit() else label
    expected = [(item_key(row["item"]), row["kind"], number(row["value"]), units(row["lead"]), row["deadline"]) for row in truth]
    # A document without numbered items (a report's paragraphs) gives targets no item: they are
    # matched on kind and value alone.
    got = [(item_key(target["item"]) if "item" in target else None, target.get("kind", ""), number(target.get("value")),
            units(target.get("lead", "")), target.get("deadline")) for target in found]

    def matches(with_kind):
        unused = list(range(len(got)))
        pairs = []
        for e in expected:
            for index in unused:
                g = got[index]
                if (g[0] is None or g[0] == e[0]) and same(g[2], e[2]) and (not with_kind or g[1] == e[1]):
                    pairs.append((e, g))
                    unused.remove(index)
                    break
        return pairs

    strict, loose = matches(True), matches(False)
    leads = sum(1 for e, g in strict if e[3][:1] == g[3][:1])
    deadlines = sum(1 for e, g in strict if (g[4] or "")[:7] == e[4])
    return len(expected), len(got), len(strict), len(loose), leads, deadlines, [e for e in expected if e not in [p[0] for p in strict]]


parser = argparse.ArgumentParser()
parser.add_argument("documents", nargs="+")
parser.add_argument("--binary", default=os.path.join(root, ".build", "release", "forecast"))
args = parser.parse_args()
totals = [0, 0, 0, 0, 0, 0]
print("| document | truth | extracted | recall (item, kind, value) | precision | recall (item, value) | lead units right | deadlines right |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for document in args.documents:
    if document.endswith(".not-targets.txt"):
        continue   # a shell glob of *.txt takes the lists of non-targets too
    n_truth, n_found, n_strict, n_loose, n_leads, n_deadlines, missed = score(document, args.binary)
    for k, v in enumerate((n_truth, n_found, n_strict, n_loose, n_leads, n_deadlines)):
        totals[k] += v
    print(f"| {os.path.basename(document)} | {n_truth} | {n_found} | {n_strict / max(1, n_truth):.0%} | {n_strict / max(1, n_found):.0%} | "
          f"{n_loose / max(1, n_truth):.0%} | {n_leads}/{n_strict} | {n_deadlines}/{n_strict} |")
    for item, kind, value, _, _ in missed:
        print(f"    not matched: item {item} {kind} {value}", file=sys.stderr)
n_truth, n_found, n_strict, n_loose, n_leads, n_deadlines = totals
print(f"| all | {n_truth} | {n_found} | {n_strict / max(1, n_truth):.0%} | {n_strict / max(1, n_found):.0%} | {n_loose / max(1, n_truth):.0%} | "
      f"{n_leads}/{n_strict} | {n_deadlines}/{n_strict} |")
