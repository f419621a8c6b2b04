import json, glob, sys, subprocess
bad = 0; n=0; h=0; kinds={}
for jf in sorted(glob.glob("*.relations.json")):
    subprocess.run(["python3","-m","json.tool",jf],check=True,capture_output=True)
    txt = open(jf.replace(".relations.json",".txt"),encoding="utf-8").read()
    lines = txt.split("\n")
    rels = json.load(open(jf))
    for i,r in enumerate(rels):
        n+=1
        for k in ("line","kind","shape","figures","holds","why"):
            if k not in r: print(jf,i,"missing",k); bad+=1
        if not (1 <= r["line"] <= len(lines)): print(jf,i,"line out of range"); bad+=1
        for f in r["figures"]:
            if f not in txt: print(jf,i,"figure not in text:",f); bad+=1
        if r["holds"]:
            h+=1; kinds[r["kind"]] = kinds.get(r["kind"],0)+1
            m = r.get("mutate")
            if not m: print(jf,i,"holds but no mutate"); bad+=1; continue
            ln = m.get("line", r["line"])
            c = lines[ln-1].count(m["from"])
            if c != 1: print(jf,i,"mutate.from occurs",c,"times on line",ln,repr(m["from"])); bad+=1
            if m["from"]==m["to"]: print(jf,i,"no-op mutation"); bad+=1
        elif "mutate" in r: print(jf,i,"mutate on non-holding"); bad+=1
print("relations",n,"hold",h,"not",n-h,"mutations by kind",kinds,"problems",bad)
sys.exit(1 if bad else 0)
