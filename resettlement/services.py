"""Writes of the resettlement app, with its business rules. Every write is atomic, validated
and goes through here: the API, the admin (inline rows too), the import and the demo.

The rules:

- a household moves registered → signed → vacated → demolished → rehoused
  (``HOUSEHOLD_STATUS``), and is rehoused only once one of its units is handed over;
  any other move is a correction that only the system administrator makes, with a reason;
- a unit is selected by one household at most (the database's one-to-one; the unit row is
  locked, so of two clerks choosing the same unit at once one gets a clear refusal), only by
  a household that has signed its contract, and is handed over once selected
  (``UNIT_STATUS``); going back (handed over → selected → available) is for the system
  administrator, with a reason, and removes the handover or the selection;
- a batch handover hands over every unit it names, or none;
- a repair request is made on a handed-over unit, and is flagged as a repeat when the unit
  already had one of the same category; its deadline depends on the category
  (``RepairRequest.deadline_rules``);
- a help-line ticket comes by the help line, 12345 or a walk-in.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.exceptions import DeleteRefused
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_delete, record_update
from cuizhai.core.base.services.status import StatusMachine, check_reason_length
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.choices import ReportChannel
from resettlement.choices import ELIGIBLE_FOR_SELECTION, HouseholdStatus, UnitStatus
from resettlement.models import (
    Handover,
    HelpLineTicket,
    Household,
    HouseholdMember,
    HousingUnit,
    RepairRequest,
    Selection,
)

H = HouseholdStatus
HOUSEHOLD_STATUS = StatusMachine(
    moves={
        H.REGISTERED: {H.SIGNED},
        H.SIGNED: {H.VACATED},
        H.VACATED: {H.DEMOLISHED},
        H.DEMOLISHED: {H.REHOUSED},
        H.REHOUSED: set(),
    },
    reopen_from={H.SIGNED, H.VACATED, H.DEMOLISHED, H.REHOUSED},
    illegal_message=_("A household cannot go from “%(old)s” to “%(new)s”."),
    reopen_reason_message=_("Moving a household back in its life cycle needs a reason."),
)

U = UnitStatus
UNIT_STATUS = StatusMachine(
    moves={U.AVAILABLE: {U.SELECTED}, U.SELECTED: {U.HANDED_OVER}, U.HANDED_OVER: set()},
    reopen_from={U.SELECTED, U.HANDED_OVER},
    illegal_message=_("A housing unit cannot go from “%(old)s” to “%(new)s”."),
    reopen_reason_message=_("Taking back a selected or handed-over unit needs a reason."),
)


def _error(field, message, code, **params):
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


# --- households -----------------------------------------------------------------------------

def check_rehoused(household, status):
    """A household is rehoused once one of its units has been handed over."""
    if status != H.REHOUSED or household.status == H.REHOUSED:
        return
    handed_over = household.pk and Selection.objects.filter(
        household=household, unit__status=U.HANDED_OVER).exists()
    if not handed_over:
        raise _error("status", _("A household is rehoused once one of its units has been "
                                 "handed over."), "rehoused_without_handover")


@transaction.atomic
def household_create(*, data, by=None, reason=""):
    """A new household, at any step up to demolished (an office entering what has already
    happened); "rehoused" follows the handover of its unit."""
    check_rehoused(Household(), data.get("status", H.REGISTERED))
    return record_create(model=Household, data=data, by=by, reason=reason)


def _new_household_rule(data):
    check_rehoused(Household(), data.get("status", H.REGISTERED))


def household_bulk_create(*, rows, by=None, reason=""):
    """Many new households at once (an import, the demo), each by ``household_create``'s
    rule; all of them or none (``RowsRefused`` names each refused row)."""
    return record_bulk_create(model=Household, rows=rows, rule=_new_household_rule, by=by,
                              reason=reason)


@transaction.atomic
def household_update(*, household, data, expected_version, by=None, reason=""):
    check_reason_length(reason)
    if "status" in data:
        HOUSEHOLD_STATUS.check(old=household.status, new=data["status"], by=by, reason=reason)
        check_rehoused(household, data["status"])
    return record_update(instance=household, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def household_delete(*, household, by=None, reason="", expected_version=None):
    if household.selections.exists():
        raise DeleteRefused(_("A household that has selected a unit is kept; take the unit "
                              "back first."), code="household_has_selection")
    for member in household.members.all():
        record_delete(instance=member, by=by, reason=reason)
    record_delete(instance=household, by=by, reason=reason, expected_version=expected_version)


@transaction.atomic
def member_create(*, data, by=None, reason=""):
    return record_create(model=HouseholdMember, data=data, by=by, reason=reason)


def member_bulk_create(*, rows, by=None, reason=""):
    """A household roster at once (an import): each row by ``member_create``'s rules; all of
    them or none."""
    return record_bulk_create(model=HouseholdMember, rows=rows, by=by, reason=reason)


@transaction.atomic
def member_update(*, member, data, expected_version, by=None, reason=""):
    return record_update(instance=member, data=data, expected_version=expected_version, by=by,
                         reason=reason)


@transaction.atomic
def member_delete(*, member, by=None, reason="", expected_version=None):
    record_delete(instance=member, by=by, reason=reason, expected_version=expected_version)


# --- housing units, selection, handover -----------------------------------------------------

@transaction.atomic
def housing_unit_create(*, data, by=None, reason=""):
    _new_unit_rule(data)
    return record_create(model=HousingUnit, data=data, by=by, reason=reason)


def _new_unit_rule(data):
    if data.get("status", U.AVAILABLE) != U.AVAILABLE:
        raise _error("status", _("A new unit is available: it is selected and handed over "
                                 "through its selection and handover."), "status_not_editable")
    check_floor(HousingUnit(**data))


def housing_unit_bulk_create(*, rows, by=None, reason=""):
    """A community's full unit list at once (an import), each by ``housing_unit_create``'s
    rule; all of them or none."""
    return record_bulk_create(model=HousingUnit, rows=rows, rule=_new_unit_rule, by=by,
                              reason=reason)


@transaction.atomic
def housing_unit_update(*, unit, data, expected_version, by=None, reason=""):
    """Edit a unit's description; its status moves only by selection, handover and
    ``housing_unit_take_back``."""
    if "status" in data and data["status"] != unit.status:
        raise _error("status", _("A unit's status follows its selection and handover."),
                     "status_not_editable")
    edited = HousingUnit(**{f.attname: getattr(unit, f.attname)
                            for f in HousingUnit._meta.concrete_fields})
    for name, value in data.items():
        setattr(edited, name, value)
    check_floor(edited)
    return record_update(instance=unit, data=data, expected_version=expected_version, by=by,
                         reason=reason)


def check_floor(unit):
    building = unit.building if unit.building_id else None
    if building is not None and unit.floor and unit.floor > building.floors:
        raise _error("floor", _("Building %(building)s has %(floors)d floors."),
                     "floor_above_building", building=building, floors=building.floors)


def _locked_unit(unit):
    """The unit's row, locked until the transaction ends: two selections or handovers of
    one unit are taken one after the other, the second seeing what the first did."""
    return HousingUnit.objects.select_for_update().select_related("building").get(pk=unit.pk)


def _move_unit(unit, status, *, by, reason=""):
    UNIT_STATUS.check(old=unit.status, new=status, by=by, reason=reason)
    return record_update(instance=unit, data={"status": status},
                         expected_version=unit.version, by=by, reason=reason)


@transaction.atomic
def selection_create(*, data, by=None, reason=""):
    """A household selects a unit. Refused, with the reason on the field, when the unit is
    no longer available (another household chose it, even a moment ago) or the household
    has not signed its contract."""
    unit, household = data.get("unit"), data.get("household")
    if unit is not None:
        unit = _locked_unit(unit)
        if unit.status != U.AVAILABLE:
            raise _error("unit", _("Unit %(unit)s is no longer available: it has already been "
                                   "selected."), "unit_taken", unit=unit)
        data = {**data, "unit": unit}
    if household is not None and household.status not in ELIGIBLE_FOR_SELECTION:
        raise _error("household", _("Household %(household)s has not signed its contract "
                                    "and cannot select a unit yet."),
                     "household_not_signed", household=household)
    selection = record_create(model=Selection, data=data, by=by, reason=reason)
    _move_unit(unit, U.SELECTED, by=by)
    return selection


@transaction.atomic
def selection_update(*, selection, data, expected_version, by=None, reason=""):
    """Correct the date or the order number. The household and the unit stay: another unit
    is chosen after this one is taken back (``housing_unit_take_back``)."""
    for name in ("household", "unit"):
        if name in data and data[name] != getattr(selection, name):
            raise _error(name, _("A selection keeps its household and unit; take the unit "
                                 "back to choose again."), "selection_fixed")
    return record_update(instance=selection, data=data, expected_version=expected_version,
                         by=by, reason=reason)


def _handover(unit, data, *, by, reason=""):
    if unit.status != U.SELECTED:
        message = (_("Unit %(unit)s has already been handed over.")
                   if unit.status == U.HANDED_OVER else
                   _("Unit %(unit)s cannot be handed over: no household has selected it."))
        raise _error("unit", message, "unit_not_selected", unit=unit)
    handover = record_create(model=Handover, data={**data, "unit": unit}, by=by, reason=reason)
    _move_unit(unit, U.HANDED_OVER, by=by)
    return handover


@transaction.atomic
def handover_create(*, data, by=None, reason=""):
    unit = data.get("unit")
    if unit is None:
        raise _error("unit", _("Name the unit handed over."), "required")
    return _handover(_locked_unit(unit), dict(data), by=by, reason=reason)


@transaction.atomic
def handover_update(*, handover, data, expected_version, by=None, reason=""):
    if "unit" in data and data["unit"] != handover.unit:
        raise _error("unit", _("A handover keeps its unit."), "handover_unit_fixed")
    return record_update(instance=handover, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def handover_batch(*, handed_over_on, units=None, building=None, keys_handed=2, note="",
                   by=None, reason=""):
    """Hand over, in one action, every selected unit of ``building`` or each of ``units``:
    all of them or none. A unit of the list that is not selected refuses the whole batch,
    naming every such unit."""
    if building is not None:
        units = list(HousingUnit.objects.select_for_update().select_related("building")
                     .filter(building=building, status=U.SELECTED).order_by("pk"))
        if not units:
            raise _error("building", _("Building %(building)s has no selected unit waiting "
                                       "for its handover."), "nothing_to_hand_over",
                         building=building)
    else:
        pks = sorted({unit.pk for unit in units or ()})
        if not pks:
            raise _error("units", _("Name at least one unit."), "required")
        units = list(HousingUnit.objects.select_for_update().select_related("building")
                     .filter(pk__in=pks).order_by("pk"))
    refused = [unit for unit in units if unit.status != U.SELECTED]
    if refused:
        raise ValidationError({"units": [
            ValidationError(_("Unit %(unit)s is %(status)s, not selected: nothing was handed "
                              "over."), code="unit_not_selected",
                            params={"unit": unit, "status": unit.get_status_display()})
            for unit in refused
        ]})
    data = {"handed_over_on": handed_over_on, "keys_handed": keys_handed, "note": note}
    return [_handover(unit, data, by=by, reason=reason) for unit in units]


@transaction.atomic
def housing_unit_take_back(*, unit, status, by, reason):
    """Move a unit back (handed over → selected, or to available): a correction the system
    administrator makes, with a reason kept in the history. The handover, and for
    "available" the selection too, are removed."""
    unit = _locked_unit(unit)
    UNIT_STATUS.check(old=unit.status, new=status, by=by, reason=reason)
    if unit.status == status:
        return unit
    handover = Handover.objects.filter(unit=unit).first()
    if handover is not None:
        record_delete(instance=handover, by=by, reason=reason)
    if status == U.AVAILABLE:
        selection = Selection.objects.filter(unit=unit).first()
        if selection is not None:
            if (selection.household.status == H.REHOUSED
                    and not Selection.objects.filter(household=selection.household,
                                                     unit__status=U.HANDED_OVER)
                    .exclude(pk=selection.pk).exists()):
                raise _error("status", _("Household %(household)s is rehoused in this unit: "
                                         "move the household back first."),
                             "household_rehoused_here", household=selection.household)
            record_delete(instance=selection, by=by, reason=reason)
    return record_update(instance=unit, data={"status": status},
                         expected_version=unit.version, by=by, reason=reason)


TAKE_BACK_INSTEAD = _("A selection or a handover is removed by taking its unit back (the "
                      "system administrator, with a reason).")


def selection_delete(*, selection, by=None):
    """Refused: a selection goes when its unit is taken back (``housing_unit_take_back``),
    which names who and why."""
    raise DeleteRefused(TAKE_BACK_INSTEAD, code="take_back_instead")


def handover_delete(*, handover, by=None):
    """Refused, as ``selection_delete``."""
    raise DeleteRefused(TAKE_BACK_INSTEAD, code="take_back_instead")


# --- repair requests and help-line tickets ---------------------------------------------------

def _is_repeat(unit, category, *, excluding=None):
    earlier = RepairRequest.objects.filter(unit=unit, category=category)
    if excluding is not None:
        earlier = earlier.exclude(pk=excluding.pk).filter(reported_at__lte=excluding.reported_at)
    return earlier.exists()


def _check_handed_over(unit):
    if unit is not None and unit.status != U.HANDED_OVER:
        raise _error("unit", _("Repairs are requested on a unit that has been handed over; "
                               "%(unit)s has not been."), "unit_not_handed_over", unit=unit)


@transaction.atomic
def repair_request_report(*, by, evidence=(), note="", **fields):
    """A resident's repair request on a handed-over unit; a repeat of an earlier request of
    the same category on the unit is flagged."""
    unit = fields.get("unit")
    if unit is not None:
        unit = _locked_unit(unit)  # two reports at once: the second sees the first
        _check_handed_over(unit)
        fields = {**fields, "unit": unit,
                  "is_repeat": _is_repeat(unit, fields.get("category"))}
    return closed_loop.closed_loop_report(model=RepairRequest, by=by, evidence=evidence,
                                          note=note, **fields)


@transaction.atomic
def repair_request_update(*, item, data, expected_version, by=None, reason=""):
    data = dict(data)
    unit = data.get("unit", item.unit)
    category = data.get("category", item.category)
    if unit != item.unit or category != item.category:
        unit = _locked_unit(unit)
        _check_handed_over(unit)
        moved = RepairRequest(pk=item.pk, reported_at=data.get("reported_at", item.reported_at))
        data["is_repeat"] = _is_repeat(unit, category, excluding=moved)
    return closed_loop.closed_loop_update(item, data=data, expected_version=expected_version,
                                          by=by, reason=reason)


def help_line_ticket_report(*, by, evidence=(), note="", **fields):
    """A ticket of the help line; it came by the help line unless another channel is named."""
    fields.setdefault("channel", ReportChannel.HELP_LINE)
    if not fields["channel"]:
        fields["channel"] = ReportChannel.HELP_LINE
    return closed_loop.closed_loop_report(model=HelpLineTicket, by=by, evidence=evidence,
                                          note=note, **fields)


# The services that write each model, for the API, the admin and the imports alike.
declare_writes(Household, create=household_create, update=household_update,
               delete=household_delete, bulk_create=household_bulk_create,
               instance_arg="household")
declare_writes(HouseholdMember, create=member_create, update=member_update,
               delete=member_delete, bulk_create=member_bulk_create, instance_arg="member")
declare_writes(HousingUnit, create=housing_unit_create, update=housing_unit_update,
               bulk_create=housing_unit_bulk_create, instance_arg="unit")
declare_writes(Selection, create=selection_create, update=selection_update,
               delete=selection_delete, instance_arg="selection")
declare_writes(Handover, create=handover_create, update=handover_update,
               delete=handover_delete, instance_arg="handover")
# Closed-loop items: deleted as every closed-loop item is (``closed_loop_delete``).
declare_writes(RepairRequest, create=repair_request_report, update=repair_request_update,
               instance_arg="item")
declare_writes(HelpLineTicket, create=help_line_ticket_report)
