# usage: python3 add.py FILE <<< "ORIGIN|||LICENCE\ncase\ncase\n\nORIGIN|||LICENCE\n..."
import sys
fn=sys.argv[1]; out=open(fn,"a",encoding="utf-8")
origin=lic=None; n=0
for line in sys.stdin.read().split("\n"):
    if not line.strip(): origin=None; continue
    if origin is None:
        origin,lic=line.split("|||"); continue
    out.write(f"{line.strip()}\t{origin.strip()}\t{lic.strip()}\n"); n+=1
print(n,"added")
