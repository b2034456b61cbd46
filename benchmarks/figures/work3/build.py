"""Compile docs_<lang>.txt (texts and hand labels) into the figure cases and the extraction corpus.

    python build.py OUTDIR

Split rule (fixed before labelling): a TEXT goes to TEST when the first hex digit of
sha1(url as UTF-8) is 0-7, else to DEV; each figure span goes with its text. Figure cases
are de-duplicated within a language by their text (case-insensitive, first in file order wins).
"""

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASIS = {
    "UA": "not protected by copyright in Ukraine: a news report of the day of an informational character "
          "and official communications of state bodies (Law of Ukraine 'On Copyright and Related Rights' "
          "No. 2811-IX, art. 8)",
    "RU": "not an object of copyright in Russia: a report of events and facts of an exclusively informational "
          "character and official communications of state bodies (Civil Code of the Russian Federation, "
          "art. 1259(6))",
    "OFFICIAL_UA": "official document of a state body of Ukraine, not protected by copyright "
                   "(Law of Ukraine 'On Copyright and Related Rights' No. 2811-IX, art. 8)",
    "OFFICIAL_RU": "official document of a state body of the Russian Federation, not an object of copyright "
                   "(Civil Code of the Russian Federation, art. 1259(6))",
}
SPECIAL = {"@a": "@article", "@u": "@unattributed"}


def parse_docs(path: Path) -> list[dict]:
    docs = []
    for block in path.read_text(encoding="utf-8").split("=== ")[1:]:
        lines = block.split("\n")
        doc = {"id": lines[0].strip(), "who": {}, "spans": []}
        mode, text = "head", []
        for line in lines[1:]:
            if line.startswith("who ") and mode != "text":
                key, names = line[4:].split(":", 1)
                doc["who"][key.strip()] = [n.strip() for n in names.split(";") if n.strip()]
            elif mode == "head" and line == "text:":
                mode = "text"
            elif mode == "head" and ":" in line:
                key, value = line.split(":", 1)
                doc[key.strip()] = value.strip()
            elif mode == "text" and line == "---":
                mode = "spans"
            elif mode == "text":
                text.append(line)
            elif mode == "spans" and line.strip():
                doc["spans"].append(parse_span(line))
        doc["text"] = "\n".join(text).strip() + "\n"
        docs.append(doc)
    return docs


def parse_span(line: str) -> dict:
    parts = [p.strip() for p in line.split(" | ")]
    span, kind, fam, who = parts[:4]
    claim_kind = parts[4] if len(parts) > 4 else None
    return {"span": span, "kind": kind, "family": fam, "who": who, "claim_kind": claim_kind}


def numbers(kind: str, override: str | None = None) -> dict | None:
    if kind.startswith("!"):
        return None
    sign, *vals = kind.split()
    vals = [float(v) for v in vals]
    if sign == "r":
        low, high = vals
        return {"value": (low + high) / 2, "low": low, "high": high}
    v = vals[0]
    sign = override or sign
    if sign in ("b<", "b>"):  # "nearly" / "just over": the band of claims.figures.reading.BANDS (issue 26)
        low, high = (0.9 * v, v) if sign == "b<" else (v, 1.1 * v)
        return {"value": v, "low": low, "high": high}
    return {"=": {"value": v, "low": v, "high": v}, ">": {"value": v, "low": v, "high": None},
            "<": {"value": v, "low": None, "high": v}}[sign]


def tidy(x):
    return int(x) if isinstance(x, float) and x.is_integer() else x


def split_of(url: str) -> str:
    return "test" if hashlib.sha1(url.encode("utf-8")).hexdigest()[0] in "01234567" else "dev"


def figure_class(span: str, family: str, kind: str) -> str:
    if kind.startswith("!"):
        return "refuse"
    if family.startswith("currency"):
        return "money"
    if family == "percent":
        return "percent"
    if family.endswith("/time"):
        return "rates"
    if kind.startswith("r"):
        return "ranges"
    low = span.lower()
    hedges = ("понад", "більше", "близько", "майже", "до ", "не менше", "не менее", "около", "свыше", "почти",
              "более", "порядка", "приблизно", "щонайменше", "орієнтовно", "трохи", "превыс")
    if any(low.startswith(h) for h in hedges):
        return "hedges"
    if family in ("length", "area"):
        return "units"
    if re.search(r"тис|тыс|млн|млрд|трлн|тисяч|тысяч|миллиард|триллион|сотні", low):
        return "scales"
    if not re.search(r"\d", span):
        return "words"
    return "digits"


def build(lang: str, out: Path, batch: str = "") -> dict:
    """batch "_b" / "_c": the second / third held-out part (docs_<lang>_b.txt, docs_uk_c.txt),
    every text in part "testb" / "testc"."""
    docs = parse_docs(HERE / f"docs_{lang}{batch}.txt")
    parts = (f"test{batch[1:]}",) if batch else ("test", "dev")
    seen, cases, corpus, index = set(), {p: [] for p in parts}, {p: {} for p in parts}, []
    for doc in docs:
        part = f"test{batch[1:]}" if batch else split_of(doc["url"])
        licence = BASIS[doc["basis"]]
        origin = f"{doc['url']} (text {doc['id']})"
        labels = []
        for s in doc["spans"]:
            assert s["span"] in doc["text"], (doc["id"], s["span"])
            fam_unit = s["family"].split()
            family, unit = fam_unit[0], (fam_unit[1] if len(fam_unit) > 1 else None)
            nums = numbers(s["kind"])
            key = s["span"].casefold()
            if key not in seen:
                seen.add(key)
                case = {"text": s["span"], "expect": "refuse" if nums is None else "figure",
                        "value": None, "low": None, "high": None, "unit": unit,
                        "family": None if nums is None else family,
                        "class": figure_class(s["span"], family, s["kind"]), "origin": origin,
                        "licence": licence, "note": None}
                if nums:
                    case.update({k: tidy(v) for k, v in nums.items()})
                cases[part].append(case)
            if nums is None or s["who"] == "-":
                continue
            claim = numbers(s["kind"], s["claim_kind"])
            who = SPECIAL.get(s["who"]) or doc["who"][s["who"]]
            labels.append({"figure": s["span"], **{k: tidy(v) for k, v in claim.items()},
                           "unit": unit if family != "count" else (unit or "items"),
                           "claimant": who, "relays": [], "as_of": doc.get("date") or None})
        name = f"{part}/{doc['id']}.txt"
        corpus[part][f"{doc['id']}.txt"] = labels
        kind = "official" if doc["basis"].startswith("OFFICIAL") else "news"
        index.append({"file": name, "split": part, "language": lang, "kind": kind,
                      "outlet": doc["url"].split("/")[2].removeprefix("www."), "date": doc.get("date") or None,
                      "url": doc["url"], "licence": licence})
        (out / "corpus" / part).mkdir(parents=True, exist_ok=True)
        (out / "corpus" / name).write_text(doc["text"], encoding="utf-8")
    for part, rows in cases.items():
        if batch:
            continue  # the second part is for extraction only
        with open(out / f"{part}_{lang}.jsonl", "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    for part in parts:
        path = out / "corpus" / part / f"labels_{lang}.json"
        path.write_text(json.dumps(corpus[part], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"docs": {p: len(corpus[p]) for p in parts},
            "cases": {p: len(r) for p, r in cases.items()},
            "claims": {p: sum(len(v) for v in corpus[p].values()) for p in corpus}, "index": index}


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for lang in ("uk", "ru"):
        for batch in ("", "_b", "_c"):
            if not (HERE / f"docs_{lang}{batch}.txt").exists():
                continue
            result = build(lang, out, batch)
            index += result.pop("index")
            print(lang, batch or "first", result)
    (out / "corpus" / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
