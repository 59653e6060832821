"""Rewrite the safety demo's year tables (``safety/demo/expert_inspections.csv`` and
``year_hazards.csv``) with targets spread as a subdistrict's are: each of the 29
enterprises of the core demo inspected once, the other inspections at sites of the 27
villages (shops, yards, building sites…), each site once, except 40 follow-up inspections
that go back to a place inspected at least a month before and find some of its earlier
categories again — the repeats (重复隐患), about 3 % of the hazards. Within an inspection
the hazards are of different categories. Of the traffic hazards, those on a traffic-safety
inspection (交通, made with the traffic police) are the brief's 90-odd found jointly with the
traffic police (联合交警排查隐患90余处): the others found there trade category and title with
a hazard at an inspection of another kind.

The dates, kinds, inspectors, and each hazard's level, report time and closed-loop
columns are kept from the current tables; only targets, categories and titles are drawn
(seeded: running it again gives the same tables).

    python scripts/safety_demo_tables.py
"""

import csv
import random
from collections import defaultdict
from datetime import date
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "safety" / "demo"
CORE = Path(__file__).resolve().parent.parent / "cuizhai" / "core" / "demo"
FOLLOW_UPS = 40
JOINT_TRAFFIC_HAZARDS = 93  # traffic hazards on traffic-safety inspections
REPEATS_PER_FOLLOW_UP = 1
SITES = ["村口路段", "村内主干道", "在建工地", "集市", "仓储点", "沿街商铺", "农家乐", "养殖场",
         "废品收购站", "出租房集中区", "自建房工地", "汽修店", "餐饮店", "物流仓库", "学校门口",
         "幼儿园周边", "文化广场", "卫生室", "加油站周边", "建材市场", "小作坊", "冷库",
         "超市", "宾馆", "网吧", "木材加工点", "砖厂旧址", "排水沟渠工地", "供暖站", "菜市场"]
# How often each category is drawn (traffic and site management most often).
WEIGHTS = {"dust": 487, "electrical": 675, "fire": 487, "hazardous_chemicals": 263,
           "machinery": 226, "other": 224, "site_management": 938, "traffic": 938,
           "work_at_height": 450}
CATEGORIES = tuple(WEIGHTS)
TITLES = {
    "dust": ["渣土车未密闭", "裸土未覆盖", "车辆未冲洗出场"],
    "electrical": ["电缆绝缘层破损", "线路私拉乱接", "配电箱未可靠接地"],
    "fire": ["安全出口指示灯损坏", "消防通道堆放杂物", "灭火器过期失效"],
    "hazardous_chemicals": ["危化品台账不全", "危化品混存", "气瓶未防倾倒"],
    "machinery": ["设备未定期检验", "设备防护罩缺失", "起重设备限位失效"],
    "other": ["应急预案未演练", "安全培训记录缺失"],
    "site_management": ["安全技术交底缺失", "安全警示标志缺失", "特种作业人员无证"],
    "traffic": ["交通标志缺失", "施工路段无警示", "缺少减速带", "路口视线遮挡"],
    "work_at_height": ["临边防护缺失", "脚手架未设防护网", "高处作业未系安全带"],
}


def read(path):
    with path.open(encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def kind_of(inspections, hazard):
    return inspections[int(hazard["inspection_line"]) - 2]["kind"]


def keep_joint_traffic_hazards(inspections, hazards, draw):
    """Leave ``JOINT_TRAFFIC_HAZARDS`` traffic hazards on the traffic-safety inspections:
    each other one there trades its category and title with a hazard of another category
    at an inspection of another kind, so that no inspection holds a category twice (the
    number of each category stays as drawn)."""
    categories_at = defaultdict(set)
    for row in hazards:
        categories_at[row["inspection_line"]].add(row["category"])
    joint = [row for row in hazards
             if row["category"] == "traffic" and kind_of(inspections, row) == "traffic"]
    partners = [row for row in hazards
                if row["category"] != "traffic" and kind_of(inspections, row) != "traffic"]
    draw.shuffle(partners)
    for hazard in draw.sample(joint, max(len(joint) - JOINT_TRAFFIC_HAZARDS, 0)):
        line = hazard["inspection_line"]
        partner = next(
            row for row in partners
            if row["category"] not in categories_at[line]
            and "traffic" not in categories_at[row["inspection_line"]])
        partners.remove(partner)
        categories_at[line] = categories_at[line] - {"traffic"} | {partner["category"]}
        categories_at[partner["inspection_line"]] = (
            categories_at[partner["inspection_line"]] - {partner["category"]} | {"traffic"})
        for field in ("category", "title"):
            hazard[field], partner[field] = partner[field], hazard[field]


def main():
    draw = random.Random(2024)
    inspections = read(DEMO / "expert_inspections.csv")
    hazards = read(DEMO / "year_hazards.csv")
    enterprises = [row["名称"] for row in read(CORE / "enterprises.csv")]
    villages = [row["name"] for row in read(CORE / "villages.csv")]
    places = [("", site, village) for site in SITES for village in villages]
    draw.shuffle(places)
    places = [(name, "", "") for name in enterprises] + places

    by_line = defaultdict(list)
    for row in hazards:
        by_line[int(row["inspection_line"])].append(row)
    count = len(inspections)
    follow_ups = set(draw.sample(range(count // 3, count), FOLLOW_UPS))
    fresh = iter(places)
    target_of, first_visit = {}, {}
    found_at = defaultdict(set)  # place → the categories found there
    for index, row in enumerate(inspections):
        rows = by_line.get(index + 2, [])
        day = date.fromisoformat(row["assessed_on"])
        # A follow-up goes back to a place seen at least a month before; what it finds is
        # of new categories as far as the nine allow, then of earlier ones (repeats).
        earlier = [place for place, seen_on in first_visit.items()
                   if (day - seen_on).days >= 30]
        if index in follow_ups and earlier:
            target = draw.choice(earlier)
        else:
            target = next(fresh)
            first_visit[target] = day
        target_of[index] = target
        row["enterprise"], row["site"], row["village"] = target
        before = sorted(found_at[target])
        chosen = draw.sample(before, min(REPEATS_PER_FOLLOW_UP, len(before), len(rows)))
        while len(chosen) < len(rows):
            pool = ([c for c in CATEGORIES if c not in before and c not in chosen]
                    or [c for c in CATEGORIES if c not in chosen])
            chosen.append(draw.choices(pool, [WEIGHTS[c] for c in pool])[0])
        for hazard, category in zip(rows, chosen, strict=True):
            hazard["category"] = category
            hazard["title"] = draw.choice(TITLES[category])
        found_at[target].update(chosen)

    keep_joint_traffic_hazards(inspections, hazards, draw)

    seen, repeats = set(), 0
    for row in hazards:
        key = (target_of[int(row["inspection_line"]) - 2], row["category"])
        repeats += key in seen
        seen.add(key)
    joint = sum(row["category"] == "traffic" and kind_of(inspections, row) == "traffic"
                for row in hazards)
    print(f"{len(hazards)} hazards at {len(set(target_of.values()))} places, "
          f"{repeats} found again at their place, {joint} traffic hazards on traffic-safety "
          "inspections")
    write(DEMO / "expert_inspections.csv", inspections)
    write(DEMO / "year_hazards.csv", hazards)


if __name__ == "__main__":
    main()
