"""Every list of the admin fits a 1400 × 900 screen: no table wider than its content area
(which would hide columns in a horizontal scroller), no page wider than the screen —
checked in Chromium on the demo data set, whose names are as long as real ones."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.apps import business_apps

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1400, 900
MEASURE = """() => {
  const results = document.querySelector('#changelist .results');
  return {
    page: document.documentElement.scrollWidth,
    table: results ? results.scrollWidth : null,
    area: results ? results.clientWidth : null,
  };
}"""


def registered(model_name):
    """The registered model named so (wherever its app is: enterprises may move)."""
    return next(m for m in admin.site._registry if m._meta.model_name == model_name)


def change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                   args=[record.pk])


def changelists():
    """``(path, whether it has rows)`` of every registered list."""
    return sorted(
        (reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
         model._default_manager.exists())
        for model in admin.site._registry
    )


@pytest.fixture
def demo_data():
    # Its own load, not the session demo: a live server's test is transactional.
    call_command("load_demo", "--no-users", verbosity=0)


def test_every_list_fits_the_screen(demo_data, page_as, live_server, make_user):
    page = page_as(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True),
                   width=WIDTH, height=HEIGHT)
    too_wide, empty = {}, []
    for path, filled in changelists():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        size = page.evaluate(MEASURE)
        if size["table"] is None:  # no rows (sign-in records, tokens…): no table
            if filled:
                empty.append(path)
        elif size["table"] > size["area"]:
            too_wide[path] = size
        if size["page"] > WIDTH:
            too_wide[path] = size
    assert too_wide == {}
    assert empty == []  # every list with rows was measured
    business = {config.label for config in business_apps()}
    unmeasured = [model for model in admin.site._registry
                  if model._meta.app_label in business and model._meta.model_name != "calendaryear"
                  and not model._default_manager.exists()]
    # The demo fills every list of the work (the holiday years come from a migration,
    # which a transactional test's flush may have emptied).
    assert unmeasured == []


def test_pages_with_rows_fit_the_screen(demo_data, page_as, live_server, make_user):
    """Inline rows (visits, monthly progress) never push the page past the screen."""
    page = page_as(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True),
                   width=WIDTH, height=HEIGHT)
    records = (
        registered("enterprise").objects.get(name__contains="鼎点"),  # visits, outcomes
        registered("project").objects.get(name="济南黄河体育中心"),  # months of progress
        registered("indicator").objects.first(),  # values with growth
    )
    for url in map(change_url, records):
        assert page.goto(live_server.url + url).status == 200, url
        assert page.evaluate(MEASURE)["page"] <= WIDTH, url
