"""Keep secrets out of every log: the app's (config/settings.py LOGGING), gunicorn's access and
error logs (scripts/serve, `--logger-class config.logs.GunicornLogger`) and the development
server's. One place for all of them.

What counts as a secret:
- the "save and come back later" token in `/resume/<token>/`: whoever holds it reads and changes
  the family's answers;
- the key of a family's read-only results, `/results/shared/<key>/`: whoever holds it reads
  the results;
- the secret of an application's status page, `/apply/status/<reference>/<secret>/`: whoever
  holds it reads the application and can send documents;
- a resident ID number, however it is typed (a caseworker's search puts it in the URL, perhaps
  with spaces or dashes): only its first four and last four characters are kept;
- a bank account or card number (12 to 30 digits, perhaps grouped): the same.

This module is loaded by the logging configuration, before Django's apps: it must not import
models.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from gunicorn import glogging

# A path segment after /resume/, after /results/shared/, after /apply/status/<reference>/, or
# after /apply/ (the old apply links held the resume token) is a key.
SECRET_PATHS = re.compile(
    r"(/resume/|/results/shared/|/apply/status/[^/\s?#\"']+/|/apply/(?!status/))[^/\s?#\"']+"
)
# A separator someone may type inside a long number, raw or URL-encoded.
_SEP = r"(?:[\s+\-]|%20|%2[dD])?"
# A run of digits (an ID number may end in X) of 12 or more, separators allowed between them,
# not part of a longer run.
LONG_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])[0-9](?:{_SEP}[0-9]){{10,}}{_SEP}[0-9Xx](?![0-9A-Za-z])"
)
ID_SHAPE = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{2}[0-9]{3}[0-9Xx]")


def _mask_number(match: re.Match[str]) -> str:
    """An ID number (18 characters, a 6-digit area and a birth date) or an account number (12
    to 30 digits) as `1101**********123X`; any other run of digits (a date, a reference, an
    amount) as it is."""
    text = match.group(0)
    plain = re.sub(r"[^0-9Xx]", "", text.replace("%20", "").replace("%2d", "").replace("%2D", ""))
    is_id = len(plain) == 18 and ID_SHAPE.fullmatch(plain)
    is_account = plain.isdigit() and 12 <= len(plain) <= 30
    if not (is_id or is_account):
        return text
    return f"{plain[:4]}{'*' * (len(plain) - 8)}{plain[-4:]}"


def mask_secrets(value: Any) -> Any:
    """The value with each secret path segment replaced by `***` and each ID or account number
    masked (values that are not text as they are)."""
    if not isinstance(value, str):
        return value
    return LONG_NUMBER.sub(_mask_number, SECRET_PATHS.sub(r"\1***", value))


def _has_secret(value: str) -> bool:
    return mask_secrets(value) != value


def _masked_request(request: HttpRequest) -> HttpRequest:
    """A copy of the request whose path, query and headers hide the secrets (the request itself,
    still in use by the view and middleware, is left alone)."""
    masked = copy.copy(request)
    masked.path = mask_secrets(request.path)
    masked.path_info = mask_secrets(request.path_info)
    masked.META = {key: mask_secrets(value) for key, value in request.META.items()}
    return masked


class MaskSecrets(logging.Filter):
    """Mask secrets in a record's message, its arguments and the request it carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_secrets(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: mask_secrets(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(mask_secrets(arg) for arg in record.args)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and _has_secret(request.get_full_path()):
            record.request = _masked_request(request)
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger (`--logger-class`) with secrets masked in every access-log atom (request
    line, path, query, referrer, headers) and in the error log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, MaskSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(MaskSecrets())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_secrets(value) for key, value in atoms.items()}
