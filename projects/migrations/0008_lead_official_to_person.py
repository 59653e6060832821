"""Link each project's lead official (typed text until now) to the person of that name in
the register of people, where exactly one matches. The text is kept where no person (or
more than one) matches, and where it says more than the name (a title: “李新华 管委会主任”
keeps its text beside the link). No history entry: nobody edited these projects."""

from django.db import migrations


def lead_official_to_person(apps, schema_editor):
    Person = apps.get_model("core", "Person")
    Project = apps.get_model("projects", "Project")
    people = {}
    for person_id, name in Person.objects.values_list("id", "name"):
        people.setdefault(name.strip(), []).append(person_id)
    linked = []
    for project in Project.objects.filter(lead__isnull=True).exclude(lead_official=""):
        text = project.lead_official.strip()
        name = text.split()[0] if text else ""
        matches = people.get(name, [])
        if len(matches) != 1:
            continue
        project.lead_id = matches[0]
        if text == name:
            project.lead_official = ""
        linked.append(project)
    Project.objects.bulk_update(linked, ["lead", "lead_official"], batch_size=1000)


def person_to_lead_official(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.filter(lead__isnull=False, lead_official="").select_related(
        "lead"
    ):
        project.lead_official = project.lead.name[:50]
        project.save(update_fields=["lead_official"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0010_person"),
        ("projects", "0007_project_lead_person"),
    ]

    operations = [
        migrations.RunPython(lead_official_to_person, person_to_lead_official),
    ]
