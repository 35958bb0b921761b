"""Keep "save and come back later" tokens and resident ID numbers out of the logs.

Whoever holds a resume link can read and change the family's answers, so the token in
`/resume/<token>/` is a key; a caseworker who searches the queue by a whole ID number puts it in
the URL (`?q=`). The app's log (`config/settings.py` LOGGING) and gunicorn's access and error
logs (`scripts/serve`) print `/resume/***/` and `4101**********1234` instead.

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

RESUME_PATH = re.compile(r"(/resume/)[^/\s?#\"']+")
# 18 characters: a 6-digit area, a birth date from 1800 to 2099, a 3-digit sequence, a check
# character; not part of a longer run of digits (a bank account, say).
ID_NUMBER = re.compile(
    r"(?<![0-9])([1-9][0-9]{3})[0-9]{2}(?:18|19|20)[0-9]{6}([0-9]{3}[0-9Xx])(?![0-9])"
)


def mask_secrets(value: Any) -> Any:
    """The value with each resume token replaced by `***` and each ID number masked as in the
    admin's lists (values that are not text as they are)."""
    if not isinstance(value, str):
        return value
    return ID_NUMBER.sub(r"\1**********\2", RESUME_PATH.sub(r"\1***", value))


def _has_secret(value: str) -> bool:
    return bool(RESUME_PATH.search(value) or ID_NUMBER.search(value))


def _masked_request(request: HttpRequest) -> HttpRequest:
    """A copy of the request whose path and headers hide the token (the request itself, still
    in use by the view and middleware, is left alone)."""
    masked = copy.copy(request)
    masked.path = mask_secrets(request.path)
    masked.path_info = mask_secrets(request.path_info)
    masked.META = {key: mask_secrets(value) for key, value in request.META.items()}
    return masked


class MaskSecrets(logging.Filter):
    """Mask resume tokens and ID numbers in a record's message, its arguments and the request it carries."""

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
    """gunicorn's logger (`--logger-class`) with resume tokens and ID numbers masked in every access-log atom
    (request line, path, referrer, headers) and in the error log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, MaskSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(MaskSecrets())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_secrets(value) for key, value in atoms.items()}
