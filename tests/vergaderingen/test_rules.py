"""Quorum and majority: examples from the decree, then properties over random meetings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.rules import Tally, has_quorum, outcome


@pytest.mark.parametrize(
    ("in_office", "present", "expected"),
    [
        (7, 4, True),
        (7, 3, False),
        (8, 4, False),
        (8, 5, True),
        (1, 1, True),
        (1, 0, False),
        (0, 0, False),
    ],
)
def test_quorum_is_more_than_half_of_the_members_in_office(in_office, present, expected):
    assert has_quorum(in_office=in_office, present=present) is expected


def test_quorum_for_an_item_leaves_out_the_recused_members():
    # 7 in office, 4 present, one of them steps out: 3 of 6 may take part -> no quorum
    assert has_quorum(in_office=7, present=4) is True
    assert has_quorum(in_office=7, present=4, recused_present=1) is False
    # 7 in office, 5 present, one steps out: 4 of 6 -> quorum
    assert has_quorum(in_office=7, present=5, recused_present=1) is True


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(4, 3, 0), D.APPROVED),
        (Tally(3, 4, 0), D.REJECTED),
        (Tally(2, 1, 4), D.APPROVED),
        (Tally(0, 0, 7), D.REJECTED),
        (Tally(3, 3, 1), D.REJECTED),
    ],
)
def test_majority_yes_exceeds_no_and_abstentions_do_not_count(tally, expected):
    assert outcome(tally) == expected


def test_the_tie_setting_both_ways():
    assert outcome(Tally(3, 3, 1), tie_rejects=True) == D.REJECTED
    assert outcome(Tally(3, 3, 1), tie_rejects=False) == D.APPROVED


votes = st.integers(min_value=0, max_value=40)


@given(ja=votes, nee=votes, onthouding=votes, extra=votes, tie_rejects=st.booleans())
def test_abstentions_never_change_the_outcome(ja, nee, onthouding, extra, tie_rejects):
    assert outcome(Tally(ja, nee, onthouding), tie_rejects=tie_rejects) == outcome(
        Tally(ja, nee, onthouding + extra), tie_rejects=tie_rejects
    )


@given(ja=votes, nee=votes, onthouding=votes)
def test_one_more_yes_never_turns_approval_into_rejection(ja, nee, onthouding):
    if outcome(Tally(ja, nee, onthouding)) == D.APPROVED:
        assert outcome(Tally(ja + 1, nee, onthouding)) == D.APPROVED


@given(ja=votes, nee=votes, onthouding=votes)
def test_swapping_yes_and_no_flips_a_clear_outcome(ja, nee, onthouding):
    if ja != nee:
        assert outcome(Tally(ja, nee, onthouding)) != outcome(Tally(nee, ja, onthouding))


@st.composite
def meetings(draw):
    in_office = draw(st.integers(min_value=1, max_value=15))
    present = draw(st.integers(min_value=0, max_value=in_office))
    recused_present = draw(st.integers(min_value=0, max_value=present))
    recused_absent = draw(st.integers(min_value=0, max_value=in_office - present))
    return in_office, present, recused_present, recused_absent


@given(meetings())
def test_quorum_matches_its_definition(meeting):
    in_office, present, recused_present, recused_absent = meeting
    recused = recused_present + recused_absent
    eligible, eligible_present = in_office - recused, present - recused_present
    expected = eligible > 0 and eligible_present > eligible / 2
    assert (
        has_quorum(
            in_office=in_office,
            present=present,
            recused_present=recused_present,
            recused_in_office=recused,
        )
        is expected
    )


@given(meetings())
def test_one_more_member_present_never_loses_the_quorum(meeting):
    in_office, present, recused_present, _absent = meeting
    if present < in_office and has_quorum(
        in_office=in_office, present=present, recused_present=recused_present
    ):
        assert has_quorum(in_office=in_office, present=present + 1, recused_present=recused_present)
