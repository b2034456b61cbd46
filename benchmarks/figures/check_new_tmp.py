# Temporary check of test2.jsonl / dev2.jsonl (check.py only reads test.jsonl and dev.jsonl).
# Same rules as check.py; duplicates are checked across all four files (for the old files only
# the colliding new text is reported). Deleted after use.
import json, sys, collections, os
HERE=os.path.dirname(os.path.abspath(__file__))
exec(open(os.path.join(HERE,"check.py")).read().split("errors=[]")[0])   # KEYS, CLASSES, REFUSE, family_of
errors=[]; seen={}
for old in ("test","dev"):
    for l in open(os.path.join(HERE,old+".jsonl"),encoding="utf-8"):
        seen[json.loads(l)["text"].strip().lower()]=old
byclass=collections.defaultdict(collections.Counter); counts=collections.Counter()
for split in ("test2","dev2"):
    fn=os.path.join(HERE,split+".jsonl")
    if not os.path.exists(fn): continue
    for n,line in enumerate(open(fn,encoding="utf-8"),1):
        where=f"{split}:{n}"
        try: r=json.loads(line)
        except Exception as e: errors.append(f"{where}: does not parse: {e}"); continue
        if list(r)!=KEYS: errors.append(f"{where}: keys {list(r)}")
        t=r["text"]; k=t.strip().lower()
        if k in seen: errors.append(f"{where}: duplicate text {t!r} (also in {seen[k]})")
        seen[k]=where
        c=r["class"]
        if c not in CLASSES: errors.append(f"{where}: unknown class {c}")
        if not r["origin"] or not r["licence"]: errors.append(f"{where}: origin/licence missing")
        if r["expect"]=="refuse":
            if c not in REFUSE: errors.append(f"{where}: refuse but class {c}")
            if any(r[x] is not None for x in ("value","low","high","unit","family")): errors.append(f"{where}: refuse with numbers")
        elif r["expect"]=="figure":
            if c in REFUSE: errors.append(f"{where}: class {c} must be refused")
            v,lo,hi=r["value"],r["low"],r["high"]
            if not isinstance(v,(int,float)) or isinstance(v,bool): errors.append(f"{where}: value not a number")
            if lo is not None and lo>v: errors.append(f"{where}: low > value")
            if hi is not None and v>hi: errors.append(f"{where}: value > high")
            if lo is None and hi is None: errors.append(f"{where}: both sides open")
            f=family_of(r["unit"])
            if f is None or f!=r["family"]: errors.append(f"{where}: unit {r['unit']!r} / family {r['family']!r} disagree")
        else: errors.append(f"{where}: expect {r['expect']!r}")
        counts[split]+=1; byclass[c][split]+=1
print("cases:",dict(counts))
MIN15={"money","ranges","hedges","rates","times_of_day","units_other","fractions"}
for c in CLASSES:
    row=[byclass[c][s] for s in ("test2","dev2")]
    print(f"{c:16} {row[0]:5} {row[1]:5}")
    for s,x in zip(("test2","dev2"),row):
        if counts[s] and x < (15 if c in MIN15 else 10): errors.append(f"{s}: class {c} has {x}")
for s in counts:
    if counts[s]<250: errors.append(f"{s}: fewer than 250 cases")
print("\n".join(errors) if errors else "all checks passed")
