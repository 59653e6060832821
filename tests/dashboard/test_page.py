"""The dashboard page: who may open it, and what its markup carries (the figures
themselves are fetched by the browser from the API: tests/browser/test_dashboard.py)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import override

from cuizhai.core import roles
from cuizhai.dashboard.headlines import tile_lines
from cuizhai.dashboard.vendor import ECHARTS
from cuizhai.reports.catalogue import LINES
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboard:page")
WALL = reverse("dashboard:wall")
LOGIN = reverse("dashboard:login")


def config_of(response):
    match = re.search(
        r'<script id="dashboard-config" type="application/json">(.*?)</script>',
        response.content.decode(), re.S)
    return json.loads(match.group(1))


# --- who may open it ---------------------------------------------------------------------

@pytest.mark.parametrize("path", [PAGE, WALL, PAGE + "?wall=1&year=2024"])
def test_anonymous_is_sent_to_the_login_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")
    assert resolve(response["Location"].split("?")[0]).url_name == "login"


@pytest.mark.parametrize("role", [roles.DASHBOARD, roles.LEADERS, roles.SYSTEM_ADMIN,
                                  "项目办", "安全办"])
def test_every_role_may_open_it(client, make_user, role):
    client.force_login(make_user("someone", role, is_staff=role != roles.DASHBOARD))
    assert client.get(PAGE).status_code == 200
    assert client.get(WALL).status_code == 200


def test_a_superuser_may_open_it(client, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=False))
    assert client.get(PAGE).status_code == 200


def test_a_user_without_role_or_staff_status_is_refused(client, make_user):
    client.force_login(make_user("nobody", is_staff=False))
    assert client.get(PAGE).status_code == 403
    assert client.get(WALL).status_code == 403


def test_an_inactive_staff_user_is_refused(client, make_user):
    user = make_user("gone", roles.LEADERS)
    client.force_login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(PAGE).status_code in (302, 403)


def test_the_dashboard_account_logs_in_although_it_is_not_staff(client, make_user):
    user = make_user("wallscreen", roles.DASHBOARD, is_staff=False)
    user.set_password("a-long-wall-screen-password")
    user.save()
    response = client.post(LOGIN + "?next=" + WALL, {
        "username": "wallscreen", "password": "a-long-wall-screen-password", "next": WALL,
    })
    assert response.status_code == 302
    assert response["Location"] == WALL
    assert client.get(WALL).status_code == 200


def test_a_wrong_password_is_refused_on_the_login_page(client, make_user):
    make_user("wallscreen", roles.DASHBOARD, is_staff=False)
    response = client.post(LOGIN, {"username": "wallscreen", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- the markup ----------------------------------------------------------------------------

@pytest.fixture
def leader_client(client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    return client


def test_every_headline_of_the_brief_has_its_tile(leader_client):
    html = leader_client.get(PAGE, {"year": 2024}).content.decode()
    shown = [headline for line in LINES for headline in line.headlines_on_dashboard()]
    # The brief's table: projects 5 and economy 2, resettlement 8, safety 6, party 7.
    assert len(shown) == 28
    for line in tile_lines(2024):
        assert f'class="line line-{line.key}"' in html
        for tile in line.tiles:
            if tile.indicator:
                assert (f'id="{tile.element_id}" data-indicator="{tile.indicator}" '
                        f'data-link="{tile.indicator_link.replace("&", "&amp;")}"') in html
            else:
                assert (f'id="{tile.element_id}" data-source="{tile.source}" '
                        f'data-path="{tile.path}" data-measure="{tile.measure}"') in html


def test_the_tiles_are_the_reports_headlines_written_as_the_report_writes_them(
        leader_client):
    """One declaration: a tile's unit, decimals, factor and 同比 are its headline's."""
    html = leader_client.get(PAGE, {"year": 2024}).content.decode()
    tiles = {tile.key: tile for line in tile_lines(2024) for tile in line.tiles}
    investment = tiles["projects:newly_planned.total_investment"]
    assert (investment.unit, investment.divide_by, investment.decimals) == ("亿元", 10000, 2)
    assert 'data-divide-by="10000" data-decimals="2" data-compare>' in html
    # A stock counted to date has no 同比, in the report and on the dashboard.
    reserve = tiles["partybuilding:cadres.reserve.count"]
    assert not reserve.compare
    tile = html[html.index(f'id="{reserve.element_id}"'):]
    assert tile[:tile.index(">")].endswith('data-decimals="0"')
    assert tiles["resettlement:selection.selected.rate"].unit == "%"
    assert tiles["safety:hazards.found.count"].unit == "处"


def test_the_tiles_units_follow_the_pages_language(client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(PAGE).content.decode()
    with override("en"):
        tiles = {tile.key: tile for line in tile_lines(2024) for tile in line.tiles}
    assert tiles["safety:hazards.found.count"].unit == "hazards"
    assert tiles["projects:newly_planned.total_investment"].unit == "100 million yuan"
    assert '<span class="unit">100 million yuan</span>' in html


def _find(answer, path):
    """The figure a tile's ``data-path`` names (as dashboard.js reads it)."""
    node = answer
    for step in path.split("."):
        name, _, pick = step.partition("[")
        node = node[name]
        if pick:
            field, value = pick.rstrip("]").split("=")
            node = next(item for item in node
                        if str(item[field]["value"] if isinstance(item[field], dict)
                               else item[field]) == value)
    return node


def test_every_tile_names_a_figure_the_api_serves(leader_client):
    """Renaming a summary's figure must not leave a tile empty."""
    codes = [tile.indicator for line in tile_lines(2024) for tile in line.tiles
             if tile.indicator]
    assert sorted(codes) == ["general-budget-revenue", "industrial-output-value",
                             "road-deaths"]
    for code in codes:
        indicator = IndicatorFactory(code=code)
        for month in (10, 11):
            IndicatorValueFactory(indicator=indicator, year=2024, month=month)
    for line in tile_lines(2024):
        for tile in line.tiles:
            if tile.indicator:
                # As dashboard.js asks: the year's latest month, with its 同比.
                page = leader_client.get(reverse("core-api:indicatorvalue-list"), {
                    "indicator": tile.indicator, "year": 2024, "ordering": "-month",
                    "limit": 1}).json()
                assert page["results"][0]["month"] == 11, tile.key
                assert "yoy_growth" in page["results"][0], tile.key
                assert leader_client.get(tile.indicator_link).json()["count"] == 2
                continue
            answer = leader_client.get(reverse(f"{tile.source}-api:summary"),
                                       {"year": 2024}).json()
            figure = _find(answer, tile.path)
            assert tile.measure in figure, tile.key
            assert figure["link"], tile.key


def test_a_headline_key_the_summary_does_not_declare_is_refused():
    line = LINES[0]
    headline = line.headlines[0]
    with pytest.raises(KeyError):
        line.answer_path(type(headline)("no_such_figure.count", "?"))


def test_the_config_gives_the_api_the_page_reads(leader_client):
    config = config_of(leader_client.get(PAGE, {"year": 2023}))
    assert config["year"] == 2023
    assert config["wall"] is False
    assert config["refreshSeconds"] == 0
    assert config["summaries"] == {
        app: reverse(f"{app}-api:summary")
        for app in ("projects", "resettlement", "safety", "partybuilding")
    }
    assert config["series"] == {
        app: reverse(f"{app}-api:series")
        for app in ("projects", "resettlement", "safety", "partybuilding")
    }
    assert config["counts"] == reverse("core-api:supervision-item-counts")
    assert config["indicatorValues"] == reverse("core-api:indicatorvalue-list")
    assert [area["value"] for area in config["areas"]] == [
        "projects", "economy", "resettlement", "safety", "partybuilding"]
    # Every address the page fetches is an API endpoint the browser may read as this user.
    for url in [*config["summaries"].values(), *config["series"].values(), config["counts"],
                config["indicatorValues"]]:
        assert url.startswith("/api/v1/")
        assert leader_client.get(url, {"year": 2023, "limit": 1}).status_code == 200


def test_every_trend_names_a_series_the_api_serves(leader_client):
    """The monthly series dashboard.js draws: twelve months, each with its measure and link."""
    drawn = {"projects": [("investment_completed", "amount")],
             "resettlement": [("handovers", "count")],
             "safety": [("hazards_found", "count"), ("hazards_rectified", "count")],
             "partybuilding": [("training", "person_times")]}
    script = (Path(finders.find("dashboard/dashboard.js"))).read_text()
    for app, series in drawn.items():
        answer = leader_client.get(reverse(f"{app}-api:series"), {"year": 2024}).json()
        for name, measure in series:
            assert f"series.{app}.{name}" in script
            months = answer[name]
            assert [month["month"] for month in months] == [f"2024-{m:02}" for m in range(1, 13)]
            assert all(measure in month and month["link"] for month in months), name


def test_the_year_selector_offers_the_recent_years_and_keeps_the_one_asked(leader_client):
    this_year = timezone.localdate().year
    html = leader_client.get(PAGE, {"year": 2016}).content.decode()
    assert '<option value="2016" selected>' in html
    assert f'<option value="{this_year}">' in html
    assert f'<option value="{this_year - 9}">' in html


@pytest.mark.parametrize("year", ["abc", "99", "1999", "2101", "２０２４", ""])
def test_a_year_that_is_none_shows_this_year(leader_client, year):
    response = leader_client.get(PAGE, {"year": year})
    assert response.status_code == 200
    assert config_of(response)["year"] == timezone.localdate().year


@pytest.mark.parametrize("path", [WALL, PAGE + "?wall=1"])
def test_the_wall_screen_is_dark_and_refreshes_itself(leader_client, path):
    response = leader_client.get(path)
    html = response.content.decode()
    assert '<html lang="zh-hans" class="wall">' in html
    config = config_of(response)
    assert config["wall"] is True
    assert config["refreshSeconds"] == settings.CUIZHAI_DASHBOARD_REFRESH_SECONDS > 0
    # Choosing another year stays on the wall screen.
    assert 'name="wall" value="1"' in html


def test_the_desk_view_is_light_and_does_not_refresh(leader_client):
    html = leader_client.get(PAGE).content.decode()
    assert 'class="desk"' in html
    assert 'name="wall"' not in html


def test_chinese_by_default_english_on_request(client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "崔寨街道重点工作看板" in html
    assert "拆迁安置" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(PAGE)
    html = response.content.decode()
    assert "Cuizhai subdistrict key work dashboard" in html
    assert "Demolition and resettlement" in html
    assert config_of(response)["language"] == "en"
    with override("en"):
        assert config_of(response)["text"]["yoy"] == "YoY"


def test_scripts_are_static_files_and_echarts_is_checked_by_its_hash(leader_client):
    response = leader_client.get(PAGE)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    # No inline script: every script is a static file, but the JSON data block.
    for attributes in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    echarts = next(a for a in scripts if ECHARTS.static_path in a)
    assert f'integrity="{ECHARTS.integrity}"' in echarts
    assert "//" not in echarts.replace('src="/static/', "")  # no other host
    # The directives, whatever order the middleware writes them in.
    policy = dict(directive.strip().split(" ", 1)
                  for directive in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"


def test_each_line_of_the_board_has_its_row_of_counts(leader_client):
    html = leader_client.get(PAGE).content.decode()
    for area in ("projects", "economy", "resettlement", "safety", "partybuilding"):
        assert f'<tr data-area="{area}">' in html
    for chart in ("investment", "handovers", "hazards", "training", "health", "communities",
                  "stages", "statuses"):
        assert f'<div class="chart" id="chart-{chart}"></div>' in html


def test_a_staff_user_sees_the_way_to_the_admin_the_dashboard_account_does_not(
        client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    assert reverse("admin:index") in client.get(PAGE).content.decode()
    client.force_login(make_user("wallscreen", roles.DASHBOARD, is_staff=False))
    assert f'href="{reverse("admin:index")}"' not in client.get(PAGE).content.decode()


def test_it_answers_on_a_date_late_in_the_year(leader_client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2030, 12, 31))
    assert config_of(leader_client.get(PAGE))["year"] == 2030


def test_the_evaluation_problems_tile_says_found_as_its_figure_counts(client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(PAGE).content.decode()
    tile = html[html.index('id="figure-partybuilding-evaluation_problems-found-count"'):]
    assert re.search(r'<span class="label">([^<]*)</span>', tile)[1] == (
        "Problems found by the evaluations")
