"""A handover's signed acceptance form is downloaded from the API as a checklist's photos
are (the core's ``ProtectedFileView``): the resettlement office, the system administrator and
a leader granted the households' personal data get the file; a leader without that right,
another office, the dashboard and a stranger do not, and never from a public media URL."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.personal import permission_codename
from resettlement.models import Household
from tests.resettlement import factories as f
from tests.support.clients import api_client, role_client, role_user
from tests.support.users import fresh_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% signed acceptance of unit 1-502\n%%EOF\n"


@pytest.fixture
def handover(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    handover = f.HandoverFactory()
    handover.acceptance.save("验收单.pdf", ContentFile(PDF), save=True)
    return handover


def download(handover):
    return reverse("resettlement-api:handover-acceptance", args=[handover.pk])


def test_the_office_and_the_system_administrator_get_the_file(handover):
    for role in (roles.office_group("resettlement"), roles.SYSTEM_ADMIN):
        response = role_client(role).get(download(handover))
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]


def test_a_leader_needs_the_households_personal_data_right(handover):
    leader = role_user(roles.LEADERS)
    assert api_client(leader).get(download(handover)).status_code == 404
    leader.user_permissions.add(Permission.objects.get(
        content_type__app_label="resettlement", codename=permission_codename(Household)))
    assert api_client(fresh_user(leader)).get(download(handover)).status_code == 200


def test_others_are_refused_alike(handover):
    for role in (roles.office_group("safety"), roles.DASHBOARD):
        assert role_client(role).get(download(handover)).status_code == 404, role
    assert api_client().get(download(handover)).status_code in (401, 403)
    # A handover without a file, and one that does not exist, answer as "not yours".
    office = role_client(roles.office_group("resettlement"))
    assert office.get(download(f.HandoverFactory())).status_code == 404
    assert office.get(reverse("resettlement-api:handover-acceptance",
                              args=[handover.pk + 999])).status_code == 404


def test_the_handover_links_to_its_download_only_when_it_has_a_file(handover):
    office = role_client(roles.office_group("resettlement"))
    without = f.HandoverFactory()
    rows = {row["id"]: row for row in office.get(
        reverse("resettlement-api:handover-list")).json()["results"]}
    assert rows[handover.pk]["acceptance"].endswith(download(handover))
    assert rows[without.pk]["acceptance"] is None
    assert handover.acceptance.name not in str(rows)  # no media path given out


def test_the_admin_page_links_to_the_protected_download(client, handover):
    from tests.support.admin import admin_browser

    browser = admin_browser(client, role_user(roles.office_group("resettlement")), "zh-hans")
    page = browser.get(reverse("admin:resettlement_handover_change",
                               args=[handover.pk])).content.decode()
    assert f'href="{download(handover)}"' in page
    assert "/media/" not in page
