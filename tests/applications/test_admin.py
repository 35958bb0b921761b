"""The caseworkers' queue and review page in Django admin: who sees what, the review steps
through the change form, the export, and query counts that do not grow with the queue."""

from __future__ import annotations

import csv
import io
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.contrib.admin import options as admin_options
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from apps.applications import exports
from apps.applications.admin import review as review_admin
from apps.applications.models import Application, Claim, ClaimStatus, ExportFile, Status
from apps.applications.services import claims_step as step_now
from apps.benefits.models import Program
from tests.applications.conftest import ADULT_ID, GONGSHU, HANGZHOU, QINGYUAN, id_number

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:applications_application_changelist")
EXPORT = reverse("admin:applications_application_export")


def change_url(application: Application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


def review_post(client, application, step="", message="", note=None, version=None):
    return client.post(
        change_url(application),
        {
            "seen_version": application.version if version is None else version,
            "step": step,
            "message": message,
            "internal_note": application.internal_note if note is None else note,
        },
    )


def downloaded(response) -> bytes:
    """A file's bytes, whether it was sent whole or streamed."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def approve_all(applications=None):
    """Approved, claims and all, without the review (for the export and the queue's order)."""
    applications = applications if applications is not None else Application.objects.all()
    Claim.objects.filter(application__in=applications).update(status=ClaimStatus.APPROVED)
    applications.update(status=Status.APPROVED)


# --- The permission matrix ------------------------------------------------------------------

ROLES = {
    "superuser": ("superuser", None),
    "gongshu": ("caseworker", GONGSHU),
    "qingyuan": ("caseworker", QINGYUAN),
    "hangzhou": ("caseworker", HANGZHOU),  # 杭州市 covers 拱墅区, not 庆元县 (丽水市)
    "policy": ("policy", None),
    "anonymous": None,
}
ACTS_ON = {
    ("superuser", GONGSHU),
    ("superuser", QINGYUAN),
    ("gongshu", GONGSHU),
    ("qingyuan", QINGYUAN),
    ("hangzhou", GONGSHU),
}
MATRIX = [(role, place) for role in ROLES for place in (GONGSHU, QINGYUAN)]


@pytest.fixture
def as_role(client, make_staff):
    def login(role):
        if ROLES[role] is not None:
            client.force_login(make_staff(*ROLES[role]))
        return client

    return login


@pytest.mark.parametrize(("role", "place"), MATRIX)
def test_the_queue_lists_only_the_places_a_role_acts_on(as_role, make_application, role, place):
    application = make_application(jurisdiction=place)

    response = as_role(role).get(CHANGELIST)

    if role == "anonymous":
        assert response.status_code == 302
    elif role == "policy":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert (application.reference in response.text) == ((role, place) in ACTS_ON)


@pytest.mark.parametrize(("role", "place"), MATRIX)
def test_the_review_page_opens_only_for_the_places_a_role_acts_on(
    as_role, make_application, role, place
):
    application = make_application(jurisdiction=place)

    response = as_role(role).get(change_url(application))

    expected = {"anonymous": 302, "policy": 403}.get(role, 200 if (role, place) in ACTS_ON else 404)
    assert response.status_code == expected
    if expected == 200:
        assert ADULT_ID in response.text  # whole, to those who may act on it


@pytest.mark.parametrize(("role", "place"), MATRIX)
def test_only_the_roles_acting_on_a_place_can_take_its_applications(
    as_role, make_application, role, place
):
    application = make_application(jurisdiction=place)

    review_post(as_role(role), application, step="take")

    application.refresh_from_db()
    expected = Status.IN_REVIEW if (role, place) in ACTS_ON else Status.SUBMITTED
    assert application.status == expected


@pytest.mark.parametrize(("role", "place"), MATRIX)
def test_the_export_holds_only_the_places_a_role_acts_on(as_role, make_application, role, place):
    application = make_application(jurisdiction=place)
    approve_all(Application.objects.filter(pk=application.pk))

    response = as_role(role).get(EXPORT)

    if role == "anonymous":
        assert response.status_code == 302
    elif role == "policy":
        assert response.status_code == 403
    else:
        body = downloaded(response).decode("utf-8-sig")
        assert (application.reference in body) == ((role, place) in ACTS_ON)


def test_policy_staff_edit_programs_but_not_applications(as_role):
    client = as_role("policy")

    assert client.get(reverse("admin:benefits_program_changelist")).status_code == 200
    assert client.get(CHANGELIST).status_code == 403


# --- The review through the change form -----------------------------------------------------


def test_a_caseworker_takes_asks_and_approves_through_the_form(
    client, gongshu_caseworker, make_application
):
    application = make_application()
    client.force_login(gongshu_caseworker)

    review_post(client, application, step="take")
    application.refresh_from_db()
    review_post(client, application, step="request_info", message="请上传出生医学证明")
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    review_post(client, application, step="resume")
    application.refresh_from_db()
    review_post(client, application, step="approve")

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert [e.kind for e in application.events.all()] == [
        "submitted",
        "taken",
        "info_requested",
        "resumed",
        "approved",
    ]


def test_rejecting_without_a_reason_is_refused_on_the_form(
    client, gongshu_caseworker, make_application
):
    application = make_application()
    client.force_login(gongshu_caseworker)
    review_post(client, application, step="take")
    application.refresh_from_db()

    response = review_post(client, application, step="reject", note="内部：材料不全")

    assert response.status_code == 200
    assert "不予批准时必须说明理由" in response.text
    assert "内部：材料不全" in response.text  # what was typed is shown back
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_a_step_from_the_wrong_status_is_refused_with_a_clear_message(
    client, gongshu_caseworker, make_application
):
    application = make_application()
    client.force_login(gongshu_caseworker)

    response = review_post(client, application, step="resume")

    assert "没有可以作这个决定的项目" in response.text
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_two_caseworkers_at_once_the_second_save_is_refused(
    client, gongshu_caseworker, make_staff, make_application
):
    application = make_application()
    seen = application.version
    other = make_staff("caseworker", HANGZHOU)
    client.force_login(other)
    review_post(client, application, step="take", version=seen)
    client.force_login(gongshu_caseworker)

    response = review_post(
        client, application, step="take", note="我的备注", message="", version=seen
    )

    assert "此申请已被他人修改，请刷新后重试" in response.text
    assert "我的备注" in response.text
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.internal_note == ""
    assert application.events.last().actor == other


def test_after_a_stale_save_the_caseworker_can_look_and_save_again(
    client, gongshu_caseworker, make_staff, make_application
):
    """The refused page carries the version now on record, so the second save, made having seen
    the other change, goes through with what was typed."""
    application = make_application()
    seen = application.version
    client.force_login(make_staff("caseworker", HANGZHOU))
    review_post(client, application, step="take", version=seen)
    client.force_login(gongshu_caseworker)
    refused = review_post(client, application, note="我的备注", version=seen)
    assert "此申请已被他人修改" in refused.text

    again = review_post(
        client,
        application,
        note="我的备注",
        version=refused.context["adminform"].form["seen_version"].value(),
    )

    assert again.status_code == 302
    application.refresh_from_db()
    assert application.internal_note == "我的备注"
    assert application.version == seen + 2


def test_a_race_lost_after_the_form_was_checked_shows_the_form_again(
    client, gongshu_caseworker, make_staff, make_application, monkeypatch
):
    """Another caseworker saves between this form's check and its write: nothing typed is lost."""
    application = make_application()
    other = make_staff("caseworker", HANGZHOU)
    real_note_update = review_admin.application_note_update

    def note_update_after_a_race(**kwargs):
        fresh = Application.objects.get(pk=kwargs["application"].pk)
        step_now(application=fresh, step_name="take", actor=other, version=fresh.version)
        return real_note_update(**kwargs)

    monkeypatch.setattr(review_admin, "application_note_update", note_update_after_a_race)
    # The other caseworker's save is their own transaction: the admin's would roll it back here.
    monkeypatch.setattr(admin_options.transaction, "atomic", lambda *a, **k: nullcontext())
    client.force_login(gongshu_caseworker)

    response = review_post(client, application, note="我的备注", version=application.version)

    assert response.status_code == 200
    assert "此申请已被他人修改" in response.text
    assert response.context["adminform"].form["seen_version"].value() == str(
        application.version + 1
    )
    assert "我的备注" in response.text
    application.refresh_from_db()
    assert (application.status, application.internal_note) == (Status.IN_REVIEW, "")


def test_two_stale_versions_are_both_refused(client, gongshu_caseworker, make_application):
    application = make_application()
    client.force_login(gongshu_caseworker)
    review_post(client, application, step="take", version=1)
    review_post(client, application, note="第二次", version=2)

    for stale in (1, 2):
        response = review_post(client, application, note=f"过期 {stale}", version=stale)
        assert "此申请已被他人修改" in response.text

    application.refresh_from_db()
    assert (application.version, application.internal_note) == (3, "第二次")


def test_the_review_page_compares_the_snapshot_with_today(
    client, gongshu_caseworker, make_application
):
    application = make_application()
    client.force_login(gongshu_caseworker)

    response = client.get(change_url(application))

    assert "育儿补助（拱墅）" in response.text
    assert "5000.00" in response.text
    assert "无变化" in response.text


def test_a_changed_amount_is_highlighted_on_the_review_page(
    client, gongshu_caseworker, make_application
):
    application = make_application()
    program = Program.objects.get(slug="gongshu-2023-childcare-grant")
    program.params = {**program.params, "amounts": {"2": "6000", "3": "20000"}}
    program.save()
    client.force_login(gongshu_caseworker)

    response = client.get(change_url(application))

    assert "金额有变化" in response.text
    assert "6,000 元" in response.text  # amounts as every page writes them


# --- The queue: search, filters, export, actions --------------------------------------------


@pytest.fixture
def queue(make_application):
    first = make_application(name="张三")
    second = make_application(jurisdiction=QINGYUAN, name="李四", programs=())
    return first, second


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("张三", "first"),
        ("李四", "second"),
        (ADULT_ID, "both"),
        (ADULT_ID.lower(), "both"),
    ],
)
def test_search_by_name_or_whole_id_number(admin_client, queue, query, finds):
    first, second = queue

    response = admin_client.get(CHANGELIST, {"q": query})

    assert (first.reference in response.text) == (finds in ("first", "both"))
    assert (second.reference in response.text) == (finds in ("second", "both"))


def test_search_by_reference(admin_client, queue):
    first, second = queue

    response = admin_client.get(CHANGELIST, {"q": first.reference})

    assert first.reference in response.text
    assert second.reference not in response.text


@pytest.mark.parametrize(
    ("params", "finds_first", "finds_second"),
    [
        ({"status__exact": "submitted"}, True, True),
        ({"status__exact": "approved"}, False, False),
        ({"program": "gongshu-2023-childcare-grant"}, True, False),
        ({"jurisdiction__code__exact": QINGYUAN}, False, True),
        ({"created_at__year": "2001"}, False, False),
    ],
)
def test_each_filter(admin_client, queue, params, finds_first, finds_second):
    first, second = queue

    response = admin_client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert (first.reference in response.text) == finds_first
    assert (second.reference in response.text) == finds_second


def test_ids_are_masked_in_the_queue(admin_client, queue):
    response = admin_client.get(CHANGELIST)

    assert ADULT_ID not in response.text
    assert ADULT_ID[:4] + "**********" + ADULT_ID[-4:] in response.text


def test_the_export_is_excel_ready_masked_and_filtered_as_the_queue(admin_client, queue):
    first, _second = queue
    approve_all()

    response = admin_client.get(EXPORT, {"jurisdiction__code__exact": GONGSHU})

    assert response["Content-Type"].startswith("text/csv")
    content = downloaded(response)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "申请编号"
    assert [row[0] for row in rows[1:]] == [first.reference]
    assert rows[1][2] == ADULT_ID[:4] + "**********" + ADULT_ID[-4:]
    assert "6222" in rows[1][4] and "6222020200112233446" not in content.decode("utf-8-sig")


def test_a_cell_that_would_start_a_formula_is_exported_as_text(admin_client, make_application):
    """Names typed into the database some other way are neutralised in the file (CSV injection)."""
    make_application(name='=HYPERLINK("http://example.com","王")', id_no=id_number(sequence="001"))
    make_application(name="-2+3", id_no=id_number(sequence="002"))
    make_application(name="买买提·艾力", id_no=id_number(sequence="003"))
    approve_all()

    response = admin_client.get(EXPORT)

    rows = list(csv.reader(io.StringIO(downloaded(response).decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == [
        "'-2+3",
        '\'=HYPERLINK("http://example.com","王")',
        "买买提·艾力",
    ]


def test_the_export_leaves_out_applications_not_approved(admin_client, queue):
    response = admin_client.get(EXPORT)

    assert len(downloaded(response).decode("utf-8-sig").splitlines()) == 1


def test_take_action_takes_the_submitted(admin_client, queue):
    admin_client.post(
        CHANGELIST,
        {"action": "take_selected", "_selected_action": [a.pk for a in queue]},
    )

    assert set(Application.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}


def test_the_oldest_open_application_comes_first(admin_client, queue):
    first, second = queue
    Application.objects.filter(pk=first.pk).update(status=Status.PAID)

    response = admin_client.get(CHANGELIST)

    assert response.text.index(second.reference) < response.text.index(first.reference)


# --- Query counts do not grow with the queue ------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    "url",
    [
        CHANGELIST,
        CHANGELIST + "?q=%E5%BC%A0",
        CHANGELIST + "?program=gongshu-2023-childcare-grant&status__exact=submitted",
        EXPORT,
    ],
)
def test_queue_queries_do_not_grow_with_rows(
    client,
    gongshu_caseworker,
    make_application,
    make_household,
    django_assert_max_num_queries,
    rows,
    url,
):
    for n in range(rows):  # each its own family and applicant: nothing is applied for twice
        make_application(name=f"张{n}", id_no=id_number(sequence=f"{n:03d}"))
    approve_all(Application.objects.filter(pk__in=Application.objects.values("pk")[: rows // 2]))
    client.force_login(gongshu_caseworker)

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code == 200


def test_review_page_queries_are_bounded(
    client, gongshu_caseworker, make_application, django_assert_max_num_queries
):
    application = make_application()
    client.force_login(gongshu_caseworker)

    with django_assert_max_num_queries(16):
        response = client.get(change_url(application))

    assert response.status_code == 200


def test_the_answers_panel_shows_every_fact_the_engine_read(
    client, gongshu_caseworker, make_household, make_application
):
    household = make_household(
        children=(("2020-05-01", None), ("2024-03-01", None), ("2022-01-01", None))
    )
    mother = household.parents.get(role="mother")
    mother.unemployment_benefit = Decimal("1850.00")
    mother.save()
    father = household.parents.get(role="father")
    father.works_in_id = "410105"
    father.save()
    other = household.children.get(position=2)
    other.of_this_couple = False  # one parent's child from before
    other.save()
    second = household.children.get(position=1)
    second.difficult_birth = True
    second.save()
    application = make_application(household=household)
    client.force_login(gongshu_caseworker)

    panel = client.get(change_url(application)).text

    assert "领取失业保险金每月 1850.00 元" in panel
    assert "在职；用人单位所在地 金水区（410105）" in panel
    assert "不是这对夫妻共同生育" in panel
    assert "难产" in panel
    assert "户口 拱墅区（330105）" in panel


# --- Roles, areas and section titles -----------------------------------------------------------


def test_create_roles_makes_the_three_groups_and_only_payment_officers_export():
    call_command("create_roles", stdout=io.StringIO())

    groups = {g.name: g for g in Group.objects.all()}
    assert set(groups) == {"caseworkers", "payment officers", "policy staff"}
    exporters = Group.objects.filter(permissions__codename="export_paymentbatch")
    assert list(exporters.values_list("name", flat=True)) == ["payment officers"]
    assert groups["caseworkers"].permissions.filter(codename="view_document").exists()


def test_caseworker_areas_are_chosen_by_name(admin_client):
    page = admin_client.get(reverse("admin:applications_caseworkerassignment_add")).text

    assert 'data-ajax--url="/admin/autocomplete/"' in page
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "拱墅",
            "app_label": "applications",
            "model_name": "caseworkerassignment",
            "field_name": "jurisdiction",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [GONGSHU]


def test_the_admin_sections_are_named_in_the_reader_s_language(admin_client):
    chinese = admin_client.get(reverse("admin:index")).text
    english = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").text

    assert "待遇申请" in chinese and "政策与待遇" in chinese
    assert "Policies and benefits" in english and "Payment batches" in english


# --- Large exports --------------------------------------------------------------------------------


def test_a_large_export_is_written_by_the_queue_and_downloaded_by_its_owner(
    client,
    gongshu_caseworker,
    make_staff,
    make_application,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EXPORT_INLINE_ROWS = 1
    first = make_application()
    make_application(name="张三", id_no=id_number(sequence="002"))
    approve_all()
    client.force_login(gongshu_caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:applications_exportfile_changelist")
    assert "正在后台生成文件" in response.text
    export = ExportFile.objects.get()
    assert (export.state, export.rows) == ("done", 2)
    download = reverse("admin:applications_exportfile_download", args=[export.pk])
    rows = list(csv.reader(io.StringIO(downloaded(client.get(download)).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [first.reference, rows[2][0]]
    assert ADULT_ID not in "".join(rows[1])  # masked
    client.force_login(make_staff("caseworker", HANGZHOU))
    assert client.get(download).status_code == 404  # another's export


def test_a_large_export_keeps_only_approved_applications_and_their_order_in_small_queries(
    client,
    gongshu_caseworker,
    make_application,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """The queue may hold hundreds of thousands: the export keeps only the applications with a
    claim to write, and reads them a few at a time (here one), in the order they were made."""
    settings.EXPORT_INLINE_ROWS = 1
    monkeypatch.setattr(exports, "IDS_PER_QUERY", 1)
    made = [
        make_application(name=name, id_no=id_number(sequence=sequence))
        for name, sequence in (("甲", "003"), ("乙", "004"), ("丙", "005"))
    ]
    approve_all(Application.objects.filter(pk__in=[made[2].pk, made[0].pk]))  # not the second
    client.force_login(gongshu_caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(EXPORT)

    export = ExportFile.objects.get()
    assert sorted(export.application_ids) == sorted([made[0].pk, made[2].pk])
    download = reverse("admin:applications_exportfile_download", args=[export.pk])
    rows = list(csv.reader(io.StringIO(downloaded(client.get(download)).decode("utf-8-sig"))))
    references = [row[0] for row in rows[1:]]
    claims = Claim.objects.filter(application=made[0]).count()
    assert references == [made[0].reference] * claims + [made[2].reference] * claims
    assert export.rows == 2 * claims
