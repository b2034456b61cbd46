# Helpers shared by labels_test2.py and labels_dev2.py: the reading conventions of SOURCES.md
# (and SOURCES2.md), written once. Same unit lists and family rule as ../check.py.
import json
LEN={"km","m","mi","ft","yd","in","cm","mm","nmi"}
AREA={"km2","m2","mi2","ha","acre","ft2"}
VOL={"l","gal","bbl","ft3","km3"}
MASS={"kg","g","lb","oz","t","ton"}
TIME={"day","week","month","year","hour","minute","second"}
def family(unit):
    if unit is None: return "number"
    if "/" in unit:
        a,b=unit.split("/",1)
        assert b in TIME, unit
        return family(a)+"/time"
    if unit=="%": return "percent"
    if unit in LEN: return "length"
    if unit in AREA: return "area"
    if unit in VOL: return "volume"
    if unit in MASS: return "mass"
    if unit in TIME: return "time"
    if len(unit)==3 and unit.isupper(): return "currency:"+unit
    return "count"
def r(x):
    if x is None: return None
    x=round(x,4)
    return int(x) if float(x).is_integer() and abs(x)<1e15 else x
def E(v,unit=None,cls="digits",note=None):  return ("figure",r(v),r(v),r(v),unit,cls,note)
def GE(v,unit=None,cls="hedges",note=None): return ("figure",r(v),r(v),None,unit,cls,note)
def LE(v,unit=None,cls="hedges",note=None): return ("figure",r(v),None,r(v),unit,cls,note)
def R(a,b,unit=None,cls="ranges",note=None): return ("figure",r((a+b)/2),r(a),r(b),unit,cls,note)
def V(v,unit=None,cls="vague",note=None):   return ("figure",r(v),r(v),None,unit,cls,note)
def REF(cls,note=None): return ("refuse",None,None,None,None,cls,note)
def write(labels, part, path):
    cands=[l.rstrip("\n").split("\t") for l in open("candidates2.tsv",encoding="utf-8")]
    mine=[c for c in cands if c[0]==part]
    missing=[c[1] for c in mine if c[1] not in labels]; extra=[t for t in labels if t not in {c[1] for c in mine}]
    assert not missing and not extra, (missing, extra)
    with open(path,"w",encoding="utf-8") as f:
        for sp,text,origin,lic in mine:
            expect,value,low,high,unit,cls,note=labels[text]
            rec={"text":text,"expect":expect,"value":value,"low":low,"high":high,"unit":unit,
                 "family":None if expect=="refuse" else family(unit),"class":cls,
                 "origin":origin,"licence":lic,"note":note}
            f.write(json.dumps(rec,ensure_ascii=False)+"\n")
    print(path, len(mine))
