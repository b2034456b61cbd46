"""The third English batch (issue 26): figure spans from Hansard (UK Parliament) as republished by
Parallel Parliament, labelled by the conventions of SOURCES.md and SOURCES2.md. Writes test3.jsonl."""

import json
from pathlib import Path

OPL = "Open Parliament Licence v3.0"
CALLANAN = ("https://parallelparliament.co.uk/mp/lord-callanan/debate/Lords/2024-12-12/debates/"
            "5303F47C-B78B-4CBD-B985-B894D1D34F2C/UkraineHumanitarianAssistance (Hansard text, HL Grand Committee "
            "12 Dec 2024, as republished by Parallel Parliament)")
REFUGEES = ("https://parallelparliament.co.uk/debate/2022-03-16/commons/commons-chamber/refugees-from-ukraine/"
            "ministerial-extracts (Hansard text, HC 16 Mar 2022, as republished by Parallel Parliament)")
HEAPPEY = ("https://parallelparliament.co.uk/debate/2022-11-14/commons/commons-chamber/ukraine/ministerial-extracts "
           "(Hansard text, HC 14 Nov 2022, as republished by Parallel Parliament)")
DOCHERTY = ("https://parallelparliament.co.uk/mp/rob-butler/vs/leo-docherty (Hansard text, HC 2023, as "
            "republished by Parallel Parliament)")
DIXON = ("https://parallelparliament.co.uk/mp/samantha-dixon/dept-debates/FCDO (Hansard text, HC, as republished "
         "by Parallel Parliament)")
BROWNLOW = ("https://parallelparliament.co.uk/lord/lord-brownlow-of-shurlock-row/dept-debates/FCDO (Hansard text, "
            "HL 2022, as republished by Parallel Parliament)")
TYLER = ("https://parallelparliament.co.uk/lord/baroness-tyler-of-enfield/dept-debates/leaders-office/parliament/2024 "
         "(Hansard text, HL Grand Committee 2024, as republished by Parallel Parliament)")

# text, value, low, high, unit, family, class, origin, note  (value None: refuse)
CASES = [
    ("more than 200 missiles and drones", 200, 200, None, "missiles", "count", "hedges", CALLANAN, None),
    ("around 8 million households", 8e6, 8e6, 8e6, "households", "count", "hedges", CALLANAN, None),
    ("11th mass attack", None, None, None, None, None, "ordinals", CALLANAN, "a rank"),
    ("at least 12 million people", 12e6, 12e6, None, "people", "count", "hedges", CALLANAN, None),
    ("two new visa routes", 2, 2, 2, "routes", "count", "words", REFUGEES, None),
    ("4 pm", None, None, None, None, None, "times_of_day", REFUGEES, None),
    ("39,000 applications", 39000, 39000, 39000, "applications", "count", "digits", REFUGEES, None),
    ("20,000", 20000, 20000, 20000, None, "number", "digits", REFUGEES, None),
    ("5,500 visas", 5500, 5500, 5500, "visas", "count", "digits", REFUGEES, None),
    ("day 264", None, None, None, None, None, "ordinals", HEAPPEY, "the 264th day: a rank"),
    ("Tens of thousands of innocent civilians", 10000, 10000, None, "civilians", "count", "vague", HEAPPEY, None),
    ("Thousands of schools", 1000, 1000, None, "schools", "count", "vague", HEAPPEY, None),
    ("millions of acres", 1e6, 1e6, None, "acre", "area", "vague", HEAPPEY, None),
    ("Some 17.7 million people", 17.7e6, 17.7e6, 17.7e6, "people", "count", "hedges", HEAPPEY, "'some X' = about X"),
    ("7 million internally displaced people", 7e6, 7e6, 7e6, "people", "count", "scales", HEAPPEY, None),
    ("a further 7.7 million refugees", 7.7e6, 7.7e6, 7.7e6, "refugees", "count", "scales", HEAPPEY,
     "'a further' is not a hedge"),
    ("some 90%", 90, 90, 90, "%", "percent", "percent", HEAPPEY, None),
    ("an additional £16 million-worth", 16e6, 16e6, 16e6, "GBP", "currency:GBP", "money", DOCHERTY, None),
    ("some 32,000 people", 32000, 32000, 32000, "people", "count", "hedges", DOCHERTY, None),
    ("more than £200 million of humanitarian aid", 200e6, 200e6, None, "GBP", "currency:GBP", "money", DOCHERTY,
     None),
    ("200 people", 200, 200, 200, "people", "count", "digits", DIXON, None),
    ("a 25 year-old", None, None, None, None, None, "ages", BROWNLOW, None),
    ("two major debates", 2, 2, 2, "debates", "count", "words", TYLER, None),
]


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "test3.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for text, value, low, high, unit, family, klass, origin, note in CASES:
            row = {"text": text, "expect": "refuse" if value is None else "figure", "value": value, "low": low,
                   "high": high, "unit": unit, "family": family, "class": klass, "origin": origin, "licence": OPL,
                   "note": note}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
