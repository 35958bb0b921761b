"""The one schema of a policy file, as pydantic models: what `load_policy` checks every file
against before anything is written, and what `fixtures/policy.schema.json` (written from these
models by `python manage.py policy_schema`, `make schema`) tells an editor.

A policy file is a Django fixture with natural keys: a JSON list of one `benefits.policydocument`
and the `benefits.program` objects it sets. Every field has a type, a range or a length limit;
an unknown key anywhere is refused; a program's `params` are its kind's parameters
(`apps.benefits.engine.kinds`). What one object cannot say is checked across the file
(`file_problems`): one document, every program of it, each slug once. What needs the database
(places that exist, a slug another document owns, a citation's form) is the loader's.

A refusal names the file, the object (its index and slug or key), the field and the rule broken,
one line each: never a traceback.
"""

from __future__ import annotations

import json
import math
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, model_validator
from pydantic_core import ErrorDetails

from apps.benefits.engine.kinds import REGISTRY
from apps.benefits.engine.kinds.leave import BreastfeedingTime, PerBirth
from apps.benefits.engine.kinds.leave import UntilAge as LeaveUntilAge
from apps.benefits.engine.kinds.one_off import BenefitMultiple, ByBirthOrder
from apps.benefits.engine.kinds.params import Days, IsoDate, Matches, Params, Slug
from apps.benefits.engine.kinds.parental import ParentalLeave
from apps.benefits.engine.kinds.recurring import UntilAge
from apps.benefits.engine.rules import Basis, Channel, ClaimSource, Follows, Subject

DOCUMENT, PROGRAM = "benefits.policydocument", "benefits.program"
# Beside fixtures/policies/, not in it: everything there is loaded as a policy file.
SCHEMA_FILE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "policy.schema.json"
# The largest file is some 11 kB: two megabytes is room for a long document, never for 50 MB
# of clause text that every results page would then carry.
MAX_FILE_BYTES = 2_000_000
# The deepest value of a policy file is five steps in: object 1, fields, notes, note 0, its text.
MAX_DEPTH = 8
# A file is refused with its first problems: fifty say enough to start, ten thousand do not.
MAX_PROBLEMS = 50

PlaceCode = Annotated[
    str, Matches(r"^[0-9]{6}$", "a six-digit place code (GB/T 2260), e.g. 410100 for 郑州")
]
SlugOrEmpty = Annotated[
    str,
    Field(max_length=80),
    Matches(r"^([a-z0-9]+(-[a-z0-9]+)*)?$", "empty, or lower-case words joined by hyphens"),
]
Url = Annotated[
    str,
    Field(max_length=200),
    Matches(r"^(https?://[^\s]+)?$", "empty, or an address starting http:// or https://"),
]


class Closed(BaseModel):
    """An object of the file: every key is known, anything else is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Closed):
    """A reading of the text, or a document a claim needs, in both languages."""

    zh: Annotated[str, Field(min_length=1, max_length=1000)]
    en: Annotated[str, Field(min_length=1, max_length=1000)]


class Phrase(Closed):
    """A short phrase in both languages: an office, a payer, a time."""

    zh: Annotated[str, Field(min_length=1, max_length=200)]
    en: Annotated[str, Field(min_length=1, max_length=300)]


class ClaimFields(Closed):
    """How a family claims the program, shown with it on the results page: through whom
    (`channel`), what to do, where, who pays, how long payment usually takes, the official page
    to claim on, and how this is known (`source`): "policy" when the document says it (name the
    `clause`), "reported" from second-hand reports, "general" for the usual practice where the
    document says nothing (the page says so)."""

    channel: Annotated[
        Channel, Field(description="employer: the parent's employer; office: a public office")
    ]
    how: Bilingual
    where: Phrase
    pays: Phrase
    time_to_pay: Phrase | None = None
    url: Url = ""
    source: ClaimSource = "general"
    clause: Annotated[
        str, Field(max_length=80, description="the clause that says how to claim (source policy)")
    ] = ""

    @model_validator(mode="after")
    def _clause_with_policy(self) -> Self:
        if self.source == "policy" and not self.clause:
            raise ValueError('source "policy": name the clause that says how to claim')
        if self.source != "policy" and self.clause:
            raise ValueError('a clause is named only when source is "policy"')
        return self


class HukouCondition(Closed):
    subject: Subject
    hukou_within: PlaceCode


class DocumentFields(Closed):
    """The policy document: what every program of the file cites."""

    key: Slug
    number: Annotated[str, Field(max_length=80, description="文号, e.g. 郑政〔2023〕19号")] = ""
    title: Annotated[str, Field(min_length=1, max_length=200)]
    title_en: Annotated[str, Field(max_length=300, description="the title in English")] = ""
    issuer: Annotated[str, Field(min_length=1, max_length=200)]
    jurisdiction: PlaceCode
    issued_on: IsoDate | None = None
    in_force_from: IsoDate | None = None
    in_force_to: IsoDate | None = None
    url: Url = ""
    source: Annotated[str, Field(max_length=300)] = ""


class ProgramFields(Closed):
    """What every program has, whatever its kind; each kind below adds its category, its name
    and its `params`."""

    slug: Slug
    document: Annotated[
        list[Slug],
        Field(min_length=1, max_length=1, description="[key] of this file's policy document"),
    ]
    name_zh: Annotated[str, Field(min_length=1, max_length=100)]
    name_en: Annotated[str, Field(min_length=1, max_length=150)]
    jurisdiction: PlaceCode
    category: str  # each kind's model below says which
    kind: str
    params: Params
    clause: Annotated[
        str, Field(max_length=80, description="第二十五条 or 二（七）; empty when unverified")
    ] = ""
    clause_confidence: Literal["confirmed", "reported", "unverified"] = "confirmed"
    clause_text: Annotated[str, Field(max_length=20_000)] = ""
    events_from: IsoDate | None = None
    events_to: IsoDate | None = None
    follows: Follows = "residence"
    basis: Basis = "entitlement"
    conditions: Annotated[list[HukouCondition], Field(max_length=10)] = []
    replaces: Annotated[list[Slug], Field(max_length=10)] = []
    paid_once_group: SlugOrEmpty = ""
    notes: Annotated[list[Bilingual], Field(max_length=20)] = []
    documents: Annotated[list[Bilingual], Field(max_length=20)] = []
    apply_within_days: Days | None = None
    apply_by: IsoDate | None = None
    claim: ClaimFields | None = None


class OneOffByBirthOrderProgram(ProgramFields):
    category: Literal["one_off"]
    kind: Literal["one_off_by_birth_order"]
    params: ByBirthOrder


class OneOffBenefitMultipleProgram(ProgramFields):
    category: Literal["one_off"]
    kind: Literal["one_off_benefit_multiple"]
    params: BenefitMultiple


class RecurringUntilAgeProgram(ProgramFields):
    category: Literal["recurring"]
    kind: Literal["recurring_until_age"]
    params: UntilAge


class LeavePerBirthProgram(ProgramFields):
    category: Literal["leave"]
    kind: Literal["leave_per_birth"]
    params: PerBirth


class ParentalLeaveProgram(ProgramFields):
    category: Literal["leave"]
    kind: Literal["parental_leave"]
    params: ParentalLeave


class BreastfeedingTimeProgram(ProgramFields):
    category: Literal["leave"]
    kind: Literal["breastfeeding_time"]
    params: BreastfeedingTime


class LeaveUntilAgeProgram(ProgramFields):
    category: Literal["leave"]
    kind: Literal["leave_until_age"]
    params: LeaveUntilAge


AnyProgram = Annotated[
    OneOffByBirthOrderProgram
    | OneOffBenefitMultipleProgram
    | RecurringUntilAgeProgram
    | LeavePerBirthProgram
    | ParentalLeaveProgram
    | BreastfeedingTimeProgram
    | LeaveUntilAgeProgram,
    Field(discriminator="kind"),
]


class DocumentObject(Closed):
    model: Literal["benefits.policydocument"]
    fields: DocumentFields


class ProgramObject(Closed):
    model: Literal["benefits.program"]
    fields: AnyProgram


PolicyObject = Annotated[DocumentObject | ProgramObject, Field(discriminator="model")]


class PolicyFile(RootModel[list[PolicyObject]]):
    """A policy file of fixtures/policies/: one benefits.policydocument and the benefits.program
    objects it sets, each program's "document" the key of that one document, each slug once.
    Loaded with `python manage.py load_policy FILE` (`--dry-run` first)."""

    model_config = ConfigDict(
        title="Policy file",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "contains": {"properties": {"model": {"const": DOCUMENT}}},
            "minContains": 1,
            "maxContains": 1,
        },
    )

    @property
    def document(self) -> tuple[int, DocumentFields]:
        return next((i, o.fields) for i, o in enumerate(self.root) if isinstance(o, DocumentObject))

    @property
    def programs(self) -> list[tuple[int, ProgramFields]]:
        return [(i, o.fields) for i, o in enumerate(self.root) if isinstance(o, ProgramObject)]


def policy_json_schema() -> str:
    """The JSON Schema of a policy file, as committed in fixtures/policy.schema.json."""
    return json.dumps(PolicyFile.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


# --- Reading a file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One rule broken: by the object at `index` (None: the file as a whole), in `field` (a path
    such as "params.amounts.3" or "notes[0].en"; empty: the object as a whole)."""

    rule: str
    index: int | None = None
    field: str = ""


class Unreadable(Exception):
    """The file is too large, not UTF-8 or not JSON."""


def policy_file_read(path: Path) -> tuple[PolicyFile | None, list[str]]:
    """The file, when it keeps every rule of the schema; else None and one line per problem,
    naming the file, the object, the field and the rule."""
    try:
        data = json_read(path)
    except Unreadable as unreadable:
        return None, [f"{path}: {unreadable}"]
    problems = list(dict.fromkeys(_json_problems(data)))
    policy = None
    if not problems:
        try:
            policy = PolicyFile.model_validate(data)
        except ValidationError as invalid:
            problems = [_problem(error) for error in invalid.errors()]
        else:
            problems = file_problems(policy)
    if problems:
        lines = [problem_line(path, data, problem) for problem in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"{path}: and {len(problems) - MAX_PROBLEMS} more problems")
        return None, lines
    return policy, []


class NotFinite(str):
    """NaN, Infinity or a number too large for a float (1e999999), as the file wrote it: kept
    as a marker so that the refusal can name its field. JSON has no such numbers."""


class JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it had twice (json.loads keeps the last)."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> JsonObject:
        obj = cls(pairs)
        counts = Counter(key for key, _ in pairs)
        obj.repeated = tuple(key for key, count in counts.items() if count > 1)
        return obj


def _float(text: str) -> float | NotFinite:
    number = float(text)
    return number if math.isfinite(number) else NotFinite(text)


def json_read(path: Path) -> Any:
    """The file's JSON, read only up to the size limit and parsed with no Python recursion
    error, no NaN and no key written twice going unnoticed."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise Unreadable(
            f"is larger than {MAX_FILE_BYTES:,} bytes, the most a policy file may be "
            "(a clause's text is at most 20,000 characters)"
        )
    try:
        return json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=JsonObject.from_pairs,
            parse_constant=NotFinite,
            parse_float=_float,
        )
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"cannot be read as JSON: not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    except RecursionError:
        raise Unreadable("cannot be read as JSON: nested too deeply") from None
    except ValueError as exc:
        raise Unreadable(f"cannot be read as JSON: {exc}") from None


def _json_problems(data: Any) -> Iterator[Problem]:
    """What JSON lets through and the schema must not see: a file that is no list, numbers that
    are not numbers, and keys written twice in one object (the last would silently win)."""
    if not isinstance(data, list):
        yield Problem("a policy file is a JSON list of objects: one document and its programs")
        return
    waiting: deque[tuple[tuple[str | int, ...], Any]] = deque([((), data)])
    while waiting:  # breadth first, without recursion
        loc, value = waiting.popleft()
        if len(loc) > MAX_DEPTH:
            yield _located(loc[:MAX_DEPTH], "nested deeper than any field of a policy file")
        elif isinstance(value, NotFinite):
            yield _located(loc, f"{value} is not a finite number; write one such as 600")
        elif isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                yield _located((*loc, key), "written twice in one object; say it once")
            waiting.extend(((*loc, key), item) for key, item in value.items())
        elif isinstance(value, list):
            waiting.extend(((*loc, i), item) for i, item in enumerate(value))


def _located(loc: tuple[str | int, ...], rule: str) -> Problem:
    """A problem at a place in the file's JSON: (object index, "fields", field, ...)."""
    index, *rest = loc
    if rest[:1] == ["fields"]:
        rest = rest[1:]
    return Problem(rule, int(index), field_path(rest))


def _problem(error: ErrorDetails) -> Problem:
    """A schema error as a problem: its place in the file without the tags pydantic adds (the
    model the object was read as, a program's kind), its rule in plain words."""
    index, *loc = [part for part in error["loc"] if part != "[key]"]
    model, *loc = loc or [""]
    if loc[:1] == ["fields"] and len(loc) > 1:
        loc = loc[2:] if model == PROGRAM else loc[1:]
    elif error["type"].startswith("union_tag"):  # no known kind, or no known model
        loc = ["kind"] if loc == ["fields"] else ["model"]
    return Problem(_rule(error), int(index), field_path(loc))


TYPES = {
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "a list",
    "string_type": "a string",
    "int_type": "a whole number",
    "decimal_type": "an amount such as 600 or 600.50",
}


def _rule(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "union_tag_invalid" and ctx["discriminator"] == "'model'":
        return f"model must be {DOCUMENT} or {PROGRAM}, not {ctx['tag']}"
    if kind == "union_tag_invalid":
        return f"unknown kind {ctx['tag']!r}; known: {', '.join(REGISTRY)}"
    if kind == "union_tag_not_found":
        return "required"
    if kind in TYPES:
        return f"must be {TYPES[kind]}, not {json_type(error['input'])}"
    return error["msg"]


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def field_path(loc: list[str | int] | tuple[str | int, ...]) -> str:
    """("params", "amounts", "3") as params.amounts.3, ("notes", 0, "en") as notes[0].en."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def file_problems(policy: PolicyFile) -> list[Problem]:
    """The rules across a file's objects: one document, every program of it, each slug once."""
    documents = [o for o in policy.root if isinstance(o, DocumentObject)]
    if len(documents) != 1:
        return [Problem(f"holds {len(documents)} policy documents; a file holds exactly one")]
    _, document = policy.document
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, program in policy.programs:
        if program.document != [document.key]:
            rule = f"must be [{document.key!r}], the document of this file"
            problems.append(Problem(rule, index, "document"))
        if program.slug in seen:
            rule = f"also object {seen[program.slug]}'s; a slug appears once in a file"
            problems.append(Problem(rule, index, "slug"))
        seen.setdefault(program.slug, index)
    return problems


def object_label(path: Path, data: Any, index: int) -> str:
    """The file and the object: its index, model and slug or key, as the file has them."""
    obj = data[index] if isinstance(data, list) and 0 <= index < len(data) else None
    if not isinstance(obj, dict):
        return f"{path}: object {index}"
    fields = obj.get("fields")
    name = (fields.get("slug") or fields.get("key")) if isinstance(fields, dict) else None
    return f"{path}: object {index} ({obj.get('model', '?')} {repr(name or '?')[:90]})"


def problem_line(path: Path, data: Any, problem: Problem) -> str:
    if problem.index is None:
        return f"{path}: {problem.rule}"
    label = object_label(path, data, problem.index)
    if problem.field:
        return f"{label} field {problem.field}: {problem.rule}"
    return f"{label}: {problem.rule}"
