"""The resettlement office's Excel lists, imported through the core's bulk path: all rows or
none, each refused row named with its column and a translated message.

- **Households** (被安置户): one row per household, keyed on the household number (户号);
  the village by name or code, the responsible cadre by the name of a person of the register.
- **Members** (家庭成员花名册): one row per person, the head included, keyed on the ID
  number; the household is given by its number. A clerk keeps the household list and its
  roster as two sheets: the households are imported first, then the roster.
- **Housing units** (安置房): a community's full unit list, one row per flat, keyed on
  building + unit (entrance) + room; the building is found by the community's name and the
  building number, as written on the building. A unit's status is never imported: it follows
  its selection and handover.

ID numbers and phones are checked by the core's personal field types (the ID's check
character), and masked in the preview and in refused rows for a user who may not see them.
"""

from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from cuizhai.core.base.imports import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    LookupWidget,
    MoneyWidget,
    PersonWidget,
    TextWidget,
    TrackedResource,
    column,
    context_column,
    is_blank,
)
from cuizhai.core.base.personal_values import normalise_resident_id
from cuizhai.core.models import Community, Village
from resettlement.choices import HouseholdStatus, PropertySplit, Relation, UnitLayout
from resettlement.models import Building, Household, HouseholdMember, HousingUnit


class ResidentIdWidget(TextWidget):
    """An ID number as it is stored (upper-case X, no blanks), so that a row finds the
    record it names; the check character is verified by the field."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        return normalise_resident_id(text) if text else text


class BuildingWidget(LookupWidget):
    """A building given by its number within the community of the row's community column
    (two communities both have a building 1)."""

    def __init__(self, community_column=None, **kwargs):
        super().__init__(Building, ("number",), **kwargs)
        self.community_column = community_column
        self.communities = LookupWidget(Community, ("name",))

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        number = TextWidget().clean(value)
        community = force_str((row or {}).get(self.community_column) or "").strip()
        in_community = {record.pk for record in self.communities.matches("name", community)}
        found = [building for building in self.matches("number", number)
                 if building.community_id in in_community]
        if not found:
            raise ValueError(
                _("Community “%(community)s” has no building “%(number)s”.")
                % {"community": community, "number": number})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.number if value is not None else ""


class HouseholdResource(TrackedResource):
    code = column(Household, "code")
    village = column(Household, "village", LookupWidget(Village, ("name", "code")))
    head_name = column(Household, "head_name")
    head_id_number = column(Household, "head_id_number", ResidentIdWidget())
    head_phone = column(Household, "head_phone")
    entitled_area = column(Household, "entitled_area", MoneyWidget())  # two decimals
    split_status = column(Household, "split_status", ChoiceWidget(PropertySplit),
                          saves_null_values=False)
    split_note = column(Household, "split_note")
    status = column(Household, "status", ChoiceWidget(HouseholdStatus),
                    saves_null_values=False)
    contract_date = column(Household, "contract_date", DateWidget())
    vacated_date = column(Household, "vacated_date", DateWidget())
    demolished_date = column(Household, "demolished_date", DateWidget())
    cadre = column(Household, "cadre", PersonWidget())
    note = column(Household, "note")

    import_example = {"code": "XC-0001", "head_name": "张三",
                      "head_id_number": "37019919700101001X", "head_phone": "13800000000"}

    class Meta:
        model = Household
        fields = ("code", "village", "head_name", "head_id_number", "head_phone",
                  "entitled_area", "split_status", "split_note", "status", "contract_date",
                  "vacated_date", "demolished_date", "cadre", "note")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        use_bulk = True  # a village's households, hundreds at once

    def get_queryset(self):
        return Household.objects.select_related("village", "cadre")


class HouseholdMemberResource(TrackedResource):
    household = column(HouseholdMember, "household", LookupWidget(Household, ("code",)))
    name = column(HouseholdMember, "name")
    relation = column(HouseholdMember, "relation", ChoiceWidget(Relation))
    id_number = column(HouseholdMember, "id_number", ResidentIdWidget())

    import_example = {"household": "XC-0001", "name": "张三",
                      "id_number": "37019919700101001X"}

    class Meta:
        model = HouseholdMember
        fields = ("household", "name", "relation", "id_number")
        import_id_fields = ("id_number",)  # one person is a member of one household
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        use_bulk = True  # a village's roster, thousands of people

    def get_queryset(self):
        return HouseholdMember.objects.select_related("household")


class HousingUnitResource(TrackedResource):
    community = context_column(HousingUnit, "building__community",
                               LookupWidget(Community, ("name",)))
    building = column(HousingUnit, "building", BuildingWidget())
    entrance = column(HousingUnit, "entrance")
    floor = column(HousingUnit, "floor", IntegerWidget())
    room = column(HousingUnit, "room")
    area = column(HousingUnit, "area", MoneyWidget())  # two decimals, as stored
    layout = column(HousingUnit, "layout", ChoiceWidget(UnitLayout))

    import_example = {"building": "1", "entrance": "1", "room": "502", "floor": 5}

    class Meta:
        model = HousingUnit
        fields = ("community", "building", "entrance", "floor", "room", "area", "layout")
        import_id_fields = ("building", "entrance", "room")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        use_bulk = True  # a community's full list: thousands of units

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["building"].widget.community_column = self.fields["community"].column_name

    def get_queryset(self):
        return HousingUnit.objects.select_related("building__community")
