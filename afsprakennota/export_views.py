"""Downloads of a nota in other formats: Word (.docx), for the parties who comment in Word.

Who may download a nota is who may see it (access.get_nota_for: 404 otherwise).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import selectors, word
from .access import get_nota_for
from .models import NotaVersion
from .versions import content_of


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def nota_word(request, pk):
    """The nota's current text as Word: named after the latest version when the text is that
    version's (a signed nota, or a draft unchanged since its last step), else "-ontwerp"."""
    nota = get_nota_for(request.user, pk)
    content = content_of(nota)
    latest = selectors.latest_version(nota)
    same = latest is not None and latest.content_hash == NotaVersion.hash_of(content)
    if same:
        content = latest.content
    return _docx_response(
        word.nota_docx(content), word.filename(nota, latest.number if same else None)
    )


@require_GET
def version_word(request, pk, number):
    """One frozen version as Word, as it was frozen."""
    nota = get_nota_for(request.user, pk)
    version = nota.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return _docx_response(word.nota_docx(version.content), word.filename(nota, version.number))
