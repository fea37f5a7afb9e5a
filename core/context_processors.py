from django.conf import settings

from accounts.models import Bestuur

from . import navigation
from .notifications import unread_count


def frame(request):
    """What base.html needs on every page: the organisation's name and the user's sections."""
    return {
        "bestuur": Bestuur.load(),
        "nav_items": navigation.items_for(request.user),
        "unread_notifications": unread_count(request.user),
        # how people log in: single sign-on (and its provider's name), the password
        "sso": {"on": settings.OIDC_ENABLED, "name": settings.OIDC_PROVIDER_NAME},
        "password_login": settings.PASSWORD_LOGIN,
    }
