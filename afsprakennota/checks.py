from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def seal_certificate_configured(app_configs, **kwargs):
    """Signed notas are sealed with the organisation's certificate: it must be there."""
    path = settings.NOTA_SEAL_PKCS12
    if not path or not Path(path).is_file() or not settings.NOTA_SEAL_PASSWORD:
        return [
            checks.Warning(
                "Signed notas cannot be sealed: NOTA_SEAL_PKCS12 does not name a readable "
                "PKCS#12 file, or NOTA_SEAL_PASSWORD is empty.",
                hint="Point NOTA_SEAL_PKCS12 at the organisation's certificate (see README).",
                id="afsprakennota.W001",
            )
        ]
    return []
