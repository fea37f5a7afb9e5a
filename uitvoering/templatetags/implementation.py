"""The implementation's figures on a page: progress, health and the breakdown charts.

Filters and a tag rather than included templates: the results page shows these some
hundred times, and an include costs about 25 µs each."""

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.links import Slot, url_pattern
from core.templatetags.formatting import datum, euro
from uitvoering.charts import breakdown_svg
from uitvoering.constants import Health

register = template.Library()
NONE = mark_safe('<span class="text-muted">/</span>')


@register.simple_tag
def breakdown_chart(chart, id, title):
    """{% breakdown_chart chart "dienst" title %}: the horizontal bars of a breakdown."""
    return breakdown_svg(chart, id=id, title=title)


@register.filter
def progress_figure(value):
    """A progress percentage as "38 %", or a muted "/" where there is none."""
    if value is None:
        return NONE
    return format_html('<span class="progress-figure">{}&nbsp;%</span>', floatformat(value, "0"))


HEALTH_LABELS = {
    Health.ON_SCHEDULE: lambda: _("on schedule"),
    Health.DELAYED: lambda: _("delayed"),
}


@register.filter
def health_badge(health):
    """The health of an advice being implemented as a badge; nothing for the others."""
    if not health:
        return ""
    label = HEALTH_LABELS.get(health, lambda: _("at risk"))()
    return format_html('<span class="badge health health-{}">{}</span>', health, label)


# --- the rows of the results tables, written here rather than by a template loop: the page
# shows some fifty rows of six cells, and a template spends about 5 µs on each cell --------


@register.simple_tag
def breakdown_rows(rows):
    """The <tr>s of a breakdown table (per department or policy domain): name, advices,
    approved, realised, gap and progress."""
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("None."))
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(r["name"])}</th><td class="text-end">{r["n"]}</td>'
            f'<td class="text-end">{euro(r["approved"])}</td>'
            f'<td class="text-end">{euro(r["realised"])}</td>'
            f'<td class="text-end">{euro(r["gap"])}</td>'
            f'<td class="text-end">{progress_figure(r["progress"])}</td></tr>'
            for r in rows
        )
    )


@register.simple_tag
def risk_rows(advices, links, today):
    """The <tr>s of the advices at risk or delayed: the advice (a link to its plan where the
    page has links), department, health, progress, oldest open due date (marked when past)
    and the motivation of a health set by hand."""
    if not advices:
        empty = _("No advice is at risk or delayed.")
        return format_html('<tr><td colspan="6">{}</td></tr>', empty)
    plan = url_pattern("uitvoering:plan", Slot("pk")) if links else ""
    overdue = mark_safe(" " + render_to_string("core/_overdue.html").strip())
    rows = []
    for a in advices:
        title = escape(a.title)
        if links:
            title = f'<a href="{plan.format(pk=a.pk)}">{title}</a>'
        due = a.oldest_open_due
        rows.append(
            f'<tr><th scope="row">{title}</th><td>{escape(a.dienst.name)}</td>'
            f"<td>{health_badge(a.health)}</td>"
            f'<td class="text-end">{progress_figure(a.progress)}</td>'
            f"<td>{escape(datum(due)) if due else '/'}{overdue if due and due < today else ''}</td>"
            f"<td>{escape(a.override_motivation or '')}</td></tr>"
        )
    return mark_safe("".join(rows))
