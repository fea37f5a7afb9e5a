from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VergaderingenConfig(AppConfig):
    """Meetings of a body: agenda, attendance, recusal, votes, decisions, minutes.

    Generic: it decides any subject put on an agenda and never imports optimalisatie or
    afsprakennota (see docs/architecture.md).
    """

    name = "vergaderingen"
    verbose_name = _("Meetings")

    def ready(self):
        from . import personal_data

        personal_data.register()
        from core import calendar, navigation, worklist
        from core.figures import counted

        from . import access, calendar_events, selectors, services, subjects
        from .models import AgendaItem, ItemProposal, Meeting
        from .worklist import notices, work_items

        calendar.register(calendar_events.events)
        calendar.register_attachment(
            Meeting, lambda meeting: [calendar_events.meeting_event(meeting)]
        )

        navigation.register(
            navigation.NavItem(
                _("Meetings"), "vergaderingen:meeting-list", order=20, visible=access.sits_in_a_body
            )
        )

        # A minutes item decides a previous meeting's minutes; minutes not approved yet (a
        # postponed approval included) wait among the body's candidates.
        subjects.register(
            Meeting,
            title=selectors.minutes_item_title,
            decide=services.approve_minutes_of,
            candidates=selectors.minutes_candidates,
            item_defaults=lambda meeting: {"is_minutes_item": True},
            elsewhere=False,
        )
        # An item proposed by a schepen or an MT member; put on an agenda, it is accepted.
        subjects.register(
            ItemProposal,
            title=lambda proposal: proposal.title,
            decide=services.proposal_decided,
            candidates=selectors.proposal_candidates,
            item_defaults=lambda proposal: {"kind": proposal.kind},
            added=services.proposal_added,
            elsewhere=False,
        )
        # A free item postponed at an earlier meeting comes back as a candidate.
        subjects.register(
            AgendaItem,
            title=lambda item: item.title,
            decide=services.postponed_item_decided,
            candidates=selectors.postponed_candidates,
            item_defaults=lambda item: {
                "kind": item.kind,
                "concerns_person": item.concerns_person,
            },
            elsewhere=False,
        )
        worklist.register(work_items)
        worklist.register_notices(notices)
        # Publishing a decision list changes the public list (core.kept); which meeting wrote
        # it does not matter, so its writes are not checked by key (None).
        counted(Meeting, key=lambda m: None, stamps=lambda m: [("decision-list",)])
        # Where a body decides changes the public list's pointer to the official one.
        from django.db.models.signals import post_delete, post_save

        from core.kept import changed

        from .models import BodySettings

        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, **kwargs: changed("decision-list"),
                sender=BodySettings,
                weak=False,
                dispatch_uid=f"body_settings_{signal is post_save}",
            )

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="vergaderingen_demo",
        )
