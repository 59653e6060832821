"""The shared core's part of the demo data: offices, the four ideal communities and the
27 villages they rehouse. Idempotent: loading twice changes nothing.

``sync`` is what every app's ``demo.load()`` writes its records with."""

from django.db.models import Model
from simple_history.utils import bulk_create_with_history

from cuizhai.core.choices import CommunityKind
from cuizhai.core.models import Community, Department, Village

DEPARTMENTS = [
    ("projects-office", "项目建设服务中心", "0531-88120001"),
    ("economic-development", "经济发展部", "0531-88120002"),
    ("resettlement-office", "拆迁安置办公室", "0531-88120003"),
    ("safety-office", "安全生产监督管理办公室", "0531-88120004"),
    ("environment-enforcement", "综合行政执法中队", "0531-88120005"),
    ("party-office", "党建工作办公室", "0531-88120006"),
    ("social-affairs", "社会事务部", "0531-88120007"),
    ("planning-construction", "规划建设部", "0531-88120008"),
]

COMMUNITIES = [
    ("凤凰社区", "崔寨街道凤凰路以北"),
    ("清宁社区", "崔寨街道清宁街"),
    ("河润社区", "崔寨街道河润路"),
    ("怡河社区", "崔寨街道怡河大道"),
]

# Village → the ideal community its people move into. The first six are named in the
# 2024 summary; the others complete the 27 relocated villages.
VILLAGES = {
    "凤凰社区": ["高道口村", "花二庄村", "王河村", "前王村", "后王村", "曹家村", "李家村"],
    "清宁社区": ["东万村", "韩家村", "大魏村", "小魏村", "张家村", "陈家村", "马家村"],
    "河润社区": ["程袁村", "孙家村", "刘家村", "赵家村", "杨家村", "周家村", "吴家村"],
    "怡河社区": ["郑家村", "宋家村", "闫家村", "杜家村", "梁家村", "高家村"],
}


def load():
    sync(Department, ["code"], [
        {"code": code, "name": name, "phone": phone} for code, name, phone in DEPARTMENTS
    ])
    communities = sync(Community, ["name"], [
        {"name": name, "kind": CommunityKind.IDEAL, "address": address}
        for name, address in COMMUNITIES
    ])
    villages = []
    number = 200
    for community_name, names in VILLAGES.items():
        for village in names:
            number += 1
            villages.append({
                "name": village, "code": f"370115106{number:03d}", "is_relocated": True,
                "resettled_in": communities[(community_name,)],
            })
    sync(Village, ["name"], villages)


def sync(model, key, rows):
    """Create or update ``rows`` (dicts of field values) of ``model``, found by the ``key``
    fields; returns {key: instance}.

    A row already holding its values is not written, so loading twice adds nothing, not
    even a history entry. A changed row is validated in full and saved with its version
    bumped. New rows are created in bulk (with history) after their fields and ``clean()``
    are validated (choices, ranges, the credit-code checksum...); their uniqueness, check
    constraints and foreign keys are enforced by the database as they are inserted, which
    spares a query per constraint per row. (The demo tests ``full_clean()`` every record
    loaded.)
    """
    fields = {name: model._meta.get_field(name) for name in {n for row in rows for n in row}}
    relations = [name for name, field in fields.items() if field.is_relation]

    def raw(value):
        return value.pk if isinstance(value, Model) else value

    def key_of_row(row):
        return tuple(raw(row[name]) for name in key)

    def key_of_instance(instance):
        return tuple(getattr(instance, fields[name].attname) for name in key)

    first = key[0]
    candidates = model._default_manager.filter(**{f"{first}__in": {raw(r[first]) for r in rows}})
    existing = {key_of_instance(instance): instance for instance in candidates}
    result, new = {}, []
    for row in rows:
        instance = existing.get(key_of_row(row))
        if instance is None:
            instance = model(**row)
            instance.full_clean(exclude=relations, validate_unique=False,
                                validate_constraints=False)
            new.append(instance)
        elif any(getattr(instance, fields[n].attname) != raw(v) for n, v in row.items()):
            for name, value in row.items():
                setattr(instance, name, value)
            instance.full_clean()
            instance.version += 1
            instance.save()
        result[key_of_row(row)] = instance
    if new:
        bulk_create_with_history(new, model)
    return result
