from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the page frame, navigation, start page, formatting, error pages,
    the audit trail."""

    name = "core"
    verbose_name = _("General")

    def ready(self):
        from accounts.constants import MANAGE_ORGANISATION
        from accounts.signals import organisation_imported

        from . import exports, navigation, personal_data
        from .audit import audit_record

        personal_data.register_core()
        exports.register(personal_data.KIND, personal_data.build)

        def can_manage(user):
            return user.is_staff or user.has_perm(MANAGE_ORGANISATION)

        for item in [
            navigation.NavItem(_("My work"), "core:my-work", order=0),
            navigation.NavItem(_("Organisation"), "accounts:organisation", order=90),
            navigation.NavItem(
                _("Import"),
                "accounts:organisation-import",
                order=95,
                visible=lambda user: user.has_perm(MANAGE_ORGANISATION),
            ),
            navigation.NavItem(_("Management"), "admin:index", order=99, visible=can_manage),
        ]:
            navigation.register(item)

        def audit_import(sender, by, kind, created, updated, **kwargs):
            audit_record(
                actor=by,
                action="organisation.import",
                data={"kind": kind, "created": created, "updated": updated},
            )

        organisation_imported.connect(audit_import, weak=False, dispatch_uid="core_audit_import")

        from accounts.signals import sso_linked

        sso_linked.connect(
            lambda sender, user, **kwargs: audit_record(
                actor=user, action="account.sso-linked", target=user
            ),
            weak=False,
            dispatch_uid="core_audit_sso_linked",
        )
