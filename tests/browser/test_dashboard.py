"""The dashboard in headless Chromium, on a small data set made through the factories and
services: every chart draws its data, every number links to the records it counts, no
console error, no request to any host but ours, and the wall screen fits 1920 × 1080."""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cuizhai.core import roles
from projects.choices import BatchStage
from tests.partybuilding.factories import AttendanceFactory, SessionFactory
from tests.projects.factories import MonthlyProgressFactory, ProjectFactory, report_problem
from tests.resettlement.factories import HandoverFactory
from tests.safety.factories import report_hazard
from tests.support.clock import at, clock

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGE = reverse("dashboard:page") + "?year=2024"
WALL = reverse("dashboard:wall") + "?year=2024"
CHARTS = ["investment", "handovers", "hazards", "training", "health", "communities",
          "stages", "statuses"]


@pytest.fixture
def records(make_user):
    """Two planned projects and one in reserve, three under construction (one of them with
    monthly investment), one completed in 2024; units handed over in two communities;
    hazards found in three months of 2024 and left open; a training session; a project
    problem raised today (open, on time)."""
    ProjectFactory.create_batch(2)
    ProjectFactory(stage=BatchStage.RESERVE)
    building = ProjectFactory.create_batch(3, under_construction=True)
    ProjectFactory(completed=True)
    for month, amount in ((3, 1200), (6, 800), (9, 1500)):
        MonthlyProgressFactory(project=building[0], year=2024, month=month,
                               investment_completed=amount)
    for day in (datetime.date(2024, 5, 20), datetime.date(2024, 9, 1)):
        HandoverFactory(handed_over_on=day)
    clerk = make_user("safety-clerk", "安全办")
    for month in (2, 2, 7):
        with clock(at(2024, month, 10, 9)):
            report_hazard(by=clerk, reported_at=at(2024, month, 10, 9))
    AttendanceFactory.create_batch(3, session=SessionFactory(held_on=datetime.date(2024, 4, 8)))
    report_problem(project=building[0], by=make_user("projects-clerk", "项目办"))


def watch(page, live_server):
    """Record every request the page makes to a host other than the live server."""
    ours = urlsplit(live_server.url).netloc
    page.elsewhere = []
    page.on("request", lambda request: (
        None if urlsplit(request.url).netloc == ours or request.url.startswith("data:")
        else page.elsewhere.append(request.url)))


def open_dashboard(page, live_server, path):
    watch(page, live_server)
    response = page.goto(live_server.url + path)
    assert response.status == 200
    page.wait_for_selector("body[data-state=ready]", timeout=60000)
    # Charts animate in: wait until every one has drawn.
    page.wait_for_function("""(ids) => ids.every(id => {
        const el = document.getElementById('chart-' + id);
        return echarts.getInstanceByDom(el) && el.querySelector('canvas');
    })""", arg=CHARTS)
    page.wait_for_timeout(800)


PIXELS = """(id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4 * 7) {
    colours.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2] + ',' + data[i + 3]);
  }
  return colours.size;
}"""

LARGEST_VALUE = """(id) => {
  const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
  return Math.max(0, ...option.series.flatMap(series => series.data.map(
    point => Number(point && typeof point === 'object' ? point.value : point))));
}"""


def assert_every_chart_draws_its_data(page):
    for name in CHARTS:
        chart = f"chart-{name}"
        assert page.evaluate(PIXELS, chart) > 10, f"{chart} is blank"
        assert page.evaluate(LARGEST_VALUE, chart) > 0, f"{chart} has no data"


def errors(page):
    return [message.text for message in page.console_messages if message.type == "error"]


def listed(page, link):
    """The number of records the list at ``link`` holds, read as the page's user."""
    answer = page.request.get(link, headers={"Accept": "application/json"})
    assert answer.status == 200, link
    return answer.json()["count"]


def number(text):
    return int(re.sub(r"[^\d]", "", text))


def test_the_dashboard_draws_every_chart_and_links_every_number(page_as, live_server,
                                                                 make_user, records):
    page = page_as(make_user("leader", roles.LEADERS))
    board = []
    page.on("request", lambda request: board.append(request.url)
            if "/api/v1/core/items/" in request.url else None)
    open_dashboard(page, live_server, PAGE)
    # The board's health of every line in one request.
    assert len(board) == 1 and "/items/counts/" in board[0]

    assert_every_chart_draws_its_data(page)
    assert errors(page) == []
    assert page.elsewhere == []

    # The headline figures, counted from the records, each linked to the list behind it.
    tiles = {
        "projects-newly_planned-count": 2, "projects-under_construction-count": 3,
        "projects-completed-count": 1, "resettlement-handovers-in_year-count": 2,
        "safety-hazards-found-count": 3,
    }
    for key, expected in tiles.items():
        tile = page.locator(f"#figure-{key}")
        assert number(tile.locator(".number").inner_text()) == expected, key
        assert listed(page, tile.evaluate("a => a.href")) == expected, key
    # Every count on the page that has a link lists exactly that many records.
    for tile in page.locator(".tile[href][data-measure=count]").all():
        assert listed(page, tile.evaluate("a => a.href")) == number(
            tile.locator(".number").inner_text()), tile.get_attribute("id")
    for cell in page.locator("#health-table a").all():
        assert listed(page, cell.evaluate("a => a.href")) == number(cell.inner_text())
    safety = page.locator('#health-table tr[data-area="safety"]')
    assert number(safety.locator('[data-count="open"]').inner_text()) == 3
    assert number(safety.locator('[data-count="overdue"]').inner_text()) == 3
    projects = page.locator('#health-table tr[data-area="projects"]')
    assert number(projects.locator('[data-count="open"]').inner_text()) == 1
    assert number(projects.locator('[data-count="overdue"]').inner_text()) == 0

    # A bar opens the records it stands for (the stage "planned": two projects).
    stages = json.loads(page.evaluate("""() => JSON.stringify(echarts.getInstanceByDom(
        document.getElementById('chart-stages')).getOption().series[0].data)"""))
    planned = next(point for point in stages if point["value"] == 2)
    assert listed(page, planned["link"]) == 2


def test_the_wall_screen_fits_1920_by_1080_dark_and_refreshes(page_as, live_server,
                                                              make_user, records, settings):
    settings.CUIZHAI_DASHBOARD_REFRESH_SECONDS = 2
    page = page_as(make_user("wallscreen", roles.DASHBOARD, is_staff=False),
                   width=1920, height=1080)
    summaries = []
    page.on("request", lambda request: summaries.append(request.url)
            if "/safety/summary/" in request.url else None)
    open_dashboard(page, live_server, WALL)

    assert_every_chart_draws_its_data(page)
    size = page.evaluate("""() => ({
        width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
        background: getComputedStyle(document.body).backgroundColor})""")
    assert size["width"] <= 1920 and size["height"] <= 1080, size
    assert size["background"] == "rgb(8, 20, 39)"
    # Nothing is cut: every tile shows its whole number inside the screen.
    for tile in page.locator(".tile .number").all():
        box = tile.bounding_box()
        assert box["x"] + box["width"] <= 1920 and box["y"] + box["height"] <= 1080
    # It fetches its figures again by itself (this year's and last year's each time).
    before = len(summaries)
    page.wait_for_timeout(3000)
    assert len(summaries) > before
    page.wait_for_selector("body[data-state=ready]")
    assert errors(page) == []
    assert page.elsewhere == []
    page.goto("about:blank")  # before the next refresh: no request outlives the test


def test_a_wall_screen_whose_session_expired_goes_to_the_login_page(
        page_as, live_server, make_user, records, settings):
    settings.CUIZHAI_DASHBOARD_REFRESH_SECONDS = 1
    page = page_as(make_user("wallscreen", roles.DASHBOARD, is_staff=False),
                   width=1920, height=1080)
    open_dashboard(page, live_server, WALL)
    # The session expires (two idle hours pass): the browser still sends its cookie.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page.wait_for_url(re.compile(r"/dashboard/login/\?next="), timeout=30000)
    assert "next=" + WALL.split("?")[0] in page.url.replace("%2F", "/")
    assert page.locator("input[name=password]").count() == 1


def test_in_english_the_page_and_the_figures_are_english(page_as, live_server, make_user,
                                                         records):
    page = page_as(make_user("leader", roles.LEADERS))
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "url": live_server.url}])
    open_dashboard(page, live_server, PAGE)
    assert "Cuizhai subdistrict key work dashboard" in page.content()
    assert "Planned" in page.content() or "planned" in page.content().lower()
    assert errors(page) == []
