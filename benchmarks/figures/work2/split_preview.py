import hashlib,json,collections,sys
sys.path.insert(0,".")
from tally import guess
def keys(fn): return {json.loads(l)["text"].strip().lower() for l in open(fn,encoding="utf-8")}
ex=keys("../dev.jsonl")|keys("../test.jsonl")
c=collections.defaultdict(collections.Counter); seen=set(); src=collections.Counter()
for fn in ["c_real.tsv","c_suites.tsv"]:
    for line in open(fn,encoding="utf-8"):
        t=line.split("\t")[0]; k=t.strip().lower()
        if k in ex or k in seen: continue
        seen.add(k)
        part="test2" if hashlib.sha1(t.encode()).hexdigest()[0] in "01234567" else "dev2"
        c[guess(t)][part]+=1; src[(fn,part)]+=1
for k in sorted(c): print(f"{k:16} {c[k]['test2']:4} {c[k]['dev2']:4}")
print(src)
