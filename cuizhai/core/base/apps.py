"""The AppConfig every app of the office inherits: what an app declares to the core.

The core finds the apps in Django's app registry (``business_apps()``) and reads these
attributes from them, so adding an app means its folder, its AppConfig and one line in
``LOCAL_APPS`` — no list in the core names an app.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import AppConfig, apps
from django.core import checks


class BusinessAppConfig(AppConfig):
    """An app whose records the office's roles cover (everybody with a role may view them).

    Declare, as class attributes:

    ``office_group``
        Name of the Django group of the office that adds and changes this app's records
        (e.g. ``"项目办"``). ``None``: no office of its own.
    ``office_description``
        What that group may do, one translated sentence (``manage.py sync_roles`` shows it).
    ``office_lead_group``
        Name of the group of that office's leader(s) (e.g. ``"安全办负责人"``), who take the
        steps the app's closed-loop items reserve (``action_permissions``, such as verifying
        a major hazard). A leader is in both groups. ``None``: no step is reserved.
    ``api_urls``
        Dotted path of the app's API URL module (its ``app_name`` is ``"<label>-api"``),
        served at ``/api/v1/<label>/`` and listed by the API root. ``None`` until the app
        has resources.
    ``areas``
        ``(value, label)`` pairs: the lines of work this app reports indicators and
        campaigns for (``Indicator.area``, ``Campaign.area``). A value, once stored, must
        stay declared by some installed app.
    ``closed_loop_items``
        ``{model name: area value}`` for every closed-loop model of the app: the 督办 board
        (``/api/v1/core/items/``) lists them under that area. A system check refuses a
        concrete closed-loop model the app leaves out.
    ``office_edits``
        Models of the core's registers (``"core.Enterprise"``) that the app's office also
        adds and changes, because its work records them (the projects office registers the
        enterprises it serves).
    ``register_extensions``
        Dotted paths of ``cuizhai.core.base.registers.RegisterExtension`` subclasses: what
        the app adds to a core register's list, filters and admin page (e.g. an
        enterprise's visits).
    """

    # The base itself is never an app's config; see __init_subclass__.
    default = False

    office_group = None
    office_description = ""
    office_lead_group = None
    api_urls = None
    areas = ()
    closed_loop_items = {}
    office_edits = ()
    register_extensions = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # An app's apps.py imports this base as well as defining its own config: Django picks
        # the one class there that is not marked ``default = False``, so mark the subclass as
        # the default unless it says otherwise itself.
        cls.default = cls.__dict__.get("default", True)


def business_apps():
    """The installed apps built on ``BusinessAppConfig``, in ``INSTALLED_APPS`` order."""
    return [config for config in apps.get_app_configs() if isinstance(config, BusinessAppConfig)]


def app_parts(part):
    """``(label, <app>.<part>)`` for every business app that has that module (its demo data,
    its city-scale generator, its benchmark cases), the core first. An import error inside
    such a module is raised, not taken for a missing part."""
    for config in business_apps():
        name = f"{config.name}.{part}"
        try:
            yield config.label, import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


@dataclass(frozen=True)
class ClosedLoopKind:
    """One kind of closed-loop item on the 督办 board, as its app declared it."""

    model: type
    area: str
    area_label: str
    app_label: str

    @property
    def key(self):
        """``"<app label>.<model name>"``: the ``kind`` clients filter by."""
        return self.model._meta.label_lower

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def view_permission(self):
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    @property
    def api_detail_url_name(self):
        return f"{self.app_label}-api:{self.model._meta.model_name}-detail"

    @property
    def admin_change_url_name(self):
        meta = self.model._meta
        return f"admin:{meta.app_label}_{meta.model_name}_change"


def closed_loop_kinds():
    """Every closed-loop kind the business apps register, in app order then as declared."""
    kinds = []
    for config in business_apps():
        area_labels = dict(config.areas)
        for model_name, area in config.closed_loop_items.items():
            kinds.append(ClosedLoopKind(
                model=config.get_model(model_name), area=area,
                area_label=area_labels.get(area, area), app_label=config.label,
            ))
    return kinds


def _closed_loop_errors(config):
    from cuizhai.core.base.models import ClosedLoopItem

    errors = []
    registered = set(config.closed_loop_items)
    for model in config.get_models():
        if issubclass(model, ClosedLoopItem) and model.__name__ not in registered:
            errors.append(checks.Error(
                f"{model._meta.label} is a closed-loop model that {config.label!r} does not "
                "register.",
                hint="Add it to the AppConfig's closed_loop_items with its area, so that "
                     "the 督办 board lists it.",
                obj=config, id="core.E002",
            ))
    area_values = {value for value, _label in config.areas}
    for model_name, area in config.closed_loop_items.items():
        try:
            config.get_model(model_name)
        except LookupError:
            errors.append(checks.Error(
                f"{config.label!r} registers {model_name!r}, which is not one of its models.",
                obj=config, id="core.E003",
            ))
        if area not in area_values:
            errors.append(checks.Error(
                f"{config.label!r} lists {model_name!r} under area {area!r}, which it does "
                "not declare in areas.",
                obj=config, id="core.E004",
            ))
    return errors


def check_business_apps(app_configs=None, **kwargs):
    """System check: each area value is declared by one app only (the area's owner), and
    every closed-loop model of an app is registered for the 督办 board."""
    errors = []
    owners = {}
    for config in business_apps():
        for value, _label in config.areas:
            if value in owners:
                errors.append(checks.Error(
                    f"Area {value!r} is declared by both {owners[value]!r} and {config.label!r}.",
                    hint="Each area value belongs to one app's AppConfig.areas.",
                    obj=config, id="core.E001",
                ))
            owners.setdefault(value, config.label)
        errors.extend(_closed_loop_errors(config))
    return errors
