# Reports candidates that repeat (case-insensitive, stripped) within the candidate lists,
# or that already occur in dev.jsonl or test.jsonl. For test.jsonl only the colliding
# candidate's own text is printed (the held-out file is compared, never shown).
import json,sys,collections
def keys(fn):
    return {json.loads(l)["text"].strip().lower() for l in open(fn,encoding="utf-8")}
dev=keys("../dev.jsonl"); test=keys("../test.jsonl")
seen={}
for fn in sys.argv[1:]:
    for n,line in enumerate(open(fn,encoding="utf-8"),1):
        t=line.split("\t")[0]; k=t.strip().lower()
        if k in seen: print(f"DUP-WITHIN\t{t}\t{fn}:{n}\t{seen[k]}")
        else: seen[k]=f"{fn}:{n}"
        if k in dev: print(f"IN-DEV\t{t}\t{fn}:{n}")
        if k in test: print(f"IN-TEST\t{t}\t{fn}:{n}")
