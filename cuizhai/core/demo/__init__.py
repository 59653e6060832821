"""The shared core's part of the demo data: the subdistrict's offices, the four ideal
communities and the 27 villages they rehouse (the first six named in the 2024 summary), and
the register of the enterprises the apps' demos serve (鼎点数控, 紫燕食品…), and the office's
people.

Tables: ``departments.csv``, ``communities.csv`` and ``villages.csv`` (a village's
``resettled_in`` is the community's name); ``enterprises.csv`` in the layout of the
enterprise import (Chinese headers, 是/否), read with the import's own fields;
``people.csv`` (department by code, village and community by name; ``user``: the demo login
linked to the person). Idempotent: loading twice changes nothing.

``checklists.csv``: a checklist template, one row per criterion.

The people are invented: names marked 示例 ("sample") and phone numbers of the 138-0000-01xx
block, given to no subscriber, so that the demo holds no one's personal data.
"""

from django.contrib.auth import get_user_model

from cuizhai.core.base.demo import (
    DEMO_CHANGE_REASON,
    read_import_table,
    read_table,
    records_by,
    sync,
)
from cuizhai.core.models import (
    ChecklistCriterion,
    ChecklistTemplate,
    Community,
    Department,
    Enterprise,
    Person,
    Village,
)
from cuizhai.core.resources import EnterpriseResource
from cuizhai.core.services.people import person_update


def load():
    sync(Department, ["code"], read_table(__name__, "departments.csv"))
    load_checklists()
    communities = sync(Community, ["name"], read_table(__name__, "communities.csv"))
    villages = sync(Village, ["name"], [
        {**row, "resettled_in": communities[(row["resettled_in"],)]}
        for row in read_table(__name__, "villages.csv")
    ])
    sync(Enterprise, ["credit_code"], read_import_table(__name__, "enterprises.csv",
                                                        EnterpriseResource))
    people = read_table(__name__, "people.csv")
    # By the code the demo gave them, even where a user has changed it since.
    departments = records_by(Department, "code", {r["department"] for r in people} - {""})

    def place(table, key):
        return table[key] if key else None

    sync(Person, ["name"], [
        {**{k: v for k, v in row.items() if k != "user"},
         "department": place(departments, row["department"]),
         "village": place(villages, (row["village"],) if row["village"] else None),
         "community": place(communities, (row["community"],) if row["community"] else None)}
        for row in people
    ])


def load_checklists(package=__name__):
    """The checklists of ``package``'s ``checklists.csv``, one row per criterion: the
    core's (a site safety inspection sheet), or an app's own."""
    rows = read_table(package, "checklists.csv")
    template_fields = ("code", "version_number", "name", "area")
    templates = sync(ChecklistTemplate, ["code", "version_number"], list({
        (row["code"], row["version_number"]): {k: row[k] for k in template_fields}
        for row in rows
    }.values()))
    sync(ChecklistCriterion, ["template", "position"], [
        {"template": templates[(row["code"], int(row["version_number"]))],
         "position": row["position"], "text": row["text"], "kind": row["kind"],
         "max_score": row["max_score"] or None, "pass_score": row["pass_score"] or None}
        for row in rows
    ])


def link_users():
    """Link the demo logins to their people (after the demo users exist). A person or a
    user already linked elsewhere is left as it is."""
    users = get_user_model().objects.in_bulk(
        [row["user"] for row in read_table(__name__, "people.csv") if row["user"]],
        field_name="username")
    for row in read_table(__name__, "people.csv"):
        user = users.get(row["user"])
        person = Person.objects.filter(name=row["name"]).first()
        if (user is None or person is None or person.user_id is not None
                or Person.objects.filter(user=user).exists()):
            continue
        person_update(person=person, data={"user": user}, expected_version=person.version,
                      reason=DEMO_CHANGE_REASON)
