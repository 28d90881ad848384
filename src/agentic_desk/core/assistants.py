"""Assistant templates ("Templates" to the user): a ready-made way to start a conversation.

Not to be confused with chat templates (the Jinja templates a model formats its prompt
with, :mod:`agentic_desk.core.engine.templates`).

An :class:`AssistantTemplate` is a name, a description, a system prompt, reply settings
(a few :mod:`agentic_desk.core.generation` fields it sets; the rest stay the user's), a
privacy level, and fill-in fields (:class:`FillField`: *recipient*, *date*, ...) whose
values replace ``{{name}}`` placeholders in the system prompt and in an optional
first-message skeleton. :meth:`AssistantTemplate.fill` does the substitution; a required
field left empty is a :class:`MissingFields` error naming it.

:class:`TemplateLibrary` holds them: the starters that ship with the app (``starters/``
next to this module, read-only: editing one saves a copy) and the user's own, one JSON
file each in the data folder's ``templates/`` (written atomically, ``0600``). A user file
that cannot be read is reported by name (:class:`TemplateProblem`) and skipped; the rest
of the list is unaffected. Import and export use the same JSON shape
(:data:`FORMAT`, :data:`VERSION`).

:func:`conversation_setup` turns a filled template (or none) plus the settings into what
a new conversation starts with: system prompt (the settings' default system prompt when
there is none), privacy (the more private of the template's and the settings' default),
reply settings and the template's name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core import generation as gen
from agentic_desk.core import jsonload
from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.paths import private_folder
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS, Privacy, effective_privacy

if TYPE_CHECKING:
    from agentic_desk.core.engine.protocol import GenerationParams
    from agentic_desk.core.settings.model import Settings

FORMAT = "agentic-desk-template"
VERSION = 1
FOLDER_NAME = "templates"  # in the data folder
STARTERS_PACKAGE = "agentic_desk.core"
STARTERS_FOLDER = "assistant_starters"

MAX_NAME = 80
MAX_DESCRIPTION = 500
MAX_PROMPT = 20_000
MAX_FIELDS = 20
MAX_VALUE = 20_000
MAX_FILE_BYTES = 1_000_000

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
_TOP_KEYS = {
    "format",
    "version",
    "name",
    "description",
    "system_prompt",
    "first_message",
    "reply",
    "privacy",
    "fields",
}
_FIELD_KEYS = {"name", "label", "default", "multiline", "required"}


# ---- errors --------------------------------------------------------------------------------


class TemplateError(AgenticDeskError):
    """A template that cannot be used, found, saved or changed."""


class InvalidTemplate(TemplateError):
    """A template document of the wrong shape; the message names the field and the file."""


class TemplateNotFound(TemplateError):
    """No template by that name."""


class StarterReadOnly(TemplateError):
    """A starter cannot be changed or deleted (editing one saves a copy)."""


class MissingFields(TemplateError):
    """Fill-in fields that need a value and got none; ``missing`` holds their names."""

    def __init__(self, message: str, hint: str = "", missing: Sequence[str] = ()) -> None:
        super().__init__(message, hint)
        self.missing = tuple(missing)
        self.args = (message, hint, self.missing)


# ---- the values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FillField:
    """A blank the user fills in before the conversation starts. A field with a default
    uses it when left empty; one without is required unless ``required`` is False."""

    name: str  # the placeholder: {{name}}
    label: str  # what the form shows ("Recipient")
    default: str | None = None
    multiline: bool = False
    required: bool = True

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "label": self.label}
        if self.default is not None:
            data["default"] = self.default
        data["multiline"] = self.multiline
        data["required"] = self.required
        return data


@dataclass(frozen=True)
class Filled:
    """A template with its fields filled in: what a new conversation starts with."""

    template: AssistantTemplate
    system_prompt: str
    first_message: str


@dataclass(frozen=True)
class AssistantTemplate:
    """One template. ``id`` is its file name without ``.json`` (a starter's too);
    ``reply`` holds only the reply settings it sets (generation field -> value)."""

    name: str
    system_prompt: str
    description: str = ""
    first_message: str = ""
    reply: Mapping[str, Any] = field(default_factory=dict)
    privacy: str = Privacy.NORMAL.value
    fields: tuple[FillField, ...] = ()
    id: str = ""
    starter: bool = False

    def as_json(self) -> dict[str, Any]:
        """The document written to a file (import reads it back)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "description": self.description,
            "system_prompt": self.system_prompt,
            "first_message": self.first_message,
            "reply": dict(self.reply),
            "privacy": self.privacy,
            "fields": [f.as_json() for f in self.fields],
        }

    def params(self, base: GenerationParams) -> GenerationParams:
        """``base`` with this template's reply settings applied."""
        reply = dict(self.reply)
        if "stop" in reply:
            reply["stop"] = list(reply["stop"])
        return gen.with_overrides(base, **reply)

    def fill(self, values: Mapping[str, str] | None = None) -> Filled:
        """The system prompt and first message with every ``{{field}}`` replaced.
        Raises :class:`MissingFields` (a required field empty) or :class:`TemplateError`
        (a value for a field this template does not have)."""
        given = {k: v for k, v in (values or {}).items()}
        known = {f.name for f in self.fields}
        unknown = sorted(set(given) - known)
        if unknown:
            have = ", ".join(sorted(known)) or "none"
            raise TemplateError(
                t(
                    "The template “{name}” has no field {unknown}.",
                    name=self.name,
                    unknown=", ".join(unknown),
                ),
                t(
                    "Its fields are: {have}.",
                    have=have,
                ),
            )
        filled: dict[str, str] = {}
        missing: list[FillField] = []
        for f in self.fields:
            value = str(given.get(f.name) or "").strip()
            if not value and f.default is not None:
                value = f.default
            if not value and f.required:
                missing.append(f)
            filled[f.name] = value
        if missing:
            labels = ", ".join(f"“{f.label}”" for f in missing)
            raise MissingFields(
                t(
                    "The template “{name}” needs a value for {labels}.",
                    name=self.name,
                    labels=labels,
                ),
                t("Fill in every field marked required, then start the conversation."),
                [f.name for f in missing],
            )

        def substitute(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)), text)

        return Filled(self, substitute(self.system_prompt), substitute(self.first_message))


@dataclass(frozen=True)
class TemplateProblem:
    """A user template file that could not be read: its file name and why."""

    file: str
    message: str


@dataclass(frozen=True)
class Listing:
    """Every usable template (starters first, then the user's by name) and the files
    that were skipped."""

    templates: tuple[AssistantTemplate, ...]
    problems: tuple[TemplateProblem, ...] = ()


# ---- reading and checking a document -------------------------------------------------------


def parse(data: object, *, where: str = "The template") -> AssistantTemplate:
    """A template from its JSON document; :class:`InvalidTemplate` naming the first bad
    field (``where`` starts the message, e.g. "The file letter.json")."""

    def bad(name: str, problem: str) -> InvalidTemplate:
        return InvalidTemplate(
            t(
                "{where} is not a usable template: {name} {problem}.",
                where=where,
                name=name,
                problem=problem,
            ),
            t("Fix the file or export the template again from Agentic Desk."),
        )

    if not isinstance(data, dict):
        raise bad("the document", t("must be a JSON object"))
    if data.get("format") != FORMAT:
        raise bad("“format”", t("must be “{format}” (is it a template file?)", format=FORMAT))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad("“version”", t("must be a whole number of 1 or more"))
    if version > VERSION:
        raise InvalidTemplate(
            t(
                "{where} was written by a newer Agentic Desk (template format {version}; this "
                "version reads up to {version2}).",
                where=where,
                version=version,
                version2=VERSION,
            ),
            t("Update Agentic Desk to use it."),
        )
    extra = sorted(set(data) - _TOP_KEYS)
    if extra:
        raise bad(f"“{extra[0]}”", t("is not a template field"))

    def text(key: str, limit: int, *, required: bool = False, one_line: bool = False) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise bad(f"“{key}”", t("must be text"))
        if one_line:
            value = " ".join(value.split())
        if required and not value.strip():
            raise bad(f"“{key}”", t("must not be empty"))
        if len(value) > limit:
            raise bad(f"“{key}”", t("must be at most {limit:,} characters", limit=limit))
        return value

    name = text("name", MAX_NAME, required=True, one_line=True)
    description = text("description", MAX_DESCRIPTION)
    system_prompt = text("system_prompt", MAX_PROMPT)
    first_message = text("first_message", MAX_PROMPT)
    reply = data.get("reply", {}) or {}
    if not isinstance(reply, dict):
        raise bad("“reply”", t("must be an object of reply settings"))
    for key, value in reply.items():
        reason = gen.check(key, value)
        if reason is not None:
            raise bad(f"“reply.{key}”", reason)
    privacy = data.get("privacy", Privacy.NORMAL.value)
    if not isinstance(privacy, str) or privacy not in PRIVACY_LEVELS:
        raise bad("“privacy”", t("must be one of {levels}", levels=", ".join(PRIVACY_LEVELS)))
    raw_fields = data.get("fields", []) or []
    if not isinstance(raw_fields, list):
        raise bad("“fields”", t("must be a list"))
    if len(raw_fields) > MAX_FIELDS:
        raise bad("“fields”", t("must have at most {max_fields} entries", max_fields=MAX_FIELDS))
    fields: list[FillField] = []
    for index, item in enumerate(raw_fields):
        at = f"“fields[{index}]”"
        if not isinstance(item, dict):
            raise bad(at, t("must be an object with a name and a label"))
        extra = sorted(set(item) - _FIELD_KEYS)
        if extra:
            raise bad(f"{at}.{extra[0]}", t("is not a field setting"))
        field_name = item.get("name")
        if not isinstance(field_name, str) or not _FIELD_NAME.match(field_name):
            raise bad(
                f"{at}.name",
                "must be a short name of letters, digits and _ (not starting with a digit)",
            )
        if any(f.name == field_name for f in fields):
            raise bad(f"{at}.name", t("“{field_name}” is used twice", field_name=field_name))
        label = item.get("label", field_name)
        if not isinstance(label, str) or not label.strip():
            raise bad(f"{at}.label", t("must be text"))
        default = item.get("default")
        if default is not None and (not isinstance(default, str) or len(default) > MAX_VALUE):
            raise bad(f"{at}.default", t("must be text"))
        multiline = item.get("multiline", False)
        required = item.get("required", True)
        if not isinstance(multiline, bool) or not isinstance(required, bool):
            raise bad(at, t("“multiline” and “required” must be true or false"))
        fields.append(FillField(field_name, " ".join(label.split()), default, multiline, required))
    declared = {f.name for f in fields}
    for key, body in (("system_prompt", system_prompt), ("first_message", first_message)):
        for match in _PLACEHOLDER.finditer(body):
            if match.group(1) not in declared:
                raise bad(
                    f"“{key}”",
                    t(
                        "uses {{{{{group}}}}} but the template has no field of that name",
                        group=match.group(1),
                    ),
                )
    if not system_prompt.strip() and not first_message.strip():
        raise bad("“system_prompt”", t("must not be empty (nor the first message)"))
    return AssistantTemplate(
        name=name,
        description=description,
        system_prompt=system_prompt,
        first_message=first_message,
        reply=dict(reply),
        privacy=privacy,
        fields=tuple(fields),
    )


def check(template: AssistantTemplate) -> AssistantTemplate:
    """``template`` checked as if read from a file (what a form builds); the checked copy
    keeps its id and starter flag."""
    parsed = parse(template.as_json(), where=t("The template “{name}”", name=template.name))
    return dataclasses.replace(parsed, id=template.id, starter=template.starter)


def read_file(path: Path) -> AssistantTemplate:
    """A template file (import, or the user's folder); :class:`InvalidTemplate` or
    :class:`~agentic_desk.core.jsonload.JsonUnreadable` naming the file."""
    name = t("The file {name}", name=path.name)
    hint = t("Choose a template file exported from Agentic Desk.")
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_FILE_BYTES:
        raise InvalidTemplate(
            t(
                "{name} is too large to be a template ({size:,} bytes).",
                name=name,
                size=size,
            ),
            hint,
        )
    data = jsonload.load_file(path, name=name, hint=hint)
    return parse(data, where=name)


# ---- the library ---------------------------------------------------------------------------


def slug(name: str) -> str:
    """A file-name-safe id from a name: "Formal letter" -> "formal-letter"."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:48].strip("-") or "template"


def starters() -> tuple[AssistantTemplate, ...]:
    """The templates that ship with the app, in their files' order (``NN-name.json``)."""
    folder = resources.files(STARTERS_PACKAGE).joinpath(STARTERS_FOLDER)
    found: list[AssistantTemplate] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        stem = entry.name[: -len(".json")]
        template_id = stem.split("-", 1)[1] if stem[:2].isdigit() else stem
        data = jsonload.loads(
            entry.read_bytes(), what=t("The starter template {name}", name=entry.name)
        )
        parsed = parse(data, where=t("The starter template {name}", name=entry.name))
        found.append(dataclasses.replace(parsed, id=template_id, starter=True))
    return tuple(found)


class TemplateLibrary:
    """The starters and the user's templates in ``folder`` (``<data>/templates``).

    Every method reads the folder afresh (templates are few and small); writes are
    atomic and private. Safe to call from a worker thread; the window calls it from one.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_data_folder(cls, root: Path) -> TemplateLibrary:
        return cls(Path(root) / FOLDER_NAME)

    # -- reading

    def listing(self) -> Listing:
        """Every template (starters first, then the user's by name) and the user files
        that were skipped, each with why."""
        user: list[AssistantTemplate] = []
        problems: list[TemplateProblem] = []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                try:
                    template = read_file(path)
                except AgenticDeskError as exc:
                    problems.append(TemplateProblem(path.name, str(exc)))
                    continue
                user.append(dataclasses.replace(template, id=path.stem, starter=False))
        user.sort(key=lambda t: t.name.casefold())
        return Listing(starters() + tuple(user), tuple(problems))

    def templates(self) -> tuple[AssistantTemplate, ...]:
        return self.listing().templates

    def get(self, name: str) -> AssistantTemplate:
        """The template called ``name`` (or with that id), ignoring case;
        :class:`TemplateNotFound` lists the names there are."""
        wanted = " ".join(name.split()).casefold()
        listing = self.listing()
        for template in listing.templates:
            if template.id.casefold() == wanted:
                return template
        for template in listing.templates:
            if template.name.casefold() == wanted:
                return template
        names = ", ".join(f"“{t.name}”" for t in listing.templates)
        raise TemplateNotFound(
            t(
                "There is no template called “{name}”.",
                name=name,
            ),
            t(
                "The templates are: {names}.",
                names=names,
            )
            if names
            else t("There are no templates yet."),
        )

    # -- writing

    def create(self, template: AssistantTemplate) -> AssistantTemplate:
        """Save a new user template (checked first); its name must not be taken."""
        checked = check(template)
        existing = self.templates()
        self._refuse_taken_name(checked.name, existing, except_id=None)
        new_id = self._free_id(slug(checked.name), existing)
        saved = dataclasses.replace(checked, id=new_id, starter=False)
        self._write(saved)
        return saved

    def update(self, template_id: str, template: AssistantTemplate) -> AssistantTemplate:
        """Save changes to a user template. A starter is never changed: its changes are
        saved as a new user template (returned, with its own id)."""
        current = self._find_id(template_id)
        if current.starter:
            name = template.name
            if name.casefold() == current.name.casefold():
                name = self._free_name(
                    t("{name} (my version)", name=current.name), self.templates()
                )
            return self.create(dataclasses.replace(template, name=name))
        checked = check(template)
        self._refuse_taken_name(checked.name, self.templates(), except_id=template_id)
        saved = dataclasses.replace(checked, id=template_id, starter=False)
        self._write(saved)
        return saved

    def duplicate(self, template_id: str) -> AssistantTemplate:
        """A user copy of any template, named "<name> (copy)"."""
        current = self._find_id(template_id)
        name = self._free_name(f"{current.name} (copy)", self.templates())
        return self.create(dataclasses.replace(current, name=name, id="", starter=False))

    def delete(self, template_id: str) -> None:
        current = self._find_id(template_id)
        if current.starter:
            raise StarterReadOnly(
                t(
                    "“{name}” comes with Agentic Desk and cannot be deleted.",
                    name=current.name,
                ),
                t("Duplicate it to make a version of your own."),
            )
        try:
            (self.folder / f"{template_id}.json").unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TemplateError(
                t(
                    "The template “{name}” could not be deleted: {reason}.",
                    name=current.name,
                    reason=exc.strerror or exc,
                ),
                t(
                    "Check that you may change files in {folder}.",
                    folder=self.folder,
                ),
            ) from exc

    def import_file(self, path: Path) -> AssistantTemplate:
        """Add the template in ``path`` as a user template (a name already taken gets
        " (imported)" added). Nothing is saved when the file is not a usable template."""
        template = read_file(Path(path))
        name = self._free_name(template.name, self.templates(), suffix="imported")
        return self.create(dataclasses.replace(template, name=name))

    def export(self, name: str, path: Path) -> AssistantTemplate:
        """Write the template ``name`` to ``path`` (``0600`` on POSIX)."""
        template = self.get(name)
        try:
            atomic_write_json(Path(path), template.as_json())
        except OSError as exc:
            raise TemplateError(
                t(
                    "The template could not be written to {path}: {reason}.",
                    path=path,
                    reason=exc.strerror or exc,
                ),
                t("Choose a folder you can write to, with free space."),
            ) from exc
        return template

    # -- helpers

    def _find_id(self, template_id: str) -> AssistantTemplate:
        for template in self.templates():
            if template.id == template_id:
                return template
        raise TemplateNotFound(
            t(
                "The template “{template_id}” no longer exists.",
                template_id=template_id,
            ),
            t("It may have been deleted; the list shows the templates there are."),
        )

    @staticmethod
    def _refuse_taken_name(
        name: str, existing: Sequence[AssistantTemplate], *, except_id: str | None
    ) -> None:
        for other in existing:
            if other.id != except_id and other.name.casefold() == name.casefold():
                raise TemplateError(
                    t(
                        "There is already a template called “{name}”.",
                        name=other.name,
                    ),
                    t("Choose another name."),
                )

    @staticmethod
    def _free_name(
        name: str, existing: Sequence[AssistantTemplate], *, suffix: str = "copy"
    ) -> str:
        taken = {t.name.casefold() for t in existing}
        if name.casefold() not in taken:
            return name
        base = name
        if not base.endswith(f"({suffix})"):
            base = f"{name} ({suffix})"
            if base.casefold() not in taken:
                return base
        number = 2
        stem = base[: -len(f" ({suffix})")]
        while f"{stem} ({suffix} {number})".casefold() in taken:
            number += 1
        return f"{stem} ({suffix} {number})"

    def _free_id(self, wanted: str, existing: Sequence[AssistantTemplate]) -> str:
        taken = {t.id for t in existing}
        if wanted not in taken and not (self.folder / f"{wanted}.json").exists():
            return wanted
        number = 2
        while f"{wanted}-{number}" in taken or (self.folder / f"{wanted}-{number}.json").exists():
            number += 1
        return f"{wanted}-{number}"

    def _write(self, template: AssistantTemplate) -> None:
        try:
            private_folder(self.folder)
            atomic_write_json(self.folder / f"{template.id}.json", template.as_json())
        except OSError as exc:
            raise TemplateError(
                t(
                    "The template “{name}” could not be saved: {reason}.",
                    name=template.name,
                    reason=exc.strerror or exc,
                ),
                t(
                    "Check that {folder} can be written to and the disk has space.",
                    folder=self.folder,
                ),
            ) from exc


# ---- a new conversation ----------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationSetup:
    """What a new conversation starts with."""

    system_prompt: str | None
    privacy: str
    params: dict[str, Any]  # the template's reply settings only ({} without a template)
    template: str | None  # the template's name
    first_message: str = ""


def conversation_setup(settings: Settings, filled: Filled | None = None) -> ConversationSetup:
    """The start of a new conversation: from ``filled`` (a template with its fields
    filled in) or from the settings alone (see :func:`new_conversation`)."""
    return new_conversation(
        filled,
        default_system_prompt=settings.chat.default_system_prompt,
        default_privacy=settings.privacy.default_level,
    )


def new_conversation(
    filled: Filled | None,
    *,
    default_system_prompt: str | None = None,
    default_privacy: str = Privacy.NORMAL.value,
) -> ConversationSetup:
    """What a new conversation starts with. The system prompt is the template's, or
    ``default_system_prompt`` (the settings' ``chat.default_system_prompt``) when it has
    none; the privacy is the more private of the template's and ``default_privacy``."""
    default_prompt = (default_system_prompt or "").strip() or None
    default_level = Privacy.parse(default_privacy).value
    if filled is None:
        return ConversationSetup(default_prompt, default_level, {}, None)
    prompt = filled.system_prompt.strip() or default_prompt
    level = effective_privacy(default_level, filled.template.privacy).value
    return ConversationSetup(
        prompt,
        level,
        dict(filled.template.reply),
        filled.template.name,
        filled.first_message.strip(),
    )


def parse_field_values(items: Sequence[str]) -> dict[str, str]:
    """``["recipient=Ms Jones", "date=1 May"]`` -> a dict (the CLI's ``--field``); a
    ``\\n`` typed in a value is a new line (for several-line fields)."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise TemplateError(
                t(
                    "--field {item!r} is not of the form name=value.",
                    item=item,
                ),
                t('Write it like --field recipient="Ms Jones".'),
            )
        values[key.strip()] = value.replace("\\n", "\n")  # \n typed in a shell: a new line
    return values


__all__ = [
    "FOLDER_NAME",
    "FORMAT",
    "VERSION",
    "AssistantTemplate",
    "ConversationSetup",
    "FillField",
    "Filled",
    "InvalidTemplate",
    "Listing",
    "MissingFields",
    "StarterReadOnly",
    "TemplateError",
    "TemplateLibrary",
    "TemplateNotFound",
    "TemplateProblem",
    "check",
    "conversation_setup",
    "new_conversation",
    "parse",
    "parse_field_values",
    "read_file",
    "slug",
    "starters",
]
