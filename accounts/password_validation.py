from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with a message our Dutch catalogue translates.

    Django 5.2's own Dutch catalogue lacks the current wording of this message, so it would
    reach Dutch users in English.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
