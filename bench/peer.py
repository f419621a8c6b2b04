#!/usr/bin/env python3
"""Peer implementation of jixiao's project scoring and checking, in Python
with the standard library's decimal module, for the peer benchmark
(bench/peer.sh).

It reads the same NDJSON of project cases that `jixiao eval` and
`jixiao check` read (one JSON case per line, as bench/gen writes them),
scores each case under the rulebook mof-2020 as internal/scoring does, runs
the checks of internal/check that apply to a project case of that shape,
and writes one NDJSON line per case:

    {"case": "cases.ndjson:1", "total_exact": "88.411398344137",
     "total": "88.41", "grade": "良",
     "findings": [["B05", "warning", "projects[0].budget.final", "…"], ...]}

Arithmetic is exact: amounts and scores are Decimal, ratios are rounded
half away from zero (ROUND_HALF_UP) to 12 places exactly as shopspring's
DivRound does, and only the total is rounded, to 2 places. Explanations
(the Chinese text of each node) are built as jixiao builds them, so that
the work is comparable.

Scope (honest): the rules are those of mof-2020 for project cases
(budget execution, ratio / reverse-ratio / qualitative leaves, first-level
groups with their default weights) and the checks B05, F05, L01, L05, L06,
L07, L08, L09, L10, L11, L12, L16 and P01. Department cases, formulas,
unit conversions (万/亿) and the document-text audits are not implemented;
a case that needs them is reported as an error line.
"""

import json
import re
import sys
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 60

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
THETA = Decimal("0.2")
EXPLAIN_BELOW = Decimal("0.9")
TOLERANCE = Decimal("0.01")  # two half-units of the amount rounding (2 places)

GRADES = [("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", None)]
# name, aliases, min, max, max exclusive
TIERS = [
    ("达成年度指标", ("达成", "达成预期指标", "达成年度目标", "已达成"), Decimal("0.8"), ONE, False),
    ("部分达成年度指标并具有一定效果", ("部分达成", "部分达成预期指标", "基本达成"), Decimal("0.6"), Decimal("0.8"), True),
    ("未达成年度指标且效果较差", ("未达成", "未达成预期指标"), ZERO, Decimal("0.6"), True),
]
# name, aliases, weight, optional
GROUPS = [
    ("产出指标", ("产出",), Decimal(50), False),
    ("效益指标", ("效益", "效果指标"), Decimal(30), False),
    ("满意度指标", ("满意度", "服务对象满意度指标", "服务对象满意度"), Decimal(10), True),
]
EXEC_WEIGHT = Decimal(10)

OUTCOME_WORDS = re.compile(r"治愈率|增收|收入|增长率|提升率|就业率|就业人数|带动|满意")
PROCESS_WORDS = re.compile(r"合格率|验收通过率|验收合格|故障率|返工率|差错率")
SATISFACTION = re.compile(r"满意")
VAGUE_TIME = re.compile(r"按时|及时|按期|如期|按时间节点|按节点|在规定时间内|规定时限内|计划时间内|计划完成时间内")
DATE_PART = re.compile(r"[0-9一二三四五六七八九十]+月|[0-9]+日|年底|年末|年内|年中|上半年|下半年|[一二三四1-4]季度|[0-9]+天内|[0-9]+个?工作日")
FIGURE = re.compile(r"^(≥|≤|>|<|=|＞|＜)?\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(.*)$")
OPS = {"≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "＞": ">", "＜": "<"}


class Unsupported(Exception):
    pass


def div_round(a, b, places=12):
    """a/b rounded half away from zero to places decimals, exactly."""
    x = a.scaleb(places)
    q, r = divmod(x, b)  # q truncated toward zero, r has a's sign
    if 2 * abs(r) >= abs(b):
        q += 1 if (x < 0) == (b < 0) else -1
    return q.scaleb(-places)


def plain(d):
    """jixiao.Plain: d without trailing zeros."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def fixed(d, places=2):
    return format(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def percent(r, places=2):
    return fixed(r.scaleb(2), places) + "%"


def exact(d):
    """shopspring's Decimal.String(): trailing zeros dropped."""
    return plain(d)


def figure(text):
    """(op, value, unit) of a stated figure, or (op, None, "") when it is text."""
    text = (text or "").strip()
    if not text:
        return None, None, ""
    m = FIGURE.match(text)
    if not m:
        return None, None, ""
    return OPS.get(m.group(1)), Decimal(m.group(2)), m.group(3).strip()


def clamp(v, w):
    if v < 0:
        return ZERO
    return w if v > w else v


def find_tier(name):
    name = (name or "").strip()
    for i, t in enumerate(TIERS):
        if name == t[0] or name in t[1]:
            return i
    return None


def contains(i, share):
    _, _, lo, hi, excl = TIERS[i]
    if share < lo:
        return False
    return share < hi if excl else share <= hi


def grade(total):
    for name, lo in GRADES:
        if lo is None or total >= lo:
            return name
    return ""


def group_of(level1):
    name = (level1 or "").strip()
    for g, (gname, aliases, _, _) in enumerate(GROUPS):
        if name == gname or name in aliases:
            return g
    return None


class Leaf:
    __slots__ = ("name", "weight", "score", "explanation", "notes")


def operands(ind):
    """target, actual, unit of a numeric indicator, or raise Unsupported."""
    top, tv, tu = ind["t"]
    aop, av, au = ind["a"]
    if tv is None or av is None:
        raise Unsupported("non-numeric target or actual")
    if au and tu and au != tu:
        raise Unsupported("unit conversion")
    return tv, av, tu or au


def effective_op(ind):
    op = ind.get("op") or ""
    if op:
        return op
    top = ind["t"][0]
    if top:
        return top
    if ind["t"][1] is None:
        return "定性"
    raise Unsupported("indicator without an operator")


def score_leaf(ind, w):
    n = Leaf()
    n.name, n.weight, n.notes = ind["name"], w, []
    op = effective_op(ind)
    if op == "定性":
        if ind.get("tier", "").strip() and find_tier(ind["tier"]) is None:
            raise Unsupported("unknown tier")
        if ind.get("score") is None:
            raise Unsupported("qualitative without a score")
        score = Decimal(ind["score"])
        n.score = clamp(score, w)
        t = find_tier(ind.get("tier") or ind.get("actual", ""))
        name, _, lo, hi, excl = TIERS[t]
        band = "分值的%s–%s%s，即%s–%s%s分" % (percent(lo, 0), "<" if excl else "", percent(hi, 0), fixed(w * lo), "<" if excl else "", fixed(w * hi))
        n.explanation = "定性指标，评定为“%s”（%s），评定得分%s" % (name, band, fixed(n.score))
        return n
    reverse = op in ("≤", "<")
    t, a, unit = operands(ind)
    av, tv = plain(a) + unit, plain(t) + unit
    kind = "（反向指标）" if reverse else ""
    met = a <= t if reverse else a >= t
    if met:
        n.score = w
        n.explanation = "实际值%s %s 目标值%s%s，达到目标，得满分%s" % (av, "≤" if reverse else "≥", tv, kind, fixed(w))
        if t > 0:
            dev = div_round(a - t, t)
            if reverse:
                dev = -dev
            if dev > THETA:
                n.notes.append("超额完成：实际值比目标值%s%s，超过提示阈值%s" % ("低" if reverse else "高出", percent(dev), percent(THETA, 0)))
    elif not t > 0:
        n.score = ZERO
        n.explanation = "实际值%s未达到目标值%s%s；目标值不为正数，不适用比例计分，得0分" % (av, tv, kind)
    elif reverse:
        n.score = clamp(div_round(w * t, a), w)
        n.explanation = "实际值%s > 目标值%s%s，目标值%s / 实际值%s × 分值%s = %s" % (av, tv, kind, tv, av, plain(w), fixed(n.score))
    else:
        n.score = clamp(div_round(w * a, t), w)
        n.explanation = "实际值%s / 目标值%s × 分值%s = %s" % (av, tv, plain(w), fixed(n.score))
    return n


def project_rate(p):
    b = p.get("budget") or {}
    fin, adj = b.get("final"), b.get("adjusted")
    if fin in (None, "") or adj in (None, ""):
        return None, None, None, ""
    fin, adj = Decimal(fin), Decimal(adj)
    if not adj > 0:
        return None, fin, adj, ""
    return div_round(fin, adj), fin, adj, "全年执行数%s / 全年预算数%s" % (plain(fin), plain(adj))


def score(p):
    """The project's exact total and its explanation tree (execution node,
    group nodes, subgroup nodes, leaves)."""
    rate, fin, adj, how = project_rate(p)
    if rate is None:
        raise Unsupported("execution without amounts")
    ew = EXEC_WEIGHT
    exec_score = clamp(ew * min(rate, ONE), ew)
    if rate > ONE:
        exec_text = "%s = %s，超过100%%按100%%计，得满分%s" % (how, percent(rate), fixed(ew))
    elif rate == ONE:
        exec_text = "%s = %s，得满分%s" % (how, percent(rate), fixed(ew))
    else:
        exec_text = "%s = %s，× 分值%s = %s" % (how, percent(rate), plain(ew), fixed(exec_score))
    members = [[] for _ in GROUPS]
    for ind in p["indicators"]:
        g = group_of(ind.get("level1"))
        if g is None:
            raise Unsupported("unknown first-level group")
        members[g].append(ind)
    total = exec_score
    texts = [exec_text]
    for g, (gname, _, gw, optional) in enumerate(GROUPS):
        inds = members[g]
        if not inds:
            if optional:
                raise Unsupported("missing optional group (weights redistributed)")
            texts.append("规则默认分值%s；未设置%s，该项得0分" % (plain(gw), gname))
            continue
        subs, order = {}, []
        for ind in inds:
            if ind["w"] is None:
                raise Unsupported("indicator without a weight")
            leaf = score_leaf(ind, ind["w"])
            texts.append(leaf.explanation)
            l2 = (ind.get("level2") or "").strip()
            if l2 not in subs:
                subs[l2] = []
                order.append(l2)
            subs[l2].append(leaf)
        gscore = ZERO
        terms = []
        for l2 in order:
            s = ZERO
            parts = []
            for leaf in subs[l2]:
                s += leaf.score
                parts.append(leaf.name + fixed(leaf.score))
            texts.append("得分为所含各项之和：%s = %s" % (" + ".join(parts), fixed(s)))
            gscore += s
            terms.append(l2 + fixed(s))
        texts.append("得分为所含各项之和：%s = %s" % (" + ".join(terms), fixed(gscore)))
        total += gscore
    return total, texts


def check(ev, p, displayed, grade_name):
    out = []
    def add(code, sev, path, message=""):
        out.append([code, sev, path, message])
    b = p.get("budget") or {}
    rate, fin, adj, how = project_rate(p)
    # B05: spent more than the budget.
    if fin is not None:
        base = adj
        if base is None and b.get("initial") not in (None, ""):
            base = Decimal(b["initial"])
        over = [v for v in (base, Decimal(b["received"]) if b.get("received") not in (None, "") else None) if v is not None and fin - v > TOLERANCE]
        if over:
            least = min(over)
            add("B05", "warning", "projects[0].budget.final", "全年执行数%s > %s，超出%s" % (fixed(fin), fixed(least), fixed(fin - least)))
    # Structure: L01 (a required group missing), L07 (benefit only satisfaction), L05, L10.
    inds = p["indicators"]
    for g, (gname, _, _, optional) in enumerate(GROUPS):
        if not optional and not any(group_of(i.get("level1")) == g for i in inds):
            add("L01", "warning", "projects[0].indicators")
    benefit = [i["name"] for i in inds if group_of(i.get("level1")) == 1]
    if benefit and all(SATISFACTION.search(n) for n in benefit):
        add("L07", "warning", "projects[0].indicators")
    if len(inds) < 3:
        add("L05", "warning", "projects[0].indicators")
    lt, goal = (p.get("long_term_goal") or "").strip(), (p.get("goal") or "").strip()
    if lt and lt == goal:
        add("L10", "warning", "projects[0].goal")
    # L11: low execution without a cause.
    if rate is not None and rate < EXPLAIN_BELOW and not (p.get("execution_cause") or "").strip():
        add("L11", "error", "projects[0].execution_cause", "预算执行率%s（%s）低于%s，未说明原因" % (percent(rate), how, percent(EXPLAIN_BELOW, 0)))
    for k, ind in enumerate(inds):
        path = "projects[0].indicators[%d]" % k
        where = "项目“%s” › %s / %s / %s" % (p.get("name", ""), ind.get("level1", ""), ind.get("level2", ""), ind["name"])
        op = effective_op(ind)
        l1, l2, name = ind.get("level1") or "", ind.get("level2") or "", ind["name"]
        deviation = (ind.get("deviation") or "").strip()
        # L06: quality and benefit confused.
        if l2.startswith("质量") and OUTCOME_WORDS.search(name):
            add("L06", "warning", path + ".level2")
        elif (l1.startswith("效益") or "效益" in l2) and PROCESS_WORDS.search(name):
            add("L06", "warning", path + ".level1")
        if op != "定性":
            t, a, unit = operands(ind)
            # L08: target set too low.
            if t > 0:
                dev = div_round(a - t, t)
                if op in ("≤", "<"):
                    dev = -dev
                if dev > THETA:
                    add("L08", "info" if deviation else "warning", path + ".target", "实际值%s比指标值%s%s%s，超过提示阈值%s" % (ind["actual"], ind["target"], "高出", percent(dev), percent(THETA, 0)) + where)
                elif op not in ("≤", "<") and unit == "%" and t < HUNDRED and a == HUNDRED and (l2.startswith("时效") or l2.startswith("质量")):
                    add("L08", "info", path + ".target")
        # L09: timeliness without a date.
        text = name + " " + (ind.get("target") or "")
        timely = l2.startswith("时效")
        if (VAGUE_TIME.search(text) or (timely and ind["t"][1] is None)) and not (DATE_PART.search(ind.get("target") or "") or "率" in name):
            add("L09", "warning", path + ".target")
        # L11: a shortfall without a deviation analysis.
        if not deviation:
            if op == "定性":
                t = find_tier(ind.get("tier") or ind.get("actual", ""))
                if t is not None and t != 0:
                    add("L11", "error", path + ".deviation")
            else:
                t, a, _ = operands(ind)
                if not (a <= t if op in ("≤", "<") else a >= t):
                    add("L11", "error", path + ".deviation", "实际值%s未达到指标值%s，未填写偏差原因分析" % (ind["actual"], ind["target"]))
        # L12 / L16: a judged qualitative score against its tier.
        if op == "定性" and ind.get("score") is not None and ind["w"] is not None:
            s, w = Decimal(ind["score"]), ind["w"]
            if s < 0 or s > w:
                raise Unsupported("score out of range")
            t = find_tier(ind.get("tier") or ind.get("actual", ""))
            if t is None:
                raise Unsupported("qualitative score without a tier")
            if w > 0:
                share = div_round(s, w)
                if not contains(t, share):
                    add("L16", "error", path + ".score")
                elif t == 0 and s < w and not deviation and not any((d.get("reason") or "").strip() for d in ind.get("deductions") or []):
                    add("L12", "error", path + ".score", "评为“%s”，得%s分（分值%s），未说明扣分原因" % (TIERS[t][0], plain(s), plain(w)))
    # P01: the top grade with low execution.
    if grade_name == GRADES[0][0] and rate is not None and rate < EXPLAIN_BELOW:
        add("P01", "info" if (p.get("execution_cause") or "").strip() else "warning", "projects[0]", "评价等级为“%s”（%s分），而预算执行率为%s（%s），低于%s" % (grade_name, fixed(displayed), percent(rate), how, percent(EXPLAIN_BELOW, 0)))
    # F05: the parts of the report left blank.
    for field, path in (("goal", "projects[0].goal"),):
        if not (p.get(field) or "").strip():
            add("F05", "warning", path)
    if ev.get("work_group") is None and ev.get("process") is None:
        add("F05", "warning", "process")
    for field in ("problems", "improvements", "results_use"):
        if not (p.get(field) or "").strip():
            add("F05", "warning", "projects[0]." + field)
    if not (ev.get("date") or "").strip():
        add("F05", "warning", "date")
    return out


def one(ev):
    if ev.get("subject") != "project" or len(ev.get("projects") or []) != 1:
        raise Unsupported("not a project case")
    if (ev.get("rulebook") or "mof-2020") != "mof-2020":
        raise Unsupported("rulebook")
    p = ev["projects"][0]
    for ind in p.get("indicators") or []:
        ind["t"] = figure(ind.get("target"))
        ind["a"] = figure(ind.get("actual"))
        w = ind.get("weight")
        ind["w"] = Decimal(w) if w not in (None, "") else None
    total, _ = score(p)
    displayed = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    g = grade(displayed)
    return {"total_exact": exact(total), "total": fixed(displayed), "grade": g, "findings": check(ev, p, displayed, g)}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "-"
    fh = sys.stdin if src == "-" else open(src, encoding="utf-8")
    name = "标准输入" if src == "-" else src
    out = sys.stdout
    write = out.write
    for n, line in enumerate(fh, 1):
        line = line.strip()
        if not line:
            continue
        rec = {"case": "%s:%d" % (name, n)}
        try:
            rec.update(one(json.loads(line)))
        except Unsupported as e:
            rec["error"] = "unsupported: %s" % e
        write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
