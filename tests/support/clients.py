"""API clients as the people who use the API: a user of a role, the dashboard by its token,
or a stranger without credentials."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cuizhai.core import roles
from tests.support.users import make_user


def api_client(user=None, language=None):
    """An API client logged in as ``user`` (a stranger when None); Chinese unless a
    language is given."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    if language:
        client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client


def role_user(role):
    """The user standing for ``role`` (a group name): the system administrator through the
    group alone, not the superuser flag; the dashboard without staff status."""
    return make_user(f"as-{role}", role, is_staff=role != roles.DASHBOARD)


def role_client(role, language="en"):
    """An API client of a fresh ``role_user(role)``; the dashboard authenticates with its
    token, as dashboards do."""
    user = role_user(role)
    if role != roles.DASHBOARD:
        return api_client(type(user).objects.get(pk=user.pk), language)
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE=language)
    return client
