"""Who may see and do what with an advice, a bundle or a cycle: the only home of these rules.

Views and services ask here; `get_advies_for` answers 404 for what a person may not see and
403 for what they may see but not do.
"""

from __future__ import annotations

from accounts.roles import heads, is_algemeen_directeur, is_mt_member, manages


def is_head(user, advies) -> bool:
    """The person heads the advice's department."""
    return heads(user, advies.dienst)


def is_manager(user, advies) -> bool:
    """The person manages the cluster of the advice's department."""
    return manages(user, advies.dienst)


def is_author_or_head(user, advies) -> bool:
    return advies.author_id == user.pk or is_head(user, advies)


def is_mt(user, advies=None) -> bool:
    """A member of the management team (the advice does not matter)."""
    return is_mt_member(user)


def is_ad(user) -> bool:
    return is_algemeen_directeur(user)
