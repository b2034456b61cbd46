# Builds candidates.tsv from the per-origin candidate lists: de-duplicates (case-insensitive,
# first origin wins), drops cases pruned as redundant/irrelevant (never for difficulty),
# and assigns the split by the fixed rule written in SOURCES.md:
#   first hex digit of sha1(text as UTF-8): 0-5 -> test, 6-f -> dev.
import hashlib, csv
files = ["c_quantulum.tsv","c_duckling_numeral.tsv","c_duckling_other.tsv","c_recognizers.tsv",
         "c_small_suites.tsv","c_more_suites.tsv","c_realtext.tsv","c_realtext2.tsv"]
DROP = set(l.strip() for l in open("pruned.txt") if l.strip() and not l.startswith("#"))
RENAME = {"the past 12 months":"12 months","a quarter to ten yesterday morning":"a quarter to ten"}
out=[]; seen=set()
for fn in files:
    for line in open(fn, encoding="utf-8"):
        t,o,l = line.rstrip("\n").split("\t")
        t = RENAME.get(t,t)
        if t in DROP: continue
        k=t.lower()
        if k in seen: continue
        seen.add(k); out.append((t,o,l))
with open("candidates.tsv","w",encoding="utf-8") as f:
    for t,o,l in out:
        h=hashlib.sha1(t.encode("utf-8")).hexdigest()[0]
        split = "test" if h in "012345" else "dev"
        f.write("\t".join([split,t,o,l])+"\n")
import collections
print(len(out), collections.Counter("test" if hashlib.sha1(t.encode()).hexdigest()[0] in "012345" else "dev" for t,_,_ in out))
