"""Issue 12: policy staff keep editing and previewing programs in the admin, and are told that
the next load of the policy file overwrites what they save there."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.benefits.admin import ProgramForm
from apps.benefits.models import PolicyDocument, Program

pytestmark = pytest.mark.django_db
ZHENGZHOU_GRANT = "zhengzhou-2023-childrearing-subsidy"
OVERWRITTEN = "在这里保存的修改只保留到下次加载该文件"


def as_posted(program: Program, **changes: object) -> dict[str, Any]:
    form = ProgramForm(instance=program)
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()} | changes


def change_url(program: Program) -> str:
    return reverse("admin:benefits_program_change", args=[program.pk])


def test_the_program_form_says_the_next_load_of_the_file_overwrites_it(
    admin_client: Client,
) -> None:
    program = Program.objects.get(slug=ZHENGZHOU_GRANT)

    response = admin_client.get(change_url(program))

    assert OVERWRITTEN in response.text
    assert 'name="params"' in response.text  # still editable, for the impact preview


def test_saving_a_program_warns_that_loading_its_file_overwrites_the_edit(
    admin_client: Client,
) -> None:
    program = Program.objects.get(slug=ZHENGZHOU_GRANT)

    response = admin_client.post(change_url(program), as_posted(program, name_en="Grant"))

    assert response.status_code == 302
    assert Program.objects.get(slug=ZHENGZHOU_GRANT).name_en == "Grant"
    assert (
        "已保存到数据库，但政策文件没有改：下次加载政策文件 zhengzhou-2023 时，"
        "这里的修改会被文件的内容覆盖。请把同样的修改写进文件。"
    ) in [str(message) for message in get_messages(response.wsgi_request)]


def test_a_program_added_in_the_admin_is_said_to_go_at_the_next_load(
    admin_client: Client,
) -> None:
    program = Program.objects.get(slug=ZHENGZHOU_GRANT)
    new = as_posted(program, slug="zhengzhou-2023-new-grant")

    response = admin_client.post(reverse("admin:benefits_program_add"), new)

    assert response.status_code == 302
    assert (
        "已保存到数据库，但政策文件中没有它：下次加载政策文件 zhengzhou-2023 时，"
        "它会被删除。请把它写进文件。"
    ) in [str(message) for message in get_messages(response.wsgi_request)]


def test_the_document_form_says_the_next_load_of_the_file_overwrites_it(
    admin_client: Client,
) -> None:
    document = PolicyDocument.objects.get(key="zhengzhou-2023")

    response = admin_client.get(reverse("admin:benefits_policydocument_change", args=[document.pk]))

    assert OVERWRITTEN in response.text
