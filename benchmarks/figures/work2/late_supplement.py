# Late supplement (gathered after test2.jsonl was frozen, because dev2 had only 14 rates).
# Same split rule; rows that hash to TEST2 are set aside (test2 is frozen), rows that hash
# to DEV2 are appended to candidates2.tsv. Run once.
import hashlib, json
seen=set()
for f in ["../dev.jsonl","../test.jsonl","../test2.jsonl","../dev2.jsonl"]:
    for l in open(f,encoding="utf-8"): seen.add(json.loads(l)["text"].lower())
cand=open("candidates2.tsv","a",encoding="utf-8"); aside=open("set_aside_test2.tsv","w",encoding="utf-8")
for line in open("c_late.tsv",encoding="utf-8"):
    t,o,lic=line.rstrip("\n").split("\t")
    assert t.lower() not in seen, t
    h=hashlib.sha1(t.encode("utf-8")).hexdigest()[0]
    (aside if h in "01234567" else cand).write(f"{'test2' if h in '01234567' else 'dev2'}\t{t}\t{o}\t{lic}\n")
