"""The implementation's figures on a page: progress, health and the breakdown charts.

Filters and a tag rather than included templates: the results page shows these some
hundred times, and an include costs about 25 µs each."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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
