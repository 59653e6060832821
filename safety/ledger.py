"""The safety ledger (安全台账): the hazard list in the columns the office keeps:
序号, 检查日期, 被检查单位, 隐患描述, 隐患等级, 整改措施,
整改时限, 整改责任人, 整改情况, 复查人, 复查日期, 销号日期.
From the API (``hazards/ledger/``) and the admin (the ledger button), with the filters
in use. The report adds the 序号 column; the rest is read from the database columns by
the core export path."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.fields import BriefRelatedField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.export import ExportLayout
from cuizhai.core.base.export.columns import DATE, TEXT, Read
from cuizhai.core.choices import WorkflowStatus
from safety.api.serializers import TARGET_READ
from safety.models import Hazard


def _date(moment):
    return None if moment is None else timezone.localdate(moment)


def _description(title, description):
    return f"{title}：{description}" if description and description != title else title


def _responsible(person, enterprise, department):
    unit = enterprise or department
    return f"{person}（{unit}）" if person and unit else person or unit or ""


def _progress(status, resolution):
    label = str(WorkflowStatus(status).label)
    return f"{label}：{resolution}" if resolution else label


def _closed_date(status, closed_at):
    return _date(closed_at) if status == WorkflowStatus.CLOSED else None


def _text(label):
    return serializers.CharField(read_only=True, label=label)


class HazardLedgerSerializer(TrackedModelSerializer):
    inspection_date = _text(_("inspection date"))
    target_display = _text(_("unit inspected"))
    hazard = _text(_("hazard description"))
    measures = _text(_("rectification measures"))
    deadline = _text(_("rectification deadline"))
    responsible = _text(_("person responsible"))
    progress = _text(_("rectification progress"))
    verified_by = BriefRelatedField(read_only=True, label=_("re-inspected by"))
    reinspected_on = _text(_("re-inspection date"))
    closed_on = _text(_("closing date"))

    export_reads = {
        "inspection_date": Read(("inspection__assessed_on", "reported_at"),
                                lambda assessed_on, reported_at: assessed_on
                                or _date(reported_at), DATE),
        "target_display": TARGET_READ,
        "hazard": Read(("title", "description"), _description),
        "deadline": Read(("resolution_due",), _date, DATE),
        "responsible": Read(("responsible_person", "responsible_enterprise__name",
                             "responsible_department__name"), _responsible),
        "progress": Read(("status", "resolution"), _progress, TEXT),
        "reinspected_on": Read(("status", "closed_at"), _closed_date, DATE),
        "closed_on": Read(("status", "closed_at"), _closed_date, DATE),
    }

    class Meta:
        model = Hazard
        fields = ("inspection_date", "target_display", "hazard", "severity", "measures",
                  "deadline", "responsible", "progress", "verified_by", "reinspected_on",
                  "closed_on")
        extra_kwargs = {"severity": {"label": _("hazard level")}}


LEDGER = ExportLayout("ledger", HazardLedgerSerializer, _("Safety ledger"),
                      ordering=("reported_at", "pk"))
