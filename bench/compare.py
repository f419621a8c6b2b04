#!/usr/bin/env python3
"""Compare the peer's output (bench/peer.py) with jixiao's on the same
cases: usage compare.py EVAL.ndjson CHECK.ndjson PEER.ndjson.

For every case, the exact total (to the last digit), the displayed total
and the grade must equal those of `jixiao eval`, and the findings (code,
severity, location path; as a multiset) those of `jixiao check`. Exits 1
on the first few differences, printing them; else prints how many cases
and indicators agreed."""

import json
import sys
from collections import Counter
from decimal import Decimal


def lines(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line, parse_float=Decimal)


def main():
    ev_path, ck_path, py_path = sys.argv[1:4]
    bad = cases = indicators = findings = 0
    for ev, ck, py in zip(lines(ev_path), lines(ck_path), lines(py_path), strict=True):
        cases += 1
        why = []
        if not (ev["case"] == ck["case"] == py["case"]):
            why.append("case names %s %s %s" % (ev["case"], ck["case"], py["case"]))
        if "error" in ev or "error" in ck or "error" in py:
            why.append("error: %s" % (ev.get("error") or ck.get("error") or py.get("error")))
        else:
            sc = ev["scorecard"]
            indicators += sum(1 for _ in leaves(sc["nodes"]))
            if sc["total_exact"] != py["total_exact"]:
                why.append("total_exact %s ≠ %s" % (sc["total_exact"], py["total_exact"]))
            if "%.2f" % sc["total"] != py["total"] or sc.get("grade", "") != py["grade"]:
                why.append("total %s %s ≠ %s %s" % (sc["total"], sc.get("grade"), py["total"], py["grade"]))
            want = Counter((f["code"], f["severity"], f["location"]["path"]) for f in ck["check"]["findings"])
            got = Counter(tuple(f[:3]) for f in py["findings"])
            findings += sum(want.values())
            if want != got:
                why.append("findings: jixiao only %s; peer only %s" % (sorted((want - got).elements()), sorted((got - want).elements())))
        if why:
            bad += 1
            if bad <= 5:
                print("%s: %s" % (ev["case"], "; ".join(why)))
    if bad:
        print("%d of %d cases differ" % (bad, cases))
        sys.exit(1)
    print("一致：%d 个案例、%d 个指标的总分（精确到末位）、等级和 %d 条核查结果均相同" % (cases, indicators, findings))


def leaves(nodes):
    for n in nodes:
        if n["kind"] == "indicator":
            yield n
        yield from leaves(n.get("children") or [])


if __name__ == "__main__":
    main()
