"""The core's part of the city-scale data: each subdistrict's offices and staff.

Subdistrict ``n`` (1-based) is known to every app's part by its name in
``run.shared["subdistricts"]``; its departments and users are in
``run.shared["departments"][n]`` and ``run.shared["users"][n]`` (ids).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from cuizhai.core.base.scale import stamped
from cuizhai.core.models import Department

CODE_PREFIX = "scale-"
DEPARTMENTS_PER_SUBDISTRICT = 8
USERS_PER_SUBDISTRICT = 4
OFFICES = ["项目服务中心", "经济发展部", "拆迁安置办", "安全生产办", "综合执法中队", "党建办",
           "社会事务部", "规划建设部"]
FIRST = "崔泺华鹊历遥孙大太桑仁唐港新济北黄章柳杏"
SECOND = "寨口山泉城桥河庄集店"


def subdistrict_names(count):
    names = [a + b for a in FIRST for b in SECOND]
    return [names[i % len(names)] + (str(i // len(names) + 1) if i >= len(names) else "")
            for i in range(count)]


def already_generated():
    return Department.objects.filter(code__startswith=CODE_PREFIX).exists()


def generate(run):
    User = get_user_model()
    names = subdistrict_names(run.subdistricts)
    run.shared["subdistricts"] = names
    run.shared["departments"], run.shared["users"] = {}, {}
    writer, at = run.writer, run.now
    # One unusable password for every generated account: nobody logs in as them.
    password = make_password(None)
    progress = run.progress("core: offices, staff", run.subdistricts)
    for number, name in enumerate(names, start=1):
        department_ids = writer.reserve_ids(Department, DEPARTMENTS_PER_SUBDISTRICT)
        for office, pk in zip(OFFICES, department_ids, strict=True):
            row = {"id": pk, "name": f"{name}街道{office}", "phone": "",
                   "code": f"{CODE_PREFIX}{number:03d}-{pk}", "is_active": True, **stamped(at)}
            writer.add(Department, row)
            writer.add_history(Department, row, history_date=at)
        user_ids = writer.reserve_ids(User, USERS_PER_SUBDISTRICT)
        for k, pk in enumerate(user_ids):
            writer.add(User, {
                "id": pk, "username": f"{CODE_PREFIX}{number:03d}-{k}", "password": password,
                "first_name": "", "last_name": f"{name}{k}", "email": "", "is_staff": False,
                "is_active": True, "is_superuser": False, "last_login": None,
                "date_joined": at,
            })
        run.shared["departments"][number] = list(department_ids)
        run.shared["users"][number] = list(user_ids)
        progress.advance()
    progress.close()
