"""Checks test.jsonl and dev.jsonl (run: python3 check.py). Reads only; deletes nothing."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["text","expect","value","low","high","unit","family","class","origin","licence","note"]
CLASSES = ["digits","words","compound_words","decimal_words","fractions","hedges","ranges","scales","vague",
           "units_adjective","units_other","percent","money","rates","durations","times_of_day","ages","ordinals"]
REFUSE = {"times_of_day","ages","ordinals"}
LEN={"km","m","mi","ft","yd","in","cm","mm","nmi"}; AREA={"km2","m2","mi2","ha","acre","ft2"}
VOL={"l","gal","bbl","ft3","km3"}; MASS={"kg","g","lb","oz","t","ton"}
TIME={"day","week","month","year","hour","minute","second"}
def family_of(unit):
    if unit is None: return "number"
    if "/" in unit:
        a,b = unit.split("/",1)
        return family_of(a)+"/time" if b in TIME else None
    if unit=="%": return "percent"
    for s,f in ((LEN,"length"),(AREA,"area"),(VOL,"volume"),(MASS,"mass"),(TIME,"time")):
        if unit in s: return f
    if len(unit)==3 and unit.isalpha() and unit.isupper(): return "currency:"+unit
    return "count"
errors=[]; seen={}; counts=collections.Counter(); byclass=collections.defaultdict(collections.Counter)
for split in ("test","dev"):
    for n,line in enumerate(open(os.path.join(HERE,split+".jsonl"),encoding="utf-8"),1):
        where=f"{split}:{n}"
        try: r=json.loads(line)
        except Exception as e: errors.append(f"{where}: does not parse: {e}"); continue
        if list(r)!=KEYS: errors.append(f"{where}: keys {list(r)}")
        t=r["text"]
        if not isinstance(t,str) or not t.strip(): errors.append(f"{where}: empty text")
        k=t.strip().lower()
        if k in seen: errors.append(f"{where}: duplicate text {t!r} (also {seen[k]})")
        seen[k]=where
        c=r["class"]
        if c not in CLASSES: errors.append(f"{where}: unknown class {c}")
        if not r["origin"] or not r["licence"]: errors.append(f"{where}: origin/licence missing")
        if r["expect"]=="refuse":
            if c not in REFUSE: errors.append(f"{where}: refuse but class {c}")
            if any(r[x] is not None for x in ("value","low","high","unit","family")):
                errors.append(f"{where}: refuse case has numbers/unit")
        elif r["expect"]=="figure":
            if c in REFUSE: errors.append(f"{where}: class {c} must be refused")
            v,lo,hi=r["value"],r["low"],r["high"]
            if not isinstance(v,(int,float)) or isinstance(v,bool): errors.append(f"{where}: value not a number")
            for x in (lo,hi):
                if x is not None and (not isinstance(x,(int,float)) or isinstance(x,bool)):
                    errors.append(f"{where}: bound not a number")
            if lo is not None and lo>v: errors.append(f"{where}: low > value")
            if hi is not None and v>hi: errors.append(f"{where}: value > high")
            if lo is None and hi is None: errors.append(f"{where}: both sides open")
            f=family_of(r["unit"])
            if f is None or f!=r["family"]:
                errors.append(f"{where}: unit {r['unit']!r} and family {r['family']!r} disagree")
        else: errors.append(f"{where}: expect {r['expect']!r}")
        counts[split]+=1; byclass[c][split]+=1
print(f"cases: test {counts['test']}, dev {counts['dev']}, total {sum(counts.values())}")
print(f"{'class':16} {'test':>5} {'dev':>5} {'all':>5}")
for c in CLASSES:
    t,d=byclass[c]["test"],byclass[c]["dev"]
    print(f"{c:16} {t:5} {d:5} {t+d:5}")
    if t==0 or d==0: errors.append(f"class {c} missing from a split")
    if t+d<20: errors.append(f"class {c} has fewer than 20 cases")
if counts["test"]<220 or counts["dev"]<380: errors.append("split sizes below the minimum")
print("\n".join(errors) if errors else "all checks passed")
sys.exit(1 if errors else 0)
