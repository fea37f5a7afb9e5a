from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims an identity provider gives: a stable subject, the e-mail address (verified,
    except for usernames starting with "onbevestigd") and the name; `oid` as Entra ID names
    its stable identifier."""

    oidc_claim_scope = None  # every claim for every scope, as many providers do

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            # a provider that does not vouch for the address (as the tests' "onbevestigd")
            "email_verified": not user.username.startswith("onbevestigd"),
            "name": user.get_full_name() or user.username,
            "oid": f"oid-{user.username}",
        }
