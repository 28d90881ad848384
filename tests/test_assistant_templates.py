"""Assistant templates in the core (no Qt): the starters, fill-in fields, the user's own
templates on disk, import and export, and what a new conversation starts with."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from agentic_desk.core import assistants as at
from agentic_desk.core.assistants import (
    AssistantTemplate,
    FillField,
    InvalidTemplate,
    MissingFields,
    StarterReadOnly,
    TemplateError,
    TemplateLibrary,
    TemplateNotFound,
    conversation_setup,
)
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.jsonload import JsonUnreadable
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS
from agentic_desk.core.settings import Settings, apply_changes

STARTER_NAMES = [
    "Formal letter",
    "Referral letter",
    "Meeting summary",
    "Complaint",
    "Plain-language explanation",
]


@pytest.fixture
def library(tmp_path: Path) -> TemplateLibrary:
    return TemplateLibrary.in_data_folder(tmp_path / "data")


def letter(**changes: object) -> AssistantTemplate:
    base = AssistantTemplate(
        name="Landlord letter",
        description="To my landlord",
        system_prompt="Write to {{recipient}} about {{topic}}. Date: {{ date }}.",
        first_message="Points:\n{{points}}",
        reply={"temperature": 0.2, "max_new_tokens": 700},
        privacy="high",
        fields=(
            FillField("recipient", "Recipient"),
            FillField("topic", "Topic"),
            FillField("date", "Date", default="[Date]"),
            FillField("points", "Key points", multiline=True, required=False),
        ),
    )
    return AssistantTemplate(**{**base.__dict__, **changes})  # type: ignore[arg-type]


# ---- starters ------------------------------------------------------------------------------


def test_the_starters_load_and_are_valid() -> None:
    found = at.starters()
    assert [t.name for t in found] == STARTER_NAMES
    for template in found:
        assert template.starter and template.id
        assert len(template.system_prompt) > 400, template.name  # real instructions
        assert template.description
        assert template.privacy in PRIVACY_LEVELS
        assert at.check(template) == template  # the same after a round through the checks
        params = template.params(GenerationParams())
        assert params.temperature <= 0.5  # drafting: steady, not creative
        required = {f.name for f in template.fields if f.required and f.default is None}
        filled = template.fill(dict.fromkeys(required, "X"))
        assert "{{" not in filled.system_prompt + filled.first_message
    referral = next(t for t in found if t.name == "Referral letter")
    assert referral.privacy == "high"  # notes about a person stay on this computer
    assert "Never invent" in referral.system_prompt


def test_starters_are_read_only(library: TemplateLibrary) -> None:
    with pytest.raises(StarterReadOnly, match="cannot be deleted") as caught:
        library.delete("formal-letter")
    assert "Duplicate" in caught.value.hint
    starter = library.get("Formal letter")
    edited = library.update(starter.id, letter(name=starter.name, system_prompt="Be brief."))
    assert not edited.starter and edited.id != starter.id
    assert edited.name == "Formal letter (my version)"
    assert library.get("formal-letter").system_prompt == starter.system_prompt  # untouched
    assert library.get("Formal letter (my version)").system_prompt == "Be brief."


# ---- fill-in fields ------------------------------------------------------------------------


def test_fill_substitutes_fields_and_defaults() -> None:
    filled = letter().fill({"recipient": "Ms Jones", "topic": "the boiler", "points": "a\nb"})
    assert filled.system_prompt == "Write to Ms Jones about the boiler. Date: [Date]."
    assert filled.first_message == "Points:\na\nb"


def test_a_missing_required_field_is_named() -> None:
    with pytest.raises(MissingFields) as caught:
        letter().fill({"recipient": "  ", "points": "x"})
    assert caught.value.missing == ("recipient", "topic")
    assert caught.value.message == (
        "The template “Landlord letter” needs a value for “Recipient”, “Topic”."
    )
    optional = letter().fill({"recipient": "A", "topic": "B"})  # points is optional
    assert optional.first_message == "Points:\n"


def test_a_field_the_template_does_not_have_is_refused() -> None:
    with pytest.raises(TemplateError, match="has no field colour") as caught:
        letter().fill({"recipient": "A", "topic": "B", "colour": "red"})
    assert "date, points, recipient, topic" in caught.value.hint


def test_a_placeholder_without_a_field_is_refused() -> None:
    with pytest.raises(InvalidTemplate, match=r"uses \{\{budget\}\} but the template has no"):
        at.check(letter(system_prompt="Spend {{budget}}."))


def test_reply_settings_and_privacy_are_checked() -> None:
    with pytest.raises(InvalidTemplate, match=r"reply\.temperature"):
        at.check(letter(reply={"temperature": 9}))
    with pytest.raises(InvalidTemplate, match=r"reply\.colour"):
        at.check(letter(reply={"colour": 1}))
    with pytest.raises(InvalidTemplate, match="privacy"):
        at.check(letter(privacy="secret"))
    params = letter().params(GenerationParams(top_k=7))
    assert (params.temperature, params.max_new_tokens, params.top_k) == (0.2, 700, 7)


# ---- the user's templates --------------------------------------------------------------------


def test_create_edit_duplicate_delete(library: TemplateLibrary) -> None:
    made = library.create(letter())
    assert made.id == "landlord-letter" and not made.starter
    path = library.folder / "landlord-letter.json"
    assert json.loads(path.read_text())["name"] == "Landlord letter"
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(library.folder.stat().st_mode) == 0o700
    assert [t.name for t in library.templates()] == [*STARTER_NAMES, "Landlord letter"]

    with pytest.raises(TemplateError, match="already a template called “Landlord letter”"):
        library.create(letter(name="landlord LETTER"))
    with pytest.raises(TemplateError, match="already a template called “Complaint”"):
        library.create(letter(name="Complaint"))

    edited = library.update(made.id, letter(description="Changed"))
    assert edited.id == made.id and library.get("Landlord letter").description == "Changed"

    copy = library.duplicate(made.id)
    again = library.duplicate(made.id)
    assert (copy.name, again.name) == ("Landlord letter (copy)", "Landlord letter (copy 2)")
    assert copy.system_prompt == made.system_prompt and copy.id != made.id
    starter_copy = library.duplicate("complaint")
    assert starter_copy.name == "Complaint (copy)" and not starter_copy.starter

    library.delete(copy.id)
    assert "Landlord letter (copy)" not in [t.name for t in library.templates()]
    with pytest.raises(TemplateNotFound):
        library.delete(copy.id)


def test_get_by_name_or_id_and_not_found(library: TemplateLibrary) -> None:
    assert library.get("meeting SUMMARY").id == "meeting-summary"
    assert library.get("plain-language").name == "Plain-language explanation"
    with pytest.raises(TemplateNotFound) as caught:
        library.get("Sonnet")
    assert caught.value.message == "There is no template called “Sonnet”."
    assert "“Formal letter”" in caught.value.hint


def test_a_corrupt_user_file_is_reported_by_name_and_skipped(library: TemplateLibrary) -> None:
    library.create(letter())
    (library.folder / "broken.json").write_text('{"format": "agentic-desk-template", ')
    (library.folder / "shape.json").write_text(json.dumps({"format": "something-else"}))
    (library.folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    listing = library.listing()
    assert [t.name for t in listing.templates] == [*STARTER_NAMES, "Landlord letter"]
    problems = {p.file: p.message for p in listing.problems}
    assert set(problems) == {"broken.json", "shape.json", "binary.json"}
    assert problems["broken.json"].startswith("The file broken.json is not valid JSON")
    assert "“format” must be “agentic-desk-template”" in problems["shape.json"]
    assert "not text in UTF-8" in problems["binary.json"]


# ---- import and export -----------------------------------------------------------------------


def test_export_and_import_round_trip(library: TemplateLibrary, tmp_path: Path) -> None:
    made = library.create(letter())
    out = tmp_path / "shared" / "landlord.json"
    out.parent.mkdir()
    library.export("Landlord letter", out)
    if os.name != "nt":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    other = TemplateLibrary(tmp_path / "other")
    imported = other.import_file(out)
    assert imported.as_json() == made.as_json()
    again = other.import_file(out)  # the name is taken now
    assert again.name == "Landlord letter (imported)"
    starter_out = tmp_path / "complaint.json"
    library.export("complaint", starter_out)
    assert at.read_file(starter_out).name == "Complaint"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json at all", "is not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (json.dumps({"format": "agentic-desk-conversation"}).encode(), "“format” must be"),
        (
            json.dumps({"format": at.FORMAT, "version": 1, "name": "x"}).encode(),
            "“system_prompt” must not be empty",
        ),
        (
            json.dumps({"format": at.FORMAT, "version": 9, "name": "x"}).encode(),
            "newer Agentic Desk",
        ),
        (
            json.dumps(
                {
                    "format": at.FORMAT,
                    "version": 1,
                    "name": "x",
                    "system_prompt": "y",
                    "fields": [{"name": "1bad"}],
                }
            ).encode(),
            "fields[0]”.name must be a short name",
        ),
        (b"[" * 100 + b"]" * 100, "nested more than 64 levels"),
    ],
)
def test_import_refuses_a_broken_file_and_saves_nothing(
    library: TemplateLibrary, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    with pytest.raises((InvalidTemplate, JsonUnreadable)) as caught:
        library.import_file(path)
    assert expected in str(caught.value)
    assert "in.json" in caught.value.message
    assert not library.folder.exists() or not list(library.folder.iterdir())


def test_import_a_missing_file(library: TemplateLibrary, tmp_path: Path) -> None:
    with pytest.raises(JsonUnreadable, match="does not exist"):
        library.import_file(tmp_path / "nowhere.json")


# ---- a new conversation ------------------------------------------------------------------------


def test_the_default_system_prompt_applies_to_new_conversations() -> None:
    settings = apply_changes(Settings(), {"chat.default_system_prompt": "Answer in French."})
    plain = conversation_setup(settings)
    assert (plain.system_prompt, plain.template, plain.params) == ("Answer in French.", None, {})
    assert conversation_setup(Settings()).system_prompt is None
    blank = apply_changes(Settings(), {"chat.default_system_prompt": "   "})
    assert blank.chat.default_system_prompt is None
    # a template's own prompt replaces the default; one without a prompt gets the default
    filled = letter().fill({"recipient": "A", "topic": "B"})
    assert conversation_setup(settings, filled).system_prompt.startswith("Write to A about B")
    no_prompt = letter(system_prompt="").fill({"recipient": "A", "topic": "B"})
    assert conversation_setup(settings, no_prompt).system_prompt == "Answer in French."


def test_a_template_sets_privacy_reply_settings_and_its_name() -> None:
    filled = letter().fill({"recipient": "A", "topic": "B", "points": "p"})
    setup = conversation_setup(Settings(), filled)
    assert setup.privacy == "high"
    assert setup.params == {"temperature": 0.2, "max_new_tokens": 700}
    assert setup.template == "Landlord letter"
    assert setup.first_message == "Points:\np"
    stricter = apply_changes(Settings(), {"privacy.default_level": "local_only"})
    assert conversation_setup(stricter, filled).privacy == "local_only"  # never lowered


def test_field_values_from_the_command_line() -> None:
    assert at.parse_field_values(["recipient=Ms Jones", "note=a=b", "points=x\\ny"]) == {
        "recipient": "Ms Jones",
        "note": "a=b",
        "points": "x\ny",
    }
    with pytest.raises(TemplateError, match="not of the form name=value"):
        at.parse_field_values(["recipient"])
