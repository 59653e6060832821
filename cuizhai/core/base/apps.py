"""The AppConfig every app of the office inherits: what an app declares to the core.

The core finds the apps in Django's app registry (``business_apps()``) and reads these
attributes from them, so adding an app means its folder, its AppConfig and one line in
``LOCAL_APPS`` — no list in the core names an app.
"""

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
    """

    # The base itself is never an app's config; see __init_subclass__.
    default = False

    office_group = None
    office_description = ""
    office_lead_group = None
    api_urls = None
    areas = ()

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


def check_business_apps(app_configs=None, **kwargs):
    """System check: each area value is declared by one app only (the area's owner)."""
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
    return errors
