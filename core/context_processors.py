from accounts.models import Bestuur

from . import navigation
from .notifications import unread_count


def frame(request):
    """What base.html needs on every page: the organisation's name and the user's sections."""
    return {
        "bestuur": Bestuur.load(),
        "nav_items": navigation.items_for(request.user),
        "unread_notifications": unread_count(request.user),
    }
