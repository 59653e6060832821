"""Seed the working-day calendar from the chinese-calendar package (2004 to the last year
it knows). Later years are entered by staff in the admin as the State Council publishes
them."""

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    schedules = {}
    for year in years:
        schedules[year], _ = CalendarYear.objects.get_or_create(
            year=year, defaults={"source": "chinese-calendar"}
        )
    days = []
    for kind, table in (("holiday", constants.holidays), ("makeup_workday", constants.workdays)):
        for day, name in table.items():
            days.append(
                CalendarDay(schedule=schedules[day.year], date=day, kind=kind,
                            name=str(getattr(name, "value", name))[:50])
            )
    CalendarDay.objects.bulk_create(days, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(source="chinese-calendar").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
