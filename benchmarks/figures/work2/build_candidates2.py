# Builds candidates2.tsv from the candidate lists c_real.tsv and c_suites.tsv.
# Drops exact repeats (case-insensitive, stripped; first listed wins) and any text that
# already occurs in dev.jsonl or test.jsonl (checked at run time; nothing from test.jsonl is
# written out). Split rule, fixed before labelling:
#   first hex digit of sha1(text as UTF-8): 0-7 -> test2, 8-f -> dev2.
import hashlib, json, collections
def keys(fn): return {json.loads(l)["text"].strip().lower() for l in open(fn, encoding="utf-8")}
existing = keys("../dev.jsonl") | keys("../test.jsonl")
out = []; seen = set(); dropped = collections.Counter()
for fn in ["c_real.tsv", "c_suites.tsv"]:
    for line in open(fn, encoding="utf-8"):
        t, o, l = line.rstrip("\n").split("\t")
        k = t.strip().lower()
        if k in seen: dropped["repeat within new candidates"] += 1; continue
        seen.add(k)
        if k in existing: dropped["already in dev.jsonl/test.jsonl"] += 1; continue
        part = "test2" if hashlib.sha1(t.encode("utf-8")).hexdigest()[0] in "01234567" else "dev2"
        out.append((part, t, o, l))
with open("candidates2.tsv", "w", encoding="utf-8") as f:
    for row in out: f.write("\t".join(row) + "\n")
print(len(out), collections.Counter(p for p, *_ in out), dict(dropped))
