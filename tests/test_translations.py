"""The English catalogue is complete: nothing untranslated or fuzzy, placeholders kept, and the
compiled catalogue is the one Django uses. No database needed.

`make test` compiles the catalogue first (`make setup`); a bare pytest after editing the .po needs
`DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv` before the gettext checks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from apps.applications.forms import ApplyForm

BASE_DIR = Path(__file__).resolve().parent.parent
PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# %(name)s, %s, %d and {name}: what Python fills in at run time.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sdr]|\{[A-Za-z_]?\w*\}")


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: each entry's flags, msgid, msgid_plural and msgstr forms. Obsolete
    (#~) entries are left out, as msgfmt leaves them out."""
    entries: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgid": None, "msgid_plural": None, "msgstr": {}}
        key: tuple[str, int | None] | None = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s", line):
                name, index = match[1], match[2]
                key = (name, int(index) if index is not None else None)
                if name == "msgstr":
                    entry["msgstr"][key[1] or 0] = _unquote(line)
                else:
                    entry[name] = _unquote(line)
            elif line.startswith('"') and key is not None:
                if key[0] == "msgstr":
                    entry["msgstr"][key[1] or 0] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def messages() -> list[dict]:
    return [e for e in po_entries(PO) if e["msgid"]]  # the header's msgid is empty


def test_catalogue_is_read() -> None:
    assert len(messages()) > 300
    assert any(e["msgid_plural"] for e in messages())


def test_every_message_is_translated_and_not_fuzzy() -> None:
    untranslated = [e["msgid"] for e in messages() if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in po_entries(PO) if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_both_english_forms() -> None:
    for entry in messages():
        if entry["msgid_plural"] is not None:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


def test_placeholders_are_kept() -> None:
    for entry in messages():
        expected = set(PLACEHOLDER.findall(entry["msgid"]))
        if entry["msgid_plural"] is not None:
            expected |= set(PLACEHOLDER.findall(entry["msgid_plural"]))
        for form, text in entry["msgstr"].items():
            found = set(PLACEHOLDER.findall(text))
            # An English singular may spell out a count ("1 payment") that Chinese keeps.
            missing = expected - found if form != 0 or entry["msgid_plural"] is None else set()
            assert not missing and found <= expected, (entry["msgid"], form, text)


def test_msgfmt_statistics_are_clean() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian package gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "--statistics", "-c", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    # msgfmt leaves out the counts that are zero: "368 translated messages."
    assert "translated message" in result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert "warning" not in result.stderr


@pytest.fixture
def english():
    if not MO.exists():
        pytest.skip("locale/en/LC_MESSAGES/django.mo is not compiled: run `make setup`")
    assert MO.stat().st_mtime >= PO.stat().st_mtime, (
        "django.mo is older than django.po: run `make setup` (compilemessages)"
    )
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("chinese", "english_text"),
    [
        ("查一查您家能享受哪些生育支持待遇", "Find out which family benefits you can get"),
        ("申请生育补贴", "Apply for family benefit payments"),
        ("提交申请", "Submit application"),
        ("请修改以下问题", "There is a problem"),
        ("居民身份证号码", "Resident ID number"),
        ("待补充材料", "More information needed"),
    ],
)
def test_strings_translate_to_english(english, chinese: str, english_text: str) -> None:
    assert translation.gettext(chinese) == english_text


def test_apply_form_reads_in_english(english) -> None:
    form = ApplyForm(data={}, choices=[])
    assert str(form.fields["id_number"].label) == "Resident ID number"
    assert not form.is_valid()
    assert form.errors["consent"] == ["Read the declaration and tick the box to agree."]


def test_plural_forms_in_english(english) -> None:
    msgid = "您家可以申请 %(counter)s 项补贴，合计约 %(total)s 元。"
    one = translation.ngettext(msgid, msgid, 1) % {"counter": 1, "total": "2,000.00"}
    two = translation.ngettext(msgid, msgid, 2) % {"counter": 2, "total": "7,000.00"}
    assert one == "Your family can apply for 1 payment of about 2,000.00 yuan."
    assert two == "Your family can apply for 2 payments, about 7,000.00 yuan in total."
