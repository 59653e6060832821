"""The framework every app builds on. Nothing here is a resource.

An app's AppConfig inherits ``base.apps.BusinessAppConfig`` (its office, API and areas);
its models inherit ``base.models`` (tracked records, closed-loop items, the shared field
types and constraint helpers); its writes go through ``base.services``; its list
annotations are built from ``base.selectors``; its API, admin, filters, imports, summary and
demo data derive from ``base.api``, ``base.admin``, ``base.filtersets``, ``base.imports``,
``base.summary`` and ``base.demo``. The core's own resources (places, indicators, campaigns,
the calendar, the workflow log and its evidence) sit beside this package, in
``cuizhai.core.models`` and ``cuizhai.core.api``, as an ordinary app would have them.
"""
