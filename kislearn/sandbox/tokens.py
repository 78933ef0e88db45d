"""Access tokens: issuing, re-using, revoking and checking them, by the token rules the course's facts record
(the spec's 접근토큰발급 sheet and users' records; how a token is made inside is the sandbox's own).

A token is a JWT signed with HS512, with claims shaped like KIS's own tokens::

    {"sub": "token", "aud": "<uuid>", "iss": "kislearn-sandbox", "exp": ..., "iat": ..., "jti": "<appkey>",
     "flv": "paper"}

The sandbox checks a token by its signature, not by remembering it, so a token cached by a client is still
accepted after the sandbox restarts (as long as the signing key is the same).
The rules (from :class:`~kislearn.sandbox.rules.SandboxRules`):

- one issuance a minute per app; sooner → EGW00133 (HTTP 403) — or one per token lifetime when the sandbox
  runs with a lifetime shorter than a minute (sandbox's choice, see ``SandboxRules.issue_interval``);
- asked again within 6 hours of the last issuance → the same token comes back;
- a token lives 24 hours; after that → EGW00123;
- a revoked token, a token of another app or flavour, or one signed by another key → EGW00121;
- a token signed with the (public) signing key but with claims the sandbox never issues, like an ``exp``
  outside the years 1970–9999 → SBX00007, HTTP 400 (# sandbox's choice: a forged token, not a stale one).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import jwt

from kislearn import sbx_codes, spec
from kislearn.sandbox.memory import MAX_APPS_WITH_TOKENS, RecentDict
from kislearn.sandbox.responses import Refusal
from kislearn.sandbox.rules import SandboxRules
from kislearn.sandbox.samples import DemoApp

ISSUER = "kislearn-sandbox"
ALGORITHM = "HS512"
LATEST_EXPIRY = int(datetime(9999, 12, 31, tzinfo=timezone.utc).timestamp())  # exp beyond this is forged


@dataclass(frozen=True)
class IssuedToken:
    """One access token and when it was issued and expires."""

    access_token: str
    appkey: str
    token_id: str  # the token's "aud" claim, a uuid: tells tokens of the same app apart
    issued_at: datetime
    expires_at: datetime


def token_body(token: IssuedToken, now: datetime) -> dict:
    """The JSON body of a successful ``/oauth2/tokenP`` answer."""
    # A re-used token reports the seconds it has left (a new one: the full 86400). # sandbox's choice
    remaining = int((token.expires_at - now.replace(microsecond=0)).total_seconds())
    return {
        "access_token": token.access_token,
        "access_token_token_expired": token.expires_at.astimezone(spec.KST).strftime("%Y-%m-%d %H:%M:%S"),
        "token_type": "Bearer",
        "expires_in": remaining,
    }


class TokenBook:
    """Remembers the tokens this sandbox issued and revoked, and checks the tokens clients send."""

    def __init__(self, rules: SandboxRules):
        self.rules = rules
        self._latest = RecentDict(MAX_APPS_WITH_TOKENS)  # appkey -> the IssuedToken it may get back (6 h)
        self._last_issued_at = RecentDict(MAX_APPS_WITH_TOKENS)  # appkey -> when it last got a NEW token (1/min)
        self._revoked = RecentDict(MAX_APPS_WITH_TOKENS)  # token ids (aud) of revoked tokens -> True
        self._lock = threading.Lock()

    def request(self, app: DemoApp) -> tuple:
        """Answer a token request: returns ``(token, is_new)``, or raises Refusal EGW00133 when too soon."""
        now = self.rules.now()
        with self._lock:
            last_issued_at = self._last_issued_at.get(app.appkey)
            interval = self.rules.issue_interval()  # one a minute, or a shorter token's lifetime
            if interval is not None and last_issued_at is not None and now - last_issued_at < interval:
                raise Refusal.from_spec(spec.EGW00133)

            latest = self._latest.get(app.appkey)
            if (
                latest is not None
                and now - latest.issued_at < self.rules.token_reuse_window
                and now < latest.expires_at
            ):
                return latest, False

            token = self._new_token(app, now)
            self._latest[app.appkey] = token
            self._last_issued_at[app.appkey] = now
            return token, True

    def _new_token(self, app: DemoApp, now: datetime) -> IssuedToken:
        """Sign a fresh JWT for ``app``."""
        issued_at = now.replace(microsecond=0)
        expires_at = issued_at + self.rules.token_lifetime
        token_id = str(uuid.uuid4())
        claims = {
            "sub": "token",
            "aud": token_id,
            "iss": ISSUER,
            "exp": int(expires_at.timestamp()),
            "iat": int(issued_at.timestamp()),
            "jti": app.appkey,
            "flv": app.flavour,
        }
        access_token = jwt.encode(claims, self.rules.signing_key, algorithm=ALGORITHM)
        return IssuedToken(access_token, app.appkey, token_id, issued_at, expires_at)

    def _read_claims(self, access_token: str, app: DemoApp) -> dict:
        """Check the signature and that the token belongs to ``app``; returns its claims or raises EGW00121."""
        try:
            claims = jwt.decode(
                access_token,
                self.rules.signing_key,
                algorithms=[ALGORITHM],
                # Expiry is checked below with the sandbox's own clock, not the computer's.
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False, "verify_aud": False},
            )
        except jwt.InvalidTokenError:
            raise Refusal.from_spec(spec.EGW00121) from None
        belongs_to_app = (
            claims.get("iss") == ISSUER
            and claims.get("jti") == app.appkey  # another app's token is refused # sandbox's choice
            and claims.get("flv") == app.flavour
        )
        if not belongs_to_app:
            raise Refusal.from_spec(spec.EGW00121)
        expiry = claims.get("exp")
        if isinstance(expiry, bool) or not isinstance(expiry, int) or not 0 < expiry <= LATEST_EXPIRY:
            raise Refusal.from_spec(sbx_codes.FORGED_TOKEN)
        return claims

    def check(self, access_token: str, app: DemoApp) -> None:
        """Accept ``access_token`` for ``app``, or raise Refusal EGW00121 (invalid) / EGW00123 (expired)."""
        claims = self._read_claims(access_token, app)
        with self._lock:
            if claims.get("aud") in self._revoked:
                raise Refusal.from_spec(spec.EGW00121)
        expires_at = datetime.fromtimestamp(claims["exp"], tz=timezone.utc)
        if self.rules.now() >= expires_at:
            raise Refusal.from_spec(spec.EGW00123)

    def revoke(self, access_token: str, app: DemoApp) -> None:
        """Revoke a token of ``app`` (revoking it twice is fine); raises EGW00121 for a foreign token."""
        claims = self._read_claims(access_token, app)
        with self._lock:
            self._revoked[claims.get("aud")] = True
            latest = self._latest.get(app.appkey)
            if latest is not None and latest.access_token == access_token:
                del self._latest[app.appkey]  # the next request gets a fresh token
