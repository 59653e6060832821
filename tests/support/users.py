"""The one way to make a user in the tests."""

from django.contrib.auth.models import Group, Permission


def make_user(username="user", *groups, is_staff=True, is_superuser=False):
    """A user in the given role groups (names from ``cuizhai.core.roles``); the same
    username gives the same user."""
    from tests.factories import UserFactory

    user = UserFactory(username=username, is_staff=is_staff, is_superuser=is_superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def with_model_rights(user, model, actions=("view", "add", "change")):
    """``user`` given the rights on ``model`` that its office's role would (for a test-only
    model no office owns); returns a fresh object, without a stale permission cache."""
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label=model._meta.app_label,
        codename__in=[f"{action}_{model._meta.model_name}" for action in actions],
    ))
    return fresh_user(user)


def fresh_user(user):
    """The same user read again: Django caches permissions on the object."""
    return type(user).objects.get(pk=user.pk)
