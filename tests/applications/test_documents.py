"""Parents' documents: what a file is comes from its first bytes, not its name; the size is
limited; files are kept by the documents storage under random names, never in the web root;
only caseworkers who may see the application open them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.applications.documents import HEIC, JPEG, PDF, PNG, kind_of
from apps.applications.models import ApplicationEvent, ClaimStatus, Document
from apps.applications.services import claims_step

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML_BYTES = b"<!DOCTYPE html><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PDF_BYTES, PDF),
        (JPEG_BYTES, JPEG),
        (PNG_BYTES, PNG),
        (HEIC_BYTES, HEIC),
        (b"\x00\x00\x00\x1cftypmif1" + b"\x00" * 20, HEIC),  # a HEIF still, as iOS writes some
        (b"\x00\x00\x00\x1cftypisom" + b"\x00" * 20, None),  # an MP4 video
        (EXE_BYTES, None),
        (HTML_BYTES, None),
        (b"GIF89a" + b"\x00" * 20, None),
        (b"", None),
    ],
)
def test_a_file_is_known_by_its_first_bytes(head, kind):
    assert kind_of(head[:32]) == kind


@pytest.fixture
def waiting(make_application, gongshu_caseworker):
    """An application whose claim waits for the birth certificate."""
    application = make_application()
    claims_step(application=application, step_name="take", actor=gongshu_caseworker, version=1)
    claims_step(
        application=application,
        step_name="request_info",
        actor=gongshu_caseworker,
        version=2,
        message="请上传孩子的出生医学证明",
    )
    return application


def status_url(application):
    return reverse(
        "applications:status",
        kwargs={"reference": application.reference, "secret": application.secret},
    )


def upload(client, application, name, content, content_type="application/octet-stream"):
    return client.post(
        status_url(application),
        {
            "form": "document",
            "document-title": "孩子的出生医学证明",
            "document-file": SimpleUploadedFile(name, content, content_type),
        },
    )


def test_the_status_page_offers_the_documents_the_claims_need(client, waiting):
    page = client.get(status_url(waiting)).text

    assert "请上传孩子的出生医学证明" in page
    assert '<option value="孩子的出生医学证明">' in page  # from the program's data
    assert 'enctype="multipart/form-data"' in page


def test_a_png_named_pdf_is_kept_as_the_png_it_is(client, waiting, settings):
    response = upload(client, waiting, "证明.pdf", PNG_BYTES, "application/pdf")

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png"
    assert document.original_name == "证明.pdf"
    stored = Path(document.file.storage.path(document.file.name))
    assert stored.read_bytes() == PNG_BYTES
    assert "证明" not in document.file.name and document.file.name.endswith(".png")
    assert document.file.name.startswith(f"applications/{waiting.reference}/")
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    waiting.refresh_from_db()
    assert waiting.status == "in_review"
    assert waiting.events.last().kind == ApplicationEvent.Kind.DOCUMENT


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("证明.pdf", EXE_BYTES, "只能上传 PDF、JPEG、PNG 或 HEIC"),
        ("证明.jpg", HTML_BYTES, "只能上传 PDF、JPEG、PNG 或 HEIC"),
        ("证明.pdf", b"", "文件是空的"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_by_its_field(
    client, waiting, name, content, message
):
    response = upload(client, waiting, name, content)

    assert response.status_code == 422
    assert message in response.text
    assert "文件：" in response.text  # the error summary names the field
    assert "selected>孩子的出生医学证明</option>" in response.text  # the choice is kept
    assert not Document.objects.exists()
    assert waiting.claims.get().status == ClaimStatus.INFO_REQUESTED


def test_a_file_over_the_limit_is_refused_with_the_limit(client, waiting, settings):
    settings.DOCUMENT_MAX_BYTES = 1024

    response = upload(client, waiting, "scan.pdf", PDF_BYTES + b"\x00" * 2048)

    assert response.status_code == 422
    assert "每个文件不能超过" in response.text
    assert not Document.objects.exists()


def test_a_document_may_be_added_while_nothing_is_asked(client, make_application):
    application = make_application()

    response = upload(client, application, "a.pdf", PDF_BYTES)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"  # nothing was waiting for it
    assert application.parent_replied


# --- Opening a document in the admin ----------------------------------------------------------


def document_url(application, document):
    return reverse("admin:applications_application_document", args=[application.pk, document.pk])


@pytest.fixture
def heic(client, waiting):
    upload(client, waiting, "IMG_0001.HEIC", HEIC_BYTES)
    return Document.objects.get()


def test_a_caseworker_of_the_place_opens_it_others_do_not(
    client, waiting, heic, gongshu_caseworker, qingyuan_caseworker, make_staff
):
    client.force_login(gongshu_caseworker)
    opened = client.get(document_url(waiting, heic))
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == HEIC_BYTES
    assert opened["Content-Disposition"].startswith("attachment")  # browsers cannot show HEIC
    assert opened["Content-Security-Policy"] == "sandbox"
    assert "no-store" in opened["Cache-Control"]

    client.force_login(qingyuan_caseworker)
    assert client.get(document_url(waiting, heic)).status_code == 404
    client.force_login(make_staff("policy"))
    assert client.get(document_url(waiting, heic)).status_code == 403
    client.logout()
    assert client.get(document_url(waiting, heic)).status_code == 302


def test_the_review_page_lists_the_documents(client, waiting, heic, gongshu_caseworker):
    client.force_login(gongshu_caseworker)

    page = client.get(reverse("admin:applications_application_change", args=[waiting.pk])).text

    assert document_url(waiting, heic) in page
    assert "IMG_0001.HEIC" in page
