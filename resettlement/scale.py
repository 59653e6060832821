"""The resettlement app's part of the city-scale data (``manage.py generate_scale``).

Rates per subdistrict and year, from the issue's city (150 subdistricts, ten years): a
million housing units, i.e. about 667 a subdistrict and year, in buildings of 72 flats of
the subdistrict's resettlement community; a household of one of its two relocated villages
for 95 % of them, which selected its flat; nine in ten selected flats handed over; one
handed-over flat in ten with a repair request played through the closed loop. Every row
holds the models' rules and the services': each step's date, "rehoused" only with a
handed-over flat, one household per flat, the flat's status as selection and handover
leave it, the repair deadlines of its category.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cuizhai.core.base.personal_values import id_check_character, keyed_hash
from cuizhai.core.base.scale import DeadlineBook, stamped, write_closed_loop_story
from cuizhai.core.choices import CommunityKind
from cuizhai.core.models import Community, Village
from projects.scale import Part as ProjectsPart
from resettlement.choices import HouseholdStatus, RepairCategory, UnitLayout, UnitStatus
from resettlement.models import Building, Handover, Household, HousingUnit, RepairRequest, Selection

CODE_PREFIX = "SC"
UNITS = 667  # a subdistrict and year
FLOORS, ENTRANCES, ROOMS_PER_FLOOR = 18, 2, 2
UNITS_PER_BUILDING = FLOORS * ENTRANCES * ROOMS_PER_FLOOR
SELECTED, HANDED_OVER, REPAIRED = 0.95, 0.9, 0.1
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"]
AREAS = {UnitLayout.ONE_ROOM: 60, UnitLayout.TWO_ROOMS: 80, UnitLayout.TWO_ROOMS_TWO_LIVING: 95,
         UnitLayout.THREE_ROOMS: 110, UnitLayout.THREE_ROOMS_TWO_LIVING: 125,
         UnitLayout.FOUR_ROOMS: 140}
S = HouseholdStatus


def already_generated():
    return Household.objects.filter(code__startswith=f"{CODE_PREFIX}-").exists()


def generate(run):
    Part(run).generate()


def resident_id(serial, rng):
    first17 = f"370112{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 += f"{serial % 1000:03d}"
    return first17 + id_check_character(first17)


class Part:
    def __init__(self, run):
        self.run, self.rng, self.writer = run, run.rng, run.writer
        self.today = timezone.localdate(run.now)
        self.repair_type = ContentType.objects.get_for_model(RepairRequest).pk
        self.deadlines = {}
        for category in RepairCategory.values:
            terms = RepairRequest(category=category).deadline_terms()
            self.deadlines[category] = DeadlineBook(SimpleNamespace(
                response_hours=terms.response_hours,
                resolution_working_days=terms.resolution_working_days))
        self.story = ProjectsPart(run).story  # the offices' pace through the closed loop
        self.serial = 0

    def aware(self, day, hour=10):
        return min(timezone.make_aware(datetime.combine(day, time(hour))), self.run.now)

    def day_after(self, day, low, high):
        return min(day + timedelta(days=self.rng.randint(low, high)), self.today)

    def generate(self):
        run = self.run
        progress = run.progress("resettlement", run.subdistricts * len(run.years))
        for number, name in enumerate(run.shared["subdistricts"], start=1):
            at = self.aware(date(run.years[0], 1, 1))
            community = self.writer.new_id(Community)
            self.add(Community, {"id": community, "name": f"{name}理想社区（规模）",
                                 "kind": CommunityKind.IDEAL, "address": f"{name}街道"}, at)
            run.shared.setdefault("communities", {})[number] = community  # safety's sites
            villages = list(self.writer.reserve_ids(Village, 2))
            for k, pk in enumerate(villages, start=1):
                self.add(Village, {"id": pk, "name": f"{name}{k}村（规模）",
                                   "code": f"3799{number:05d}{k:03d}", "is_relocated": True,
                                   "resettled_in_id": community}, at)
            for year in run.years:
                self.year(number, year, community, villages)
                progress.advance()
        progress.close()

    def add(self, model, row, at):
        row = {**row, **stamped(at)}
        self.writer.add(model, row)
        self.writer.add_history(model, row, history_date=at)
        return row

    def year(self, number, year, community, villages):
        run, rng, writer = self.run, self.rng, self.writer
        count = run.count(UNITS)
        built = self.aware(date(year, 1, 1) + timedelta(days=rng.randint(0, 60)))
        buildings = -(-count // UNITS_PER_BUILDING)
        units = []
        for b, building in enumerate(writer.reserve_ids(Building, buildings), start=1):
            self.add(Building, {"id": building, "community_id": community,
                                "number": f"{year}-{b}号楼", "floors": FLOORS,
                                "units_planned": UNITS_PER_BUILDING}, built)
            for floor in range(1, FLOORS + 1):
                for entrance in range(1, ENTRANCES + 1):
                    for room in range(1, ROOMS_PER_FLOOR + 1):
                        units.append((building, str(entrance), floor, f"{floor}{room:02d}"))
        units = units[:count]
        for order, (pk, place) in enumerate(zip(writer.reserve_ids(HousingUnit, len(units)),
                                                units, strict=True), start=1):
            building, entrance, floor, room = place
            layout = rng.choice(UnitLayout.values)
            unit = {"id": pk, "building_id": building, "entrance": entrance, "floor": floor,
                    "room": room, "layout": layout,
                    "area": Decimal(AREAS[layout]) + Decimal(rng.randint(0, 899)) / 100,
                    "status": UnitStatus.AVAILABLE}
            if rng.random() < SELECTED:
                self.household(number, year, villages, unit, order, built)
            else:
                self.add(HousingUnit, unit, built)

    def household(self, number, year, villages, unit, order, built):
        rng, writer = self.rng, self.writer
        self.serial += 1
        registered = timezone.localdate(built)
        contract = self.day_after(registered, 0, 60)
        vacated = self.day_after(contract, 0, 60)
        demolished = self.day_after(vacated, 0, 30)
        selected_on = self.day_after(demolished, 0, 60)
        handed = rng.random() < HANDED_OVER
        handed_on = self.day_after(selected_on, 30, 240) if handed else None
        id_number = resident_id(self.serial, rng)
        household = writer.new_id(Household)
        head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        self.add(Household, {
            "id": household, "code": f"{CODE_PREFIX}-{number:03d}-{year}-{self.serial:06d}",
            "village_id": rng.choice(villages), "head_name": head,
            "head_id_number": id_number, "head_id_number_hash": keyed_hash(id_number),
            "head_phone": "", "entitled_area": unit["area"],
            "status": S.REHOUSED if handed else S.DEMOLISHED,
            "contract_date": contract, "vacated_date": vacated, "demolished_date": demolished,
            "cadre_id": None, "note": "",
        }, built)
        unit["status"] = UnitStatus.HANDED_OVER if handed else UnitStatus.SELECTED
        self.add(HousingUnit, unit, built)
        self.add(Selection, {"id": writer.new_id(Selection), "household_id": household,
                             "unit_id": unit["id"], "selected_on": selected_on,
                             "order_number": order}, self.aware(selected_on))
        if not handed:
            return
        self.add(Handover, {"id": writer.new_id(Handover), "unit_id": unit["id"],
                            "handed_over_on": handed_on, "keys_handed": 2,
                            "water_reading": Decimal(rng.randint(0, 50)),
                            "electricity_reading": Decimal(rng.randint(0, 200)),
                            "gas_reading": None, "note": ""}, self.aware(handed_on))
        if rng.random() < REPAIRED:
            category = rng.choice(RepairCategory.values)
            reported_at = self.aware(self.day_after(handed_on, 1, 365), hour=9)
            story = self.story(number, self.deadlines[category], reported_at)
            item = {"unit_id": unit["id"], "category": category, "is_repeat": False,
                    "title": "住户报修", "description": ""}
            write_closed_loop_story(writer, RepairRequest, writer.new_id(RepairRequest), item,
                                    story, self.repair_type)
