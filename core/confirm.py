"""Confirmation for what cannot be undone (withdraw, stop, refuse, recusal and the like),
without JavaScript: the first POST shows a page that asks, the second (with `bevestigd=1`)
acts. Whatever the person filled in (a reason) is carried along in hidden fields.

    if needs_confirmation(request):
        return confirm_page(request, title=..., question=..., action_label=..., cancel_url=...)
"""

from __future__ import annotations

from django.shortcuts import render

CONFIRMED = "bevestigd"


def needs_confirmation(request) -> bool:
    return request.POST.get(CONFIRMED) != "1"


def confirm_page(
    request,
    *,
    title: str,
    question: str,
    action_label: str,
    cancel_url: str,
    details: list[str] | None = None,
    button_class: str = "btn-danger",
):
    """The page that asks; its form posts everything back to the same address, confirmed."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "question": question,
            "details": details or [],
            "action_label": action_label,
            "cancel_url": cancel_url,
            "carried": carried,
            "button_class": button_class,
            "action_url": request.get_full_path(),
        },
    )
