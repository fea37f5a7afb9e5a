"""core.figures: the one call that announces a counted change, and the tests' check that no
write of a counted model by application code goes unannounced."""

from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Beleidsdomein
from core import figures
from core.kept import stamp
from tests.figures_check import CountedWrites

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_domain():
    """Beleidsdomein counted for the length of a test, with its own stamp and a refresh."""
    refreshed = []
    saved = dict(figures._REGISTRY)
    figures.counted(
        Beleidsdomein,
        key=lambda d: ("domain", d.pk),
        stamps=lambda d: [("domain", d.pk)],
        refresh=refreshed.append,
    )
    yield refreshed
    figures._REGISTRY.clear()
    figures._REGISTRY.update(saved)


def _as_app_code(source: str, **names):
    """Run `source` as if it were written in an app's module (core/services.py)."""
    path = str(Path(settings.BASE_DIR) / "core" / "services.py")
    exec(compile(source, path, "exec"), names)  # noqa: S102 - test helper


def test_figures_changed_refreshes_now_and_raises_the_stamp_after_the_commit(
    counted_domain, django_capture_on_commit_callbacks
):
    domain = Beleidsdomein.objects.create(name="Cultuur")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        figures.figures_changed(domain)
        assert counted_domain == [domain]  # at once, within the transaction
        assert stamp("domain", domain.pk) == 0  # not before the commit
    assert len(callbacks) == 1
    assert stamp("domain", domain.pk) == 1


def test_an_unregistered_model_is_a_programming_error():
    domain = Beleidsdomein(name="Sport")
    assert not figures.is_counted(domain)
    with pytest.raises(KeyError):
        figures.figures_changed(domain)


def test_the_check_reports_an_unannounced_write_by_application_code(counted_domain):
    with CountedWrites() as check:
        _as_app_code("Beleidsdomein.objects.create(name='Jeugd')", Beleidsdomein=Beleidsdomein)
    assert [(model, key[0]) for model, _pk, key in check.unannounced()] == [
        ("Beleidsdomein", "domain")
    ]


def test_the_check_accepts_an_announced_write_and_ignores_test_code(counted_domain):
    with CountedWrites() as check:
        _as_app_code(
            "d = Beleidsdomein.objects.create(name='Jeugd')\nfigures_changed(d)",
            Beleidsdomein=Beleidsdomein,
            figures_changed=figures.figures_changed,
        )
        Beleidsdomein.objects.create(name="Wonen")  # a test's own setup is not checked
    assert len(check.written) == 1
    assert check.unannounced() == []
