import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from cuizhai.core import roles


@pytest.fixture
def make_user(db):
    """A user in the given role groups (names from cuizhai.core.roles)."""

    def make(username="user", *groups, is_staff=True, is_superuser=False):
        user = get_user_model().objects.create_user(
            username=username, password="pass-123456", is_staff=is_staff,
            is_superuser=is_superuser,
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def api_client_for():
    """An API client logged in as ``user`` (Chinese unless a language is given)."""

    def client_for(user=None, language=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        if language:
            client.credentials(HTTP_ACCEPT_LANGUAGE=language)
        return client

    return client_for


@pytest.fixture
def admin_user_(make_user):
    return make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True)


@pytest.fixture
def projects_editor(make_user):
    return make_user("projects-editor", roles.PROJECTS_OFFICE)


@pytest.fixture
def safety_editor(make_user):
    return make_user("safety-editor", roles.SAFETY_OFFICE)


@pytest.fixture
def leader(make_user):
    return make_user("leader", roles.LEADERS)


@pytest.fixture
def dashboard_user(make_user):
    return make_user("dashboard", roles.DASHBOARD, is_staff=False)
