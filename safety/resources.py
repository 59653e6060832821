"""The safety ledger (安全台账) read back from Excel or CSV: the office's twelve columns, as
``safety.ledger`` exports them, one hazard a row — so a ledger kept in Excel, or exported
from here, is imported with each hazard at the status it gives.

序号 and 整改时限 are not read: the number is the row's, the deadline the hazard's own
(its level and report day). 检查日期 is the report day; the hazard is linked to the
inspection of that target on that day when the register holds exactly one. 被检查单位 is
an enterprise (name or credit code), a project (name or code), or a village or community
and the site (``盖家沟村 村口``). 隐患描述 is the title, and after the first "：" the
description; 整改责任人 the person and, in brackets, the responsible enterprise or
department (``王强（济南温声玻璃有限公司）``), or either alone; 整改情况 the status (its
label) and after "：" the resolution; 复查人 the user who verified (by name or login),
复查日期 / 销号日期 the day it was signed off. The office's ledger has no category: a
column 隐患类别 may be added; without it the category is the inspection's kind's, or 其他.

All rows or none, through ``services.hazard_ledger_import`` (the core's bulk path): every
refused row is listed with its line and the ledger column at fault. A title and filter
lines above the header (an exported ledger's) are skipped."""

import re
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader

from cuizhai.core.base.imports import (
    ChoiceWidget,
    DateWidget,
    DepartmentWidget,
    EnterpriseWidget,
    LookupWidget,
    TextWidget,
    TrackedResource,
)
from cuizhai.core.choices import Severity, WorkflowStatus
from cuizhai.core.models import Community, Village
from projects.models import Project
from safety import services
from safety.choices import CATEGORY_OF_INSPECTION, HazardCategory
from safety.ledger import HazardLedgerSerializer
from safety.models import Hazard, Inspection
from safety.models.places import TARGET_FIELDS

REPORTED_AT = time(9, 0)  # the ledger gives days: a hazard is reported in the morning,
CLOSED_AT = time(17, 0)  # and signed off in the afternoon
BRACKETED = re.compile(r"^(?P<person>.*?)\s*[（(](?P<unit>[^（）()]+)[）)]$")
SEPARATOR = "："
STATUS = ChoiceWidget(WorkflowStatus)

# Where a hazard's field is written in the ledger: a refusal is shown under that column.
COLUMN_OF_FIELD = {
    "title": "hazard", "description": "hazard", "severity": "level", "category": "category",
    "measures": "measures", "responsible_person": "responsible",
    "responsible_enterprise": "responsible", "responsible_department": "responsible",
    "status": "progress", "resolution": "progress", "verified_by": "reinspector",
    "closed_at": "closed_on", "reported_at": "inspection_date", "inspection": "target",
    **{name: "target" for name in TARGET_FIELDS},
}


def _label(name):
    return HazardLedgerSerializer().fields[name].label


def _column(label, widget=None):
    return Field(attribute=None, column_name=label, widget=widget or TextWidget())


class HazardLedgerResource(TrackedResource):
    number = _column(gettext_lazy("No."))
    inspection_date = _column(_label("inspection_date"), DateWidget())
    target = _column(_label("target_display"))
    hazard = _column(_label("hazard"))
    level = _column(_label("severity"), ChoiceWidget(Severity))
    measures = _column(_label("measures"))
    deadline = _column(_label("deadline"), DateWidget())
    responsible = _column(_label("responsible"))
    progress = _column(_label("progress"))
    reinspector = _column(_label("verified_by"))
    reinspected_on = _column(_label("reinspected_on"), DateWidget())
    closed_on = _column(_label("closed_on"), DateWidget())
    category = _column(gettext_lazy("hazard category"), ChoiceWidget(HazardCategory))

    labels = {
        "number": gettext_lazy("No."), "inspection_date": _label("inspection_date"),
        "target": _label("target_display"), "hazard": _label("hazard"),
        "level": _label("severity"), "measures": _label("measures"),
        "deadline": _label("deadline"), "responsible": _label("responsible"),
        "progress": _label("progress"), "reinspector": _label("verified_by"),
        "reinspected_on": _label("reinspected_on"), "closed_on": _label("closed_on"),
        "category": gettext_lazy("hazard category"),
    }
    # The template's example row: a hazard signed off, in the ledger's own writing.
    import_example = {
        "number": 1, "target": "盖家沟村 村口", "hazard": "配电箱未可靠接地：车间配电箱接地线断开",
        "level": "一般", "measures": "重新敷设接地线", "deadline": "",
        "responsible": "张伟（交通安全办）", "progress": "已销号：已重新接地",
        "reinspector": "王海涛", "category": "用电",
    }

    class Meta:
        model = Hazard
        fields = ("number", "inspection_date", "target", "hazard", "level", "measures",
                  "deadline", "responsible", "progress", "reinspector", "reinspected_on",
                  "closed_on", "category")
        # A ledger names no record by key: every row is a new hazard.
        force_init_instance = True
        instance_loader_class = ModelInstanceLoader
        clean_model_instances = False
        use_transactions = True
        use_bulk = True  # a year's ledger of thousands of hazards is created together

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self._line_offset = 0
        self._inspections = {}
        self._widgets = {}
        self._enterprises = EnterpriseWidget()

    def get_import_id_fields(self):
        return ()

    def _check_once_per_file(self, instance, errors, row_number):
        """The service finds a hazard twice in the file, or already in the register."""

    # -- the file: headers in any site language, below an exported ledger's title ----------
    def header_label(self, name, field):
        return self.labels.get(name) or super().header_label(name, field)

    def before_import(self, dataset, **kwargs):
        self._skip_title_lines(dataset)
        super().before_import(dataset, **kwargs)
        self._inspections = self._inspections_of(dataset)

    def _skip_title_lines(self, dataset):
        """An exported ledger has its title and filters above the header: the header is
        the first line naming the ledger's 检查日期 and 隐患描述."""
        spellings = self._header_spellings()
        wanted = {self.fields["inspection_date"].column_name, self.fields["hazard"].column_name}

        def is_header(values):
            named = {spellings.get(force_str(value or "").strip().casefold()) for value in values}
            return wanted <= named

        if dataset.headers is None or is_header(dataset.headers):
            return
        for index, values in enumerate(dataset):
            if is_header(values):
                rows = [list(row) for row in dataset[index + 1:]]
                dataset.wipe()
                dataset.headers = [force_str(value or "") for value in values]
                for row in rows:
                    dataset.append(row)
                self._line_offset = index + 1
                return

    def _inspections_of(self, dataset):
        """The inspections on the ledger's days, by day and target, read in one query."""
        column = self.fields["inspection_date"].column_name
        if column not in (dataset.headers or []):
            return {}
        days = set()
        for value in dataset[column]:
            try:
                day = DateWidget().clean(value)
            except ValueError:
                continue
            if day is not None:
                days.add(day)
        if not days:
            return {}
        found = {}
        for inspection in Inspection.objects.filter(
                assessed_on__gte=min(days), assessed_on__lte=max(days)).order_by("pk"):
            found.setdefault(self._target_key(inspection.assessed_on, inspection), []).append(
                inspection)
        return found

    @staticmethod
    def _target_key(day, record):
        return (day, *(getattr(record, f"{name}_id" if name != "site" else name) or None
                       for name in TARGET_FIELDS))

    def get_result_class(self):
        resource = self
        base = super().get_result_class()

        class Result(base):
            def append_invalid_row(self, number, row, validation_error):
                # Numbered as in the file, whose title lines were skipped.
                super().append_invalid_row(number + resource._line_offset, row,
                                           validation_error)

        return Result

    # -- a row --------------------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        instance._import_stored = None
        instance._import_exported_version = None
        errors = {}

        def read(name, parse=None):
            field = self.fields[name]
            try:
                value = field.widget.clean(row.get(field.column_name), row)
                return value if parse is None else parse(value)
            except ValueError as error:
                errors[name] = [ValidationError(str(error), code="invalid")]
                return None

        day = read("inspection_date")
        if day is None and "inspection_date" not in errors:
            errors["inspection_date"] = [ValidationError(
                _("The inspection date is required."), code="required")]
        target = read("target", self._target) or {}
        title, description = read("hazard", self._hazard) or ("", "")
        responsible = read("responsible", self._responsible) or {}
        status, resolution = read("progress", self._progress) or (WorkflowStatus.REPORTED, "")
        verifier = read("reinspector", self._user)
        checked_on, closed_on = read("reinspected_on"), read("closed_on")
        if checked_on and closed_on and checked_on != closed_on:
            errors["closed_on"] = [ValidationError(
                _("The re-inspection date and the closing date differ: a hazard is signed "
                  "off when it is re-inspected (复核销号), on one day."), code="two_dates")]
        signed_off = closed_on or checked_on
        data = {
            "title": title, "description": description,
            "severity": read("level") or Severity.GENERAL,
            "measures": read("measures") or "", **target, **responsible,
            "status": status, "resolution": resolution, "verified_by": verifier,
            "closed_at": _moment(signed_off, CLOSED_AT),
        }
        if day is not None:
            data["reported_at"] = _moment(day, REPORTED_AT)
            data["inspection"] = self._inspection(day, target)
        data["category"] = read("category") or (
            CATEGORY_OF_INSPECTION[data["inspection"].kind] if data.get("inspection")
            else HazardCategory.OTHER)
        instance._ledger_data = data
        for name, value in data.items():
            setattr(instance, name, value)
        if errors:
            raise ValidationError(errors)

    def _inspection(self, day, target):
        key = (day, *(getattr(target.get(name), "pk", target.get(name)) or None
                      for name in TARGET_FIELDS))
        found = self._inspections.get(key, [])
        return found[0] if len(found) == 1 else None

    def _widget(self, model, lookups):
        if (model, lookups) not in self._widgets:
            widget = LookupWidget(model, lookups)
            widget.refuse_ambiguous = True
            self._widgets[(model, lookups)] = widget
        return self._widgets[(model, lookups)]

    def _target(self, text):
        """An enterprise, a project, or a village or community followed by the site."""
        if not text:
            raise ValueError(_("The unit inspected is required."))
        for name, widget in (("enterprise", self._enterprises),
                             ("project", self._widget(Project, ("name", "code")))):
            try:
                return {name: widget.clean(text)}
            except ValueError:
                continue
        area, _blank, site = text.partition(" ")
        for name, model in (("village", Village), ("community", Community)):
            try:
                return {name: self._widget(model, ("name",)).clean(area), "site": site.strip()}
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is no enterprise or project of the register, nor a "
                           "village or community followed by the site (盖家沟村 村口).")
                         % {"value": text})

    @staticmethod
    def _hazard(text):
        if not text:
            raise ValueError(_("The hazard description is required."))
        title, _separator, description = text.partition(SEPARATOR)
        return title.strip(), description.strip()

    def _responsible(self, text):
        """The person, and in brackets the unit; or either alone."""
        if not text:
            return {}
        match = BRACKETED.match(text)
        if match:
            unit = self._unit(match["unit"].strip())
            if unit is None:
                raise ValueError(_("There is no enterprise or department “%(value)s”.")
                                 % {"value": match["unit"].strip()})
            return {**unit, "responsible_person": match["person"].strip()}
        return self._unit(text) or {"responsible_person": text}

    @staticmethod
    def _unit(text):
        for name, widget in (("responsible_enterprise", EnterpriseWidget()),
                             ("responsible_department", DepartmentWidget())):
            try:
                return {name: widget.clean(text)}
            except ValueError:
                continue
        return None

    @staticmethod
    def _progress(text):
        if not text:
            return WorkflowStatus.REPORTED, ""
        label, _separator, resolution = text.partition(SEPARATOR)
        return STATUS.clean(label), resolution.strip()

    def _user(self, text):
        if not text:
            return None
        return self._widget(get_user_model(), ("first_name", "username")).clean(text)

    def _row_data(self, instance, stored):
        return instance._ledger_data

    def _column_label(self, key):
        return super()._column_label(COLUMN_OF_FIELD.get(key, key))

    def create_records(self, *, rows, by, reason):
        return services.hazard_ledger_import(rows=rows, by=by, reason=reason)

    def create_record(self, *, data, by):
        return services.hazard_ledger_import(rows=[data], by=by)[0]


def _moment(day, at):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, at))
