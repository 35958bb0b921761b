"""The parents' documents: what a file is, read from its first bytes (never its name or the
type the browser claims), its size within the limit, and its keeping through the "documents"
storage (a folder outside the web root by default, an S3-compatible store in production).

Only PDF, JPEG, PNG and HEIC (the iPhone's photos) are taken: what a caseworker's browser or
viewer can open, and nothing that runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.applications.models import Application, ApplicationEvent, Claim, Document
from apps.applications.services import application_parent_reply

HEAD = 32  # bytes read to tell the kind


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    inline: bool  # a browser shows it itself


PDF = Kind("application/pdf", "pdf", True)
JPEG = Kind("image/jpeg", "jpg", True)
PNG = Kind("image/png", "png", True)
HEIC = Kind("image/heic", "heic", False)
KINDS = {kind.content_type: kind for kind in (PDF, JPEG, PNG, HEIC)}
# ISO base media files say what they hold in the "ftyp" box's brand: these are HEIF images.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def kind_of(head: bytes) -> Kind | None:
    """The kind of file whose first bytes are `head`, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    return None


def document_check(upload: UploadedFile) -> Kind:
    """The upload's kind, or ValidationError saying what is wrong with it."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("上传的文件是空的，请重新选择。"), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("文件太大（%(size)s MB）：每个文件不能超过 %(limit)s MB。请压缩或分页拍照后上传。")
            % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            code="size",
        )
    upload.seek(0)
    kind = kind_of(upload.read(HEAD))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("只能上传 PDF、JPEG、PNG 或 HEIC 格式的文件；这个文件不是其中一种。"),
            code="type",
        )
    return kind


def document_upload(
    *, application: Application, upload: UploadedFile, title: str, claim: Claim | None = None
) -> Document:
    """Keep the parent's file with the application: checked, stored under a random name, its
    digest recorded; then the claims waiting for it go back under review and the caseworker sees
    that the parent replied (`application_parent_reply`)."""
    kind = document_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        application=application,
        claim=claim,
        title=title[:100],
        original_name=(upload.name or "")[:200],
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    document.file.save(f"upload.{kind.extension}", upload, save=False)
    try:
        with transaction.atomic():
            document.save()
            application_parent_reply(
                application=application, message=title, kind=ApplicationEvent.Kind.DOCUMENT
            )
    except Exception:
        document.file.delete(save=False)  # nothing half-kept
        raise
    return document
