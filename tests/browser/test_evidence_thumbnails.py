"""A closed-loop item's page in the browser: the report's photos show as thumbnails (a
placeholder picture for a HEIC photo), each marked before or after rectification; the
add form offers the photos before and after.

``CUIZHAI_SCREENSHOTS=<folder>`` also saves the pages as PNG files there.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image, ImageDraw

from cuizhai.core import roles
from cuizhai.core.base.services.closed_loop import StagedEvidence
from cuizhai.core.choices import EvidenceStage
from tests.projects import factories as f

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


RELOAD_ONE_BY_ONE = """async imgs => {
    for (const img of imgs) {
        if (img.complete && img.naturalWidth > 0) continue;
        await new Promise(done => {
            img.onload = img.onerror = done;
            img.src = img.src.split("?")[0] + "?again";
        });
    }
}"""


def site_photo(name, colour):
    buffer = io.BytesIO()
    image = Image.new("RGB", (1600, 1200), colour)
    ImageDraw.Draw(image).rectangle((400, 300, 1200, 900), fill=(240, 240, 240))
    image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def screenshot(page, name):
    folder = os.environ.get("CUIZHAI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_the_log_shows_photo_thumbnails_and_the_add_form_takes_photos(page_as, live_server,
                                                                       make_user, settings,
                                                                       tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    clerk = make_user("clerk", roles.office_group("projects"))
    problem = f.report_problem(
        by=clerk, title="工地围挡破损，扬尘外溢", severity="major", channel="hotline_12345",
        reporter_name="王秀英", reporter_phone="13800001234",
        evidence=[StagedEvidence(site_photo("围挡破损.jpg", (150, 90, 60)), EvidenceStage.BEFORE),
                  StagedEvidence(SimpleUploadedFile("IMG_0412.HEIC", HEIC_BYTES),
                                 EvidenceStage.AFTER)],
    )
    page = page_as(clerk)
    page.goto(live_server.url + reverse("admin:projects_projectproblem_change",
                                        args=[problem.pk]))
    page.wait_for_load_state("networkidle")

    photos = page.locator("figure.evidence-photo img")
    assert photos.count() == 2
    if connection.vendor == "sqlite":
        # Every request saves the session; the tests' in-memory SQLite refuses two writers
        # at once ("table is locked") where the real server's database file waits for its
        # turn (tests/test_sqlite_concurrency.py). Load again, one after another, any
        # thumbnail the browser's parallel requests lost that way.
        photos.evaluate_all(RELOAD_ONE_BY_ONE)
    # Loaded and drawn: a refused or broken image has no natural width.
    assert photos.evaluate_all("imgs => imgs.map(img => img.complete && img.naturalWidth > 0)"
                               ) == [True, True]
    captions = page.locator("figure.evidence-photo figcaption").all_inner_texts()
    assert captions == ["整改前", "整改后"]
    screenshot(page, "closed-loop-change.png")

    page.goto(live_server.url + reverse("admin:projects_projectproblem_add"))
    assert page.locator('input[name="evidence_before"]').count() == 1
    assert page.locator('input[name="evidence_after"]').count() == 1
    assert page.locator('select[name="severity"]').count() == 1
    screenshot(page, "closed-loop-add.png")
