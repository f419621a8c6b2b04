#!/usr/bin/env python3
"""Hand analysis of the corpus excerpts, with exact decimal arithmetic.

Every relation between figures that an excerpt states is listed here by hand:
a total and its parts, a count and its list, a rate and its amounts, a total
score and its items, a quantity stated twice. The script checks each one,
finds its line, and writes

  NN-name.expected.json  the relations that do not hold (the real
                         inconsistencies), in the format of ../reports;
  mutations.json         the relations that hold, each with one figure to
                         change, for the mutation test in corpus_test.go.

It was written and run before `jixiao audit` was run on the excerpts; the
audit's output played no part in it. Rerun: python3 arithmetic.py
(it rewrites the files above and prints the table of relations).

scope: "documented" when docs/audit.md says the check reads the relation in
this form; "beyond" when the relation is real but written in a form the
documentation leaves out (across sentences, persons or areas instead of
money, a count before its list, a table, a total after its parts, ...).
"""
import json
import os
from decimal import Decimal as D, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
relations = []


def lines_of(f):
    with open(os.path.join(HERE, f), encoding="utf-8") as fh:
        return fh.read().rstrip("\n").split("\n")


def line_of(f, anchor, nth=1):
    """1-based line holding the nth occurrence of anchor; the anchor must
    occur once in that line."""
    seen = 0
    for i, s in enumerate(lines_of(f), 1):
        k = s.count(anchor)
        if k > 1:
            raise SystemExit(f"{f}: {anchor!r} occurs {k} times on line {i}")
        if k == 1:
            seen += 1
            if seen == nth:
                return i
    raise SystemExit(f"{f}: {anchor!r} not found (occurrence {nth})")


def add(f, code, scope, ok, why, mutate=None, nth=1, line=None, severity="error"):
    """mutate = (find, replace): find is the anchor (unique on its line)."""
    if line is None:
        line = line_of(f, mutate[0], nth) if mutate else None
    relations.append(dict(file=f, code=code, scope=scope, ok=ok, why=why, line=line,
                          find=mutate[0] if mutate else None,
                          replace=mutate[1] if mutate else None, severity=severity))


def fmt(x):
    return format(x.normalize(), "f") if x == x.to_integral() else format(x, "f")


def total(f, code, scope, name, tot, parts, mutate=None, line=None, nth=1, unit="万元"):
    t, ps = D(tot), [D(p) for p in parts]
    s = sum(ps)
    expr = " + ".join(parts)
    if s == t:
        why = f"{name}:{expr} = {fmt(s)}{unit},与所述{tot}{unit}相符"
    else:
        why = f"{name}:{expr} = {fmt(s)}{unit} ≠ 所述{tot}{unit},相差{fmt(abs(s - t))}{unit}"
    add(f, code, scope, s == t, why, mutate, nth, line)


def rate(f, code, scope, name, num, den, stated, mutate=None, line=None, nth=1):
    n, d, r = D(num), D(den), D(stated)
    exp = -r.as_tuple().exponent if r.as_tuple().exponent < 0 else 0
    q = D(1).scaleb(-exp)
    got = (n / d * 100).quantize(q, rounding=ROUND_HALF_UP)
    exact = (n / d * 100).quantize(D("0.0001"), rounding=ROUND_HALF_UP)
    if got == r:
        why = f"{name}:{num} ÷ {den} = {fmt(exact)}%,按所述{exp}位小数为{got}%,与所述{stated}%相符"
    else:
        why = f"{name}:{num} ÷ {den} = {fmt(exact)}%,按所述{exp}位小数为{got}% ≠ 所述{stated}%"
    add(f, code, scope, got == r, why, mutate, nth, line)


def count(f, code, scope, name, items, stated, mutate=None, line=None, nth=1):
    k = len(items)
    lst = "、".join(items)
    if k == stated:
        why = f"{name}:列举{lst},共{k}项,与所称{stated}相符"
    else:
        why = f"{name}:列举{lst},共{k}项 ≠ 所称{stated}"
    add(f, code, scope, k == stated, why, mutate, nth, line)


def same(f, code, scope, name, a, b, mutate=None, line=None, nth=1, severity="warning"):
    if D(a) == D(b):
        why = f"{name}:两处均为{a}"
    else:
        why = f"{name}:前一处{a},后一处{b},同一数量写成两个数"
    add(f, code, scope, D(a) == D(b), why, mutate, nth, line, severity)


# 01 红河州数据发展中心: "实施项目共15个(含…5个)" and "(含1个…50万元)" are
# inclusions, not decompositions; the 13 展区 named before "等28个展区" are
# examples (等), not a wrong count. No relation to check.

# 02 大足区发改委: 12 科室 (two of them carry a parenthesis with a 、 inside).
f = "02-dazu-ndrc-2020-dept.txt"
count(f, "T02", "documented", "内设科室",
      ["办公室", "综合科(挂区西部开发办)", "固定资产投资科(挂区重点项目办、行政审批科)",
       "体制改革科(挂推进城镇化工作办公室)", "产业发展科", "社会发展科", "公共资源交易管理科",
       "粮食调控管理科(挂军粮供应管理科)", "信用建设科", "资环能源科", "价格收费管理科", "价格认定科"],
      12, ("等12个科室", "等11个科室"))

# 03 南县政协
f = "03-nanxian-cppcc-2021-dept.txt"
total(f, "T01", "beyond", "支出(合计在前一句)", "799.12", ["434.89", "77.4", "286.83"],
      ("公用经费支出77.4万元", "公用经费支出87.4万元"))
total(f, "T01", "beyond", "收入(合计在前一句)", "792.22", ["792.22"],
      ("其中:财政拨款收入792.22万元", "其中:财政拨款收入782.22万元"))
count(f, "T02", "beyond", "职能", ["政治协商", "民主监督", "参政议政"], 3, ("三大职能", "四大职能"))
count(f, "T02", "beyond", "支出构成", ["基本支出", "项目支出"], 2, ("两个部分", "三个部分"))

# 04 昌宁县第一示范小学: the execution rate twice, in the same words.
f = "04-changning-school1-2023-project.txt"
rate(f, "T08", "beyond", "执行率(资金总额、拨付使用)", "16.20", "16.20", "100",
     ("拨付使用16.20万元", "拨付使用15.20万元"), nth=1)
rate(f, "T08", "beyond", "执行率(资金总额、拨付使用,佐证材料)", "16.20", "16.20", "100",
     ("拨付使用16.20万元", "拨付使用15.20万元"), nth=2)

# 05 霍邱县教育局: four 预算完成率 with their amounts (合计…,支出…).
f = "05-huoqiu-education-2022.txt"
for amt, find in [("75", "已于本年度支出75万元"), ("3624.71", "已于本年度支出3624.71万元"),
                  ("676.47", "于本年度支出676.47万元,预算完成率100%。主要用于全县义务"),
                  ("4194.23", "于本年度支出4194.23万元")]:
    rate(f, "T08", "beyond", f"预算完成率(合计{amt}、支出{amt})", amt, amt, "100",
         (find, find.replace(amt, str(D(amt) - 10), 1)))

# 06 腾冲
f = "06-tengchong-manure-2019-project.txt"
total(f, "T01", "beyond", "计划总投资", "1958.6", ["1000", "958.6"], ("自筹资金958.6万元", "自筹资金858.6万元"))
same(f, "T07", "beyond", "规模养殖场个数", "66", "66",
     ("66个规模养殖场已全部开工", "68个规模养殖场已全部开工"))

# 07 南川
f = "07-nanchuan-farmland-2019-evaluation.txt"
count(f, "T02", "beyond", "项目村(“和”连接,无“等”)", ["长坪村", "中图村", "上河村"], 3, ("三个村", "四个村"))
total(f, "T01", "beyond", "工程总投资(两批下达,合计在前一句)", "1860", ["1800", "60"],
      ("下达60万元", "下达50万元"))

# 08 茂名: no relation (17 个内设机构 are not listed; 63/57/94 persons are separate).

# 09 金寨县麻埠镇: the real inconsistencies.
f = "09-jinzhai-mabu-2023-transfer.txt"
total(f, "T01", "beyond", "上级资金转移支付(合计在前一句)", "755.19", ["124.23", "370.83", "260.3"],
      line=line_of(f, "其中:中央级资金转移支付124.23万元"))
same(f, "T07", "beyond", "中央级资金转移支付(金额)", "124.23", "755.19",
     line=line_of(f, "下达中央级资金转移支付755.19万元"))
same(f, "T07", "beyond", "省级资金转移支付(金额)", "370.83", "124.23",
     line=line_of(f, "省级资金转移支付124.23万元,为"))
total(f, "T01", "beyond", "省级资金转移支付(“为”后的明细)", "124.23", ["25", "0.71", "100", "21.24"],
      line=line_of(f, "省级资金转移支付124.23万元,为"))
count(f, "T02", "beyond", "10个项目的执行情况", ["3个项目(100%)", "农业农村生态环境支出", "桂花村美丽乡村项目",
                                          "响洪甸水毁修复项目", "安徽省大别山区水环境生态补偿资金", "2023年美丽乡村建设项目"],
      10, line=line_of(f, "其中3个项目资金执行100%"))
relations[-1]["why"] = ("10个项目的执行情况:其中3个项目执行100%,“剩余”列出5个项目(农业农村生态环境支出、"
                        "桂花村美丽乡村项目、响洪甸水毁修复项目、安徽省大别山区水环境生态补偿资金、"
                        "2023年美丽乡村建设项目),3 + 5 = 8 ≠ 所称10个项目")

# 10 宣州区应急管理局
f = "10-xuanzhou-emergency-2023-transfer.txt"
total(f, "T01", "beyond", "中央拨付(已拨付 + 暂未拨付)", "1800", ["1200", "600"],
      ("还有600万元暂未拨付", "还有500万元暂未拨付"))
rate(f, "T08", "documented", "年度资金总额执行率", "4772.58", "5372.5833", "88.83",
     ("当前预算执行率88.83%", "当前预算执行率86.83%"))
rate(f, "T08", "documented", "中央财政资金执行率", "1200", "1800", "66.67",
     ("当前预算执行率66.67%", "当前预算执行率68.67%"))
rate(f, "T08", "documented", "地方财政资金执行率", "2192.58", "2192.58", "100",
     ("全年执行数2192.58万元", "全年执行数2092.58万元"))
rate(f, "T08", "documented", "其他资金执行率", "1380", "1380", "100",
     ("全年执行数1380万元", "全年执行数1280万元"))

# 11 镜湖区残联: amounts in bare 万 (no 元).
f = "11-jinghu-disabled-2023-transfer.txt"
rate(f, "T08", "beyond", "执行率(单位写作“万”)", "29.6", "29.6", "100", ("执行数29.6万", "执行数27.6万"))

# 12 灵璧县民政局
f = "12-lingbi-civil-affairs-2023-transfer.txt"
count(f, "T02", "beyond", "用途", ["老年人福利", "残疾人福利", "儿童福利"], 3, ("三个方面", "四个方面"))
total(f, "T01", "beyond", "2023年下达专项资金(“具体是”后的明细)", "144.53", ["90.79", "16", "32", "4.75"],
      line=line_of(f, "养老服务4.75万元"))
same(f, "T07", "beyond", "养老服务(金额;第5行写作5.74万元,以5.74计明细之和恰为144.53)", "5.74", "4.75",
     line=line_of(f, "养老服务4.75万元"))
total(f, "T01", "beyond", "以前年度结转(“具体是”后的明细)", "22", ["32"],
      line=line_of(f, "以前年度结转22万元,具体是"))
rate(f, "T08", "beyond", "预算执行率(专项资金、全年执行数)", "133.53", "144.53", "92.4",
     ("全年执行数133.53万元", "全年执行数123.53万元"))

# 13 赫山区城管执法局: counts on one line, lists on the next; persons.
f = "13-heshan-urban-mgmt-2019-dept.txt"
count(f, "T02", "beyond", "内设股室(个数与列举分两行)",
      ["办公室", "督查考核股", "法制股", "市政公用设施管理股", "财务股", "人事股", "城市管理指挥中心"], 7,
      ("①局机关内设股室7", "①局机关内设股室8"))
count(f, "T02", "beyond", "区级办公室(个数与列举分两行)", ["区城市管理委员会办公室", "区查违办"], 2,
      ("③区级办公室2", "③区级办公室3"))
total(f, "T01", "beyond", "现有人员", "1894", ["187", "1707"], ("现有人员1894人", "现有人员1904人"), unit="人")
total(f, "T01", "beyond", "局本级人员", "187", ["139", "8", "40"], ("协管员40人", "协管员50人"), unit="人")
total(f, "T01", "beyond", "环卫处人员", "1707", ["132", "148", "272", "1155"],
      ("临聘人员272人", "临聘人员282人"), unit="人")

# 14 云南省应急管理厅
f = "14-yunnan-emergency-2022-disaster.txt"
total(f, "T01", "beyond", "租机补助经费预算(合计在前一句)", "10441", ["8353", "2088"],
      ("省级配套资金2088万元", "省级配套资金2188万元"))
total(f, "T01", "beyond", "实际执行(合计在前一句)", "9265.353442", ["7177.373442", "2087.98"],
      ("省级财政配套资金执行2087.98万元", "省级财政配套资金执行2187.98万元"))
rate(f, "T08", "beyond", "项目执行率(预算在前文)", "9265.353442", "10441", "88.74",
     ("项目执行率88.74%", "项目执行率86.74%"))

# 15 渑池: total in 14, parts on lines 21-24 (一是…四是).
f = "15-mianchi-villages-2019-project.txt"
total(f, "T01", "beyond", "共需资金(明细分四行)", "8144", ["277", "600", "5039", "2228"],
      ("需资金277万元", "需资金287万元"))
same(f, "T07", "beyond", "受益农户(“受益农户”与“直接受益农户”)", "9840", "9840",
     ("直接受益农户9840个", "直接受益农户9940个"))

# 16 元阳县大坪乡: "303万元,其中项目管理费3万元" is one item, not a decomposition.
f = "16-yuanyang-daping-2021-project.txt"
total(f, "T01", "beyond", "道路硬化面积(明细在前几句)", "4970", ["700", "900", "400", "650", "1220", "1100"],
      ("新下寨村内道路硬化400平方米", "新下寨村内道路硬化500平方米"), unit="平方米")
total(f, "T01", "beyond", "挡墙建设(明细在前几句)", "960", ["360", "600"],
      ("平安寨村内危险路段挡墙建设600立方米", "平安寨村内危险路段挡墙建设700立方米"), unit="立方米")

# 17 昌宁县珠街彝族乡中心学校 (no grade bands are stated: 86.4 良好 is not checkable).
f = "17-changning-zhujie-2023-project.txt"
rate(f, "T08", "beyond", "实际执行率(合计、实际发放)", "107.78", "149.63", "72.03",
     ("实际执行率为72.03%。", "实际执行率为74.03%。"))
rate(f, "T08", "beyond", "实际执行率(时效指标中重述)", "107.78", "149.63", "72.03",
     ("实际发放107.78万元,实际执行率为72.03%,2023年秋季", "实际发放117.78万元,实际执行率为72.03%,2023年秋季"))

# 18 昌宁县翁堵镇中心学校
f = "18-changning-wengdu-2023-project.txt"
rate(f, "T08", "beyond", "预算执行率(金额在前一句)", "108.61", "118.92", "91.33",
     ("预算执行率91.33 %", "预算执行率93.33 %"))
total(f, "T01", "beyond", "免费年限", "9", ["6", "3"], ("初中3年", "初中4年"), unit="年")

# 19 昌宁 特殊教育公用经费
f = "19-changning-special-ed-2023-project.txt"
rate(f, "T08", "beyond", "预算执行率(资金总额、拨付使用)", "6.46", "6.46", "100",
     ("拨付使用资金6.46万元", "拨付使用资金5.46万元"))
total(f, "T01", "documented", "全年预算资金", "6.46", ["4.68", "1.76", "0.02"], ("省级配套1.76万元", "省级配套1.86万元"))

# 20 台江
f = "20-taijiang-compulsory-ed-2023-transfer.txt"
rate(f, "T08", "beyond", "资金执行率(资金共计、实际支出)", "547.615", "547.615", "100",
     ("实际支出547.615万元", "实际支出527.615万元"))

# 21 永德县明朗中学 (table): total score = sum of the item scores.
f = "21-yongde-minglang-2022-table.txt"
total(f, "T05", "beyond", "总分(表格:执行率10分 + 各指标得分)", "96",
      ["10", "10", "10", "7", "10", "10", "9", "10", "10", "10"],
      ("100%	10	7", "100%	10	8"), unit="分")

# 22 会宁, 26 瓯海: no relation.

# 23 西平: "共编制12个…,其中一级3个,二级9个,三级12个" is a hierarchy, not a sum.
f = "23-xiping-transport-2022-rural.txt"
rate(f, "T08", "beyond", "执行率(资金共、已完成拨付)", "2113.63", "2179", "97", ("执行率97%", "执行率95%"))

# 24 汶川
f = "24-wenchuan-food-2021-transfer.txt"
total(f, "T01", "beyond", "中央下达预算资金(两笔,无“其中”)", "3", ["1.5", "1.5"],
      ("下达我局食品监管补助资金1.5万元", "下达我局食品监管补助资金2.5万元"))

# 25 柯桥
f = "25-keqiao-health-2023-bonds.txt"
count(f, "T02", "beyond", "专项债券项目(表格行)", ["兰亭院区", "马鞍医院", "齐贤医院"], 3, ("项目3个", "项目4个"))
total(f, "T01", "beyond", "债券资金(表格列)", "1.69", ["0.2", "1.0", "0.49"],
      ("争取债券资金1.69亿元", "争取债券资金1.79亿元"), unit="亿元")

# 27 江苏 水质净化中心
f = "27-jiangsu-water-plant-bonds.txt"
count(f, "T02", "documented", "项目组成", ["污水处理中心", "配套管网新建和修复工程", "尾水湿地改造及九岛环湖生态修复工程"], 3,
      ("三部分", "四部分"))
total(f, "T01", "beyond", "总占地面积(明细在后几句;管网不计)", "335", ["35", "300"],
      ("总占地面积35亩", "总占地面积45亩"), unit="亩")
total(f, "T01", "beyond", "湿地占地面积(括号内明细)", "300", ["165", "135"],
      ("陆域面积约135亩", "陆域面积约145亩"), unit="亩")

# 28 临城: parts first, then 合计.
f = "28-lincheng-roads-2021.txt"
total(f, "T01", "beyond", "合计批复总投资(合计在明细之后)", "6222.4", ["3374.3", "2069.51", "778.59"],
      ("总投资2069.51万元", "总投资2169.51万元"))
total(f, "T01", "beyond", "其中建筑工程(合计在明细之后)", "6025.215", ["3292", "1975.775", "757.44"],
      ("(其中建筑工程757.44万元)", "(其中建筑工程767.44万元)"))
count(f, "T02", "documented", "三批项目乡镇", ["临城镇", "黑城镇", "石城乡", "郝庄镇", "赵庄乡"], 5,
      ("5个乡镇11个村", "6个乡镇11个村"))
total(f, "T01", "beyond", "三批项目村数(括号内列举)", "11", ["5", "1", "3", "1", "1"],
      ("5个乡镇11个村", "5个乡镇12个村"), unit="个")

# 29 中江 (flattened table): 产出指标(70分) = 10 + 10 + 20 + 10 + 10 + 10.
f = "29-zhongjiang-water-2022-table.txt"
total(f, "T05", "beyond", "产出指标分值(表格压成一行)", "70", ["10", "10", "20", "10", "10", "10"],
      ("产出指标(70分)", "产出指标(75分)"), unit="分")

# 30 南县财政局 ("乡镇财政等16个股室" lists examples: not an inconsistency).
f = "30-nanxian-finance-2020-dept.txt"
count(f, "T02", "beyond", "直属事业单位(个数在列举之前)",
      ["县国库集中支付中心", "县财政信息中心", "县工资统发中心", "县财政投资评审中心", "县政府债务研究评估中心",
       "县财政预算编审中心", "县国有资产服务中心", "县会计服务中心", "县经济开发区财政所"], 10,
      line=line_of(f, "直属事业单位10个"))
count(f, "T02", "beyond", "副科级事业单位(个数在列举之前)", ["财政事务中心", "南县国库集中支付中心"], 2,
      ("事业单位2个,", "事业单位3个,"))
count(f, "T02", "beyond", "预算单位(个数在列举之前)", ["南县财政局机关本级", "南县财政事务中心", "南县国库集中支付中心"], 3,
      ("单位有3个", "单位有4个"))
total(f, "T01", "beyond", "编制人员(合计在前一句)", "205", ["113", "2", "75", "10", "5"],
      ("退休75人", "退休85人"), unit="人")

# 31 衡山县贯塘乡 (table, a cell a line).
f = "31-hengshan-guantang-2023-table.txt"
total(f, "T01", "beyond", "按收入性质分(表格)", "2030.12", ["1325.68", "118.82", "585.62"],
      ("其他资金:585.62", "其他资金:595.62"))
total(f, "T01", "beyond", "按支出性质分(表格)", "1925.67", ["900.47", "1025.20"],
      ("其中:基本支出:900.47", "其中:基本支出:910.47"))
rate(f, "T03", "beyond", "人员控制率(表格)", "50", "46", "108.70", ("108.70%", "106.70%"))

# 32 乡村振兴 范文 (issuer not named)
f = "32-rural-revitalization-sample.txt"
total(f, "T01", "beyond", "安排资金(合计在前一句,写作“万”)", "19204.096", ["14059.11", "1299", "3845.986"],
      ("市级1299万元", "市级1399万元"))
rate(f, "T03", "documented", "支付率(已支付 + 未支付)", "18501.096", "19204.096", "95",
     line=line_of(f, "支付率95%"))
relations[-1]["why"] = ("支付率:已支付18501.096万元,未支703万元,18501.096 + 703 = 19204.096万元(即安排资金);"
                        + relations[-1]["why"])

# 33 儋州 某镇 (范文网站转载)
f = "33-danzhou-town-revitalization.txt"
total(f, "T01", "beyond", "财政衔接资金(合计关键词为“资金”)", "1077.56", ["630.2", "429.36", "18"],
      ("省级专项衔接资金429.36万元", "省级专项衔接资金439.36万元"))
total(f, "T01", "beyond", "项目资金到位(合计关键词为“资金”)", "1130.71", ["1077.56", "53.15"],
      ("预拨资金53.15万元。项目资金", "预拨资金63.15万元。项目资金"))

# 34 岳阳 财政金融部 (table, a cell a line)
f = "34-yueyang-finance-2024-table.txt"
rate(f, "T08", "beyond", "执行率(表格:全年预算数、全年执行数)", "1389.3", "1397.90", "99.3",
     line=line_of(f, "99.3%"))
total(f, "T01", "beyond", "2023年决算数项目支出(表格列)", "1505.3", ["1049.4", "156.6", "279.3", "20", "4"],
      line=line_of(f, "1505.3"))
total(f, "T01", "beyond", "2024年决算数项目支出(表格列)", "1369.3", ["958.7", "43.6", "345", "20", "2"],
      ("958.7", "968.7"), line=line_of(f, "958.7"))
total(f, "T01", "beyond", "2024年预算数项目支出(表格列)", "1377.9", ["960.00", "44.50", "351.40", "20", "2"],
      ("351.40", "361.40"), line=line_of(f, "351.40"))


def main():
    files = sorted(x for x in os.listdir(HERE) if x.endswith(".txt"))
    expected = {x: [] for x in files}
    muts = []
    for r in relations:
        mark = "ok " if r["ok"] else "BAD"
        print(f"{mark} {r['file'][:2]} {r['code']} {r['scope']:<10} l{r['line']}: {r['why']}")
        if r["ok"]:
            if not r["find"]:
                raise SystemExit(f"consistent relation without a mutation: {r}")
            muts.append({k: r[k] for k in ("file", "line", "code", "scope", "find", "replace", "why")})
        else:
            expected[r["file"]].append({"code": r["code"], "line": r["line"], "severity": r["severity"],
                                        "scope": r["scope"], "why": r["why"]})
    for x, want in expected.items():
        want.sort(key=lambda e: (e["line"], e["code"]))
        with open(os.path.join(HERE, x[:-4] + ".expected.json"), "w", encoding="utf-8") as fh:
            json.dump(want, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    with open(os.path.join(HERE, "mutations.json"), "w", encoding="utf-8") as fh:
        json.dump(muts, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    bad = sum(1 for r in relations if not r["ok"])
    print(f"{len(relations)} relations: {len(relations) - bad} consistent, {bad} inconsistent; "
          f"{sum(1 for r in relations if r['scope'] == 'documented')} in documented forms")


main()
