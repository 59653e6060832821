"""The resettlement app's part of the 2024 demo: the figures of the year-end summary (see
``/work/shared/brief.md`` §2) — 4 ideal communities rehousing the 27 relocated villages of
the core's demo, 6,150 households (21,525 residents) that all selected a unit (100 %),
6,120 units handed over in 2024, 2,085 亩 acquired, 64 merchants of 中心大街 demolished,
955 help-line tickets (945 resolved by the 9 helpers of the core's people register), repair
requests open, overdue and closed, and the city's 12345 community-management tickets
falling 35 % from October to November.

The small tables are CSV files beside this module (one column per field, related records
by name): service centres, scenarios, land acquisitions, merchants, the 12345 indicator.
The households, their members, the buildings, units, selections and handovers are
generated here from a few numbers (``HOUSEHOLDS``, ``MEMBERS``, …), deterministically: the
same load gives the same rows. Residents are invented: names marked 示例, ID numbers that
pass the GB 11643 check in region 370199, which no district holds.

Large tables go through the core's bulk path (``record_bulk_create``, a few queries per
thousand rows); a rerun creates only what is missing (by household number, by unit), and
never rewrites a record. Small tables are ``sync``-ed as every demo does.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from cuizhai.core.base.demo import (
    DEMO_CHANGE_REASON,
    demo_staff,
    read_table,
    records_by,
    replay_closed_loop,
    replay_closed_loop_bulk,
    sync,
)
from cuizhai.core.base.personal_values import id_check_character
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.choices import (
    IndicatorPeriodKind,
    ReportChannel,
    Satisfaction,
    WorkflowStatus,
)
from cuizhai.core.models import Community, Indicator, IndicatorValue, Person, Village
from resettlement import services
from resettlement.apps import ResettlementConfig
from resettlement.choices import HelpScenario, HouseholdStatus, UnitStatus
from resettlement.models import (
    Building,
    CommunityScenario,
    Handover,
    HelpLineTicket,
    Household,
    HouseholdMember,
    HousingUnit,
    LandAcquisition,
    MerchantDemolition,
    RepairRequest,
    Selection,
    ServiceCentre,
)
from resettlement.selectors import HOTLINE_12345_INDICATOR

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUSEHOLDS = 6150  # every one selected a unit: 100 %
WAITING = 30  # of them, selected but not yet handed over: 6,120 handed over in 2024
MEMBERS = (3, 4)  # alternately: 21,525 residents
FLOORS, ENTRANCES, ROOMS = 18, 2, 4  # 144 units a building
TICKETS_RESOLVED, TICKETS_OPEN = 945, 10
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海燕", "立新", "红梅", "文华", "玉兰", "国庆", "淑珍",
         "振华", "春梅", "德明", "丽娟", "永胜"]
RELATIONS = ("head", "spouse", "child", "parent")
DEMO_STAFF = {"username": "demo-resettlement-officer", "first_name": "示例·孙伟"}


def load():
    with transaction.atomic():
        communities = records_by(Community, "name", [
            row["name"] for row in read_table("cuizhai.core.demo", "communities.csv")])
        village_rows = [row for row in read_table("cuizhai.core.demo", "villages.csv")
                        if row["is_relocated"] == "True"]
        by_code = records_by(Village, "code", [row["code"] for row in village_rows])
        villages = {row["name"]: by_code[row["code"]] for row in village_rows}
        _tables(communities, villages)
        officer = _staff()
        buildings = _housing(communities, [(villages[row["name"]], row["code"])
                                           for row in village_rows])
        _repairs(HousingUnit.objects.filter(building__in=buildings,
                                            status=UnitStatus.HANDED_OVER).order_by("pk")[:60],
                 officer)
        _tickets(communities, officer)


def _tables(communities, villages):
    sync(ServiceCentre, ["community"], [
        {**row, "community": communities[row["community"]]}
        for row in read_table(__name__, "service_centres.csv")])
    sync(CommunityScenario, ["community", "scenario"], [
        {**row, "community": communities[row["community"]]}
        for row in read_table(__name__, "scenarios.csv")])
    sync(LandAcquisition, ["parcel_code"], [
        {**row, "village": villages[row["village"]]}
        for row in read_table(__name__, "land_acquisitions.csv")])
    sync(MerchantDemolition, ["merchant_name"], read_table(__name__, "merchant_demolitions.csv"))
    indicators = sync(Indicator, ["code"], [{
        "code": HOTLINE_12345_INDICATOR, "name": "12345热线社区管理类工单", "unit": "件",
        "area": "resettlement", "period_kind": IndicatorPeriodKind.MONTHLY,
        "description": "市12345热线转办的社区管理类工单数（按月）。"}])
    hotline = indicators[(HOTLINE_12345_INDICATOR,)]
    monthly = [168, 160, 157, 150, 146, 138, 131, 122, 112, 100, 65]  # Nov: −35 % 环比
    sync(IndicatorValue, ["indicator", "year", "month"], [
        {"indicator": hotline, "year": 2024, "month": month, "value": value,
         "source": "济南市12345热线"}
        for month, value in enumerate(monthly, start=1)])


def _staff():
    return demo_staff(DEMO_STAFF["username"], DEMO_STAFF["first_name"],
                      ResettlementConfig.office_group)


# --- households and their housing ------------------------------------------------------------

def synthetic_id(serial):
    """A resident ID number that passes the check and belongs to nobody (region 370199)."""
    born = date(1940, 1, 1) + timedelta(days=serial // 1000)
    first17 = f"370199{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_character(first17)


def _name(serial):
    return f"示例·{SURNAMES[serial % len(SURNAMES)]}{GIVEN[serial // len(SURNAMES) % len(GIVEN)]}"


def _plan(villages):
    """(village, household number) for every household, in village order. ``villages``:
    (village, its code in the demo's table) — the number keeps the code the demo gave the
    village, so a village whose code a user changed since keeps its households."""
    base, extra = divmod(HOUSEHOLDS, len(villages))
    return [(village, f"{demo_code[-3:]}-{n:04d}")
            for index, (village, demo_code) in enumerate(villages)
            for n in range(1, base + (index < extra) + 1)]


def _housing(communities, villages):
    """Buildings enough for each community's households, every household in its unit;
    returns the buildings. ``villages``: (village, its code in the demo's table)."""
    plan = _plan(villages)
    by_community = {}
    for village, code in plan:
        by_community.setdefault(village.resettled_in_id, []).append((village, code))
    building_rows, places = [], {}
    for community in communities.values():
        households = by_community.get(community.pk, [])
        per_building = FLOORS * ENTRANCES * ROOMS
        count = -(-len(households) // per_building)
        for number in range(1, count + 1):
            building_rows.append({"community": community, "number": f"{number}号楼",
                                  "floors": FLOORS, "units_planned": per_building})
        places[community.pk] = [
            (f"{number}号楼", str(entrance), floor, f"{floor}0{room}")
            for number in range(1, count + 1) for entrance in range(1, ENTRANCES + 1)
            for floor in range(1, FLOORS + 1) for room in range(1, ROOMS + 1)]
    buildings = {(b.community_id, b.number): b
                 for b in sync(Building, ["community", "number"], building_rows).values()}

    existing = set(Household.objects.filter(code__in=[code for _v, code in plan])
                   .values_list("code", flat=True))
    missing = [(index, village, code) for index, (village, code) in enumerate(plan)
               if code not in existing]
    if not missing:
        return list(buildings.values())
    # Each household's unit: the n-th place of its community, in household order.
    slot = {}
    counters = {}
    for village, code in plan:
        community = village.resettled_in_id
        position = counters.get(community, 0)
        counters[community] = position + 1
        slot[code] = (community, places[community][position])
    waiting = {code for _v, code in plan[-WAITING:]}

    unit_rows, household_rows, member_rows = [], [], []
    serial = 0
    for index, village, code in missing:
        community, (number, entrance, floor, room) = slot[code]
        handed = code not in waiting
        unit_rows.append({"building": buildings[(community, number)], "entrance": entrance,
                          "floor": floor, "room": room,
                          "area": ("89.60", "105.30", "125.80")[index % 3],
                          "layout": ("2b1l", "3b1l", "3b2l")[index % 3],
                          "status": UnitStatus.HANDED_OVER if handed else UnitStatus.SELECTED})
        size = MEMBERS[index % 2]
        serial = index * 5
        household_rows.append({
            "code": code, "village": village, "head_name": _name(serial),
            "head_id_number": synthetic_id(serial), "head_phone": "",
            "entitled_area": ("90.00", "120.00", "150.00")[index % 3],
            "status": HouseholdStatus.REHOUSED if handed else HouseholdStatus.DEMOLISHED,
            "contract_date": date(2023, 9, 1) + timedelta(days=index % 120),
            "vacated_date": date(2023, 12, 1) + timedelta(days=index % 60),
            "demolished_date": date(2024, 2, 1) + timedelta(days=index % 30),
            "split_status": ("none", "none", "none", "agreed", "pending")[index % 5],
        })
        member_rows.append([{"name": _name(serial + m), "relation": RELATIONS[m],
                             "id_number": synthetic_id(serial + m)} for m in range(size)])
    write = {"by": None, "reason": DEMO_CHANGE_REASON}
    units = record_bulk_create(model=HousingUnit, rows=unit_rows, **write)
    households = record_bulk_create(model=Household, rows=household_rows, **write)
    record_bulk_create(model=HouseholdMember, rows=[
        {**member, "household": household}
        for household, members in zip(households, member_rows, strict=True)
        for member in members], **write)
    record_bulk_create(model=Selection, rows=[
        {"household": household, "unit": unit, "order_number": position + 1,
         "selected_on": date(2024, 3, 1) + timedelta(days=position % 90)}
        for position, (household, unit) in enumerate(zip(households, units, strict=True))],
        **write)
    handed = [unit for unit in units if unit.status == UnitStatus.HANDED_OVER]
    record_bulk_create(model=Handover, rows=[
        {"unit": unit, "handed_over_on": date(2024, 6, 1) + timedelta(days=position % 180),
         "keys_handed": 2, "water_reading": "0.00", "electricity_reading": "0.00"}
        for position, unit in enumerate(handed)], **write)
    return list(buildings.values())


# --- closed-loop items -----------------------------------------------------------------------

def _moment(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _repairs(units, officer):
    """Repair requests on the first 60 handed-over units: two thirds verified and closed
    (asked back), the rest open — those reported in 2024 are overdue by now. Each is
    reported and taken through its steps by the services, the steps back-dated to 2024
    (``replay_closed_loop``)."""
    units = list(units)
    if RepairRequest.objects.filter(unit__in=units).exists():
        return
    categories = ("leak", "crack", "doors_windows", "plumbing", "electrical", "other")
    titles = {"leak": "卫生间渗水", "crack": "墙面裂缝", "doors_windows": "入户门关不严",
              "plumbing": "厨房下水不畅", "electrical": "插座无电", "other": "楼道灯不亮"}
    checker = _checker()
    for index, unit in enumerate(units):
        category = categories[index // 3 % len(categories)]  # open and closed of each
        reported = _moment(date(2024, 7, 1) + timedelta(days=index * 2))
        item = services.repair_request_report(
            by=officer, unit=unit, category=category, title=titles[category],
            reported_at=reported, channel=ReportChannel.HELP_LINE,
            reporter_name=_name(9000 + index))
        days = 1 + index % 6
        replay_closed_loop(  # the third left open, as reported
            item, status=WorkflowStatus.CLOSED if index % 3 != 2 else WorkflowStatus.REPORTED,
            handler=officer, verifier=checker, responded_at=reported + timedelta(hours=1),
            resolved_at=reported + timedelta(days=days),
            closed_at=reported + timedelta(days=days, hours=20),
            resolution="已维修完毕", satisfaction=Satisfaction.SATISFIED)


def _tickets(communities, officer):
    """The help line's 2024: 945 tickets resolved (verified and asked back) by the nine
    helpers, ten still open — each with its log of steps at their 2024 moments, written at
    once (``replay_closed_loop_bulk``)."""
    if HelpLineTicket.objects.filter(reported_at__year=2024).exists():
        return
    helpers = list(Person.objects.filter(kind="helper", is_active=True).order_by("name"))
    scenarios = HelpScenario.values
    titles = {"resettlement": "安置房产权证办理咨询", "community_management": "小区停车管理",
              "civil_affairs": "低保申请", "employment": "就业培训报名",
              "health": "家庭医生签约", "education": "入学咨询", "elderly_care": "助餐服务",
              "disputes": "邻里纠纷调解"}
    checker = _checker()
    rows = []
    community_list = list(communities.values())
    for index in range(TICKETS_RESOLVED + TICKETS_OPEN):
        scenario = scenarios[index % len(scenarios)]
        day = date(2024, 1, 2) + timedelta(days=index * 331 // (TICKETS_RESOLVED + TICKETS_OPEN))
        reported = _moment(day, 9 + index % 8)
        row = {"title": titles[scenario], "scenario": scenario,
               "helper": helpers[index % len(helpers)] if helpers else None,
               "community": community_list[index % len(community_list)],
               "channel": (ReportChannel.HELP_LINE, ReportChannel.HOTLINE_12345,
                           ReportChannel.WALK_IN)[index % 3],
               "reported_at": reported}
        if index < TICKETS_RESOLVED:
            answered = reported + timedelta(hours=2)
            resolved = reported + timedelta(days=1 + index % 3)
            row.update(assignee=officer, resolved_by=officer, verified_by=checker,
                       resolution="已办结，群众认可。",
                       satisfaction=(Satisfaction.SATISFIED, Satisfaction.SATISFIED,
                                     Satisfaction.BASICALLY_SATISFIED)[index % 3],
                       steps={"assign": answered, "start": answered, "resolve": resolved,
                              "verify": resolved + timedelta(days=1)})
        rows.append(row)
    replay_closed_loop_bulk(HelpLineTicket, rows, by=officer)


def _checker():
    return demo_staff("demo-resettlement-chief", "示例·周敏", ResettlementConfig.office_group)
