"""The Mijn werk registry: a long list shows its first items, with its total and a link."""

import datetime

import pytest

from accounts.models import User
from core import worklist
from core.worklist import LIST_LIMIT, WorkItem, WorkList, bounded, work_for, work_page
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_bounded_gives_the_first_rows_and_the_total_in_one_query(django_assert_num_queries):
    UserFactory.create_batch(LIST_LIMIT + 3)
    with django_assert_num_queries(1):
        rows, total = bounded(User.objects.order_by("pk"))
    assert len(rows) == LIST_LIMIT and total == LIST_LIMIT + 3
    assert rows == list(User.objects.order_by("pk")[:LIST_LIMIT])
    with django_assert_num_queries(1):
        rows, total = bounded(User.objects.order_by("pk").values("pk"), limit=2)
    assert rows == list(User.objects.order_by("pk").values("pk")[:2])
    assert total == LIST_LIMIT + 3
    assert bounded(User.objects.none().order_by("pk")) == ([], 0)


@pytest.mark.parametrize("count_apart", [False, True])
def test_bounded_counts_the_filtered_rows_either_way(count_apart, django_assert_num_queries):
    UserFactory.create_batch(LIST_LIMIT + 3, job_title="Boekhouder")
    UserFactory.create_batch(2, job_title="Archivaris")
    boekhouders = User.objects.filter(job_title="Boekhouder").order_by("-pk")
    with django_assert_num_queries(1):
        rows, total = bounded(boekhouders, count_apart=count_apart)
    assert rows == list(boekhouders[:LIST_LIMIT]) and total == LIST_LIMIT + 3
    assert bounded(boekhouders.filter(pk=0), count_apart=count_apart) == ([], 0)


def test_work_is_sorted_by_due_date_and_partial_lists_are_reported(monkeypatch):
    day = datetime.date(2026, 3, 2)
    complete = WorkList(
        items=[WorkItem("b", "/b", due=day)], total=1, label="complete", url="/alle-b"
    )
    partial = WorkList(
        items=[WorkItem("c", "/c"), WorkItem("a", "/a", due=day)],
        total=40,
        label="partial",
        url="/alle-c",
    )
    loose = WorkItem("d", "/d", due=day - datetime.timedelta(days=1))
    monkeypatch.setattr(worklist, "_providers", [lambda user: [complete, partial, loose]])
    work = work_page(object())
    assert [i.title for i in work.items] == ["d", "a", "b", "c"]
    assert work.partial == [partial]
    assert [i.title for i in work_for(object())] == ["d", "a", "b", "c"]


def test_the_page_says_how_many_there_are_and_links_to_them_all(client, monkeypatch):
    items = [WorkItem(f"Taak {i}", f"/taak/{i}/") for i in range(LIST_LIMIT)]
    long_list = WorkList(items=items, total=1234, label="taken", url="/alle-taken/")
    monkeypatch.setattr(worklist, "_providers", [lambda user: [long_list]])
    monkeypatch.setattr(worklist, "_notice_providers", [])
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert page.count('href="/taak/') == LIST_LIMIT
    assert 'href="/alle-taken/"' in page
    assert "1.234" in page  # grouped as a Dutch reader expects
    assert '<span class="visually-hidden">: taken</span>' in page


def test_an_overdue_item_on_mijn_werk_says_te_laat(client):
    """'uiterlijk 24 november 2026' shown on 4 December without 'te laat' (issue 16)."""
    import io

    from django.core.management import call_command
    from django.urls import reverse

    call_command("demo", "--force", stdout=io.StringIO())
    client.force_login(User.objects.get(email="algemeen.directeur@heuvelbeke.example"))
    page = client.get(reverse("core:my-work")).content.decode()
    overdue = [line for line in page.splitlines() if "Achterstallig" in line]
    assert overdue and all("te laat" in line for line in overdue)
    later = [line for line in page.splitlines() if "uiterlijk" in line and "2099" in line]
    assert all("te laat" not in line for line in later)
