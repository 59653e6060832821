"""The party building app's part of the city-scale data (``manage.py generate_scale``).

Rates per subdistrict and year, from the issue's city (150 subdistricts, ten years): ten
million attendance rows, i.e. about 6,700 a subdistrict and year — 40 training sessions with
some 170 named attendees each, drawn from the subdistrict's 300 cadres and village cadres.
Every row holds the models' rules: one attendance per person and session, an absence
credits no hours, attended rows the session's hours.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from cuizhai.core.base.scale import stamped
from cuizhai.core.choices import PersonKind
from cuizhai.core.models import Person
from partybuilding.choices import ATTENDED, AttendanceStatus, TrainingKind
from partybuilding.models import Attendance, TrainingSession

TITLE_PREFIX = "规模培训"
PEOPLE = 300
SESSIONS = 40
ATTENDANCES = 6_667  # a subdistrict and year
STATUS_WEIGHTS = [(AttendanceStatus.PRESENT, 85), (AttendanceStatus.LATE, 5),
                  (AttendanceStatus.EXCUSED, 5), (AttendanceStatus.ABSENT, 5)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"]
TOPICS = ["学习贯彻党的二十大精神", "基层治理能力提升", "乡村振兴专题", "安全生产专题",
          "营商环境优化", "党史学习教育", "数字化办公", "信访工作实务"]


def already_generated():
    return TrainingSession.objects.filter(title__startswith=TITLE_PREFIX).exists()


def generate(run):
    rng, writer = run.rng, run.writer
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    progress = run.progress("party building", run.subdistricts * len(run.years))
    for number, name in enumerate(run.shared["subdistricts"], start=1):
        department = run.shared["departments"][number][5]  # the party building office
        first = timezone.make_aware(datetime.combine(date(run.years[0], 1, 1), time(9)))
        sessions = run.count(SESSIONS)
        per_session = max(1, run.count(ATTENDANCES) // sessions)
        # Enough people for a session's sheet at any density (one row per person).
        people = list(writer.reserve_ids(Person, max(run.count(PEOPLE), per_session)))
        for k, pk in enumerate(people):
            row = {"id": pk, "name": rng.choice(SURNAMES) + rng.choice(GIVEN)
                   + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
                   "kind": PersonKind.CADRE if k % 3 else PersonKind.VILLAGE_CADRE,
                   "department_id": department, "village_id": None, "community_id": None,
                   "post": f"{name}街道", "phone": "", "birth_year": rng.randint(1965, 2000),
                   "is_active": True, "user_id": None, **stamped(first)}
            writer.add(Person, row)
            writer.add_history(Person, row, history_date=first)
        for year in run.years:
            for k, pk in enumerate(writer.reserve_ids(TrainingSession, sessions), start=1):
                at = run.moment(year)
                hours = Decimal(rng.choice(["1.5", "2.0", "3.0", "4.0"]))
                session = {
                    "id": pk, "kind": rng.choice(TrainingKind.values),
                    "title": f"{TITLE_PREFIX}：{rng.choice(TOPICS)}（{name}{year}-{k}）",
                    "held_on": timezone.localdate(at), "lecturer": "", "hours": hours,
                    "place": "鹊华·红音", "organisation_id": None,
                    "head_count": rng.choice([0, 0, 20, 50]), **stamped(at),
                }
                writer.add(TrainingSession, session)
                writer.add_history(TrainingSession, session, history_date=at)
                chosen = rng.sample(people, per_session)
                for person, attendance in zip(chosen, writer.reserve_ids(Attendance, per_session),
                                              strict=True):
                    status = rng.choices(statuses, weights)[0]
                    row = {"id": attendance, "session_id": pk, "person_id": person,
                           "status": status,
                           "hours": hours if status in ATTENDED else Decimal("0.0"),
                           **stamped(at)}
                    writer.add(Attendance, row)
                    writer.add_history(Attendance, row, history_date=at)
            progress.advance()
    progress.close()
