"""The college decision rules (Decreet over het lokaal bestuur), as pure functions.

- Quorum: a body can deliberate or decide only when more than half of its members in office
  are present. For one agenda item, members who step out for a conflict of interest do not
  count: quorum is checked on the members who may take part.
- Majority: a proposal passes when the yes votes exceed the no votes; abstentions do not count.
- A tie rejects the proposal by default (DOMAIN.md: "to confirm"); each body has a setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constants import DecisionOutcome


@dataclass(frozen=True)
class Tally:
    ja: int = 0
    nee: int = 0
    onthouding: int = 0

    @property
    def cast(self) -> int:
        return self.ja + self.nee + self.onthouding


def has_quorum(
    *, in_office: int, present: int, recused_present: int = 0, recused_in_office: int | None = None
) -> bool:
    """More than half of the members who may take part are present.

    `in_office`: members in office on the day; `present`: of them, present for the item;
    recused members are taken out of both counts.
    """
    recused_in_office = recused_present if recused_in_office is None else recused_in_office
    eligible = in_office - recused_in_office
    eligible_present = present - recused_present
    if eligible <= 0:
        return False
    return 2 * eligible_present > eligible


def outcome(tally: Tally, *, tie_rejects: bool = True) -> DecisionOutcome:
    """Approved when yes exceeds no; abstentions do not count; a tie follows the setting."""
    if tally.ja > tally.nee:
        return DecisionOutcome.APPROVED
    if tally.ja == tally.nee and not tie_rejects and tally.ja > 0:
        return DecisionOutcome.APPROVED
    return DecisionOutcome.REJECTED
