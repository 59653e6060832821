from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The line of work whose indicators and campaigns this app reports (core ``area``)."""

    PARTY_BUILDING = "partybuilding", _("Party building")


class OrganisationKind(models.TextChoices):
    COMMUNITY_COMMITTEE = "community_committee", _("Community party committee")
    VILLAGE_BRANCH = "village_branch", _("Village party branch")
    ORGAN_BRANCH = "organ_branch", _("Subdistrict organ party branch")


class ElectionResult(models.TextChoices):
    COMPLETED = "completed", _("Completed (committee elected)")
    REPEATED = "repeated", _("To be held again")


class TrainingKind(models.TextChoices):
    MICRO_CLASS = "micro_class", _("Business micro-class")
    LECTURE = "lecture", _("Cadre lecture")
    VILLAGE_CADRE = "village_cadre", _("Village cadre training")
    YOUTH_TALK = "youth_talk", _("Cuizhai Youth Talk")
    THEORY_STUDY = "theory_study", _("Theory study")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# Who was in the room: a person-time (人次) and hours are credited for these only.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class EvaluationPeriod(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term")
    YEAR_END = "year_end", _("Year-end")


class EvaluationRating(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class CollectiveAssetProblemKind(models.TextChoices):
    """The kinds of problem of the village collective funds, assets and resources (三资)."""

    FUNDS = "funds", _("Funds")
    ASSETS = "assets", _("Assets")
    RESOURCES = "resources", _("Resources")
    CONTRACTS = "contracts", _("Contracts")
