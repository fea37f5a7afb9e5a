"""{% form_token %}: a fresh token that makes a form's POST idempotent (core.once)."""

from django import template
from django.utils.html import format_html

from core.once import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token():
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())
