"""The local model store: installed models, each a folder with a manifest.

Layout under the models folder::

    models/
      <model-id>/                 an installed model (files + agentic-desk-model.json)
      <model-id>/agentic-desk-model.json   only the manifest, for a folder referenced in place
      .partial/<model-id>/        a download in progress (never listed as installed)
      .in-use/<model-id>.<pid>    a process has the model loaded

A model is listed only once its manifest exists, and the manifest is written
into the download's staging folder before that folder is renamed into place,
so a half-finished download can never look installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from agentic_desk.core.atomic import atomic_write_json, atomic_write_text
from agentic_desk.core.engine.folder import check_model_folder
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

MANIFEST = "agentic-desk-model.json"
PARTIAL_DIR = ".partial"
IN_USE_DIR = ".in-use"
HASH_BLOCK = 4 * 1024 * 1024
#: Kinds of installed model that cannot chat: an embedding model (document libraries) and
#: a names model (the privacy detector's token classifier, issue 18).
NOT_FOR_CHAT = frozenset({"embedding", "names"})


class StoreError(AgenticDeskError):
    """A model-store operation cannot be done."""


class ModelNotInstalled(StoreError):
    pass


class ModelInUse(StoreError):
    pass


class AlreadyInstalled(StoreError):
    pass


class WeightsDamaged(StoreError):
    """A model's float weights hold values that are not numbers: the files are damaged."""


@dataclass(frozen=True)
class ModelFile:
    path: str  # relative to the model folder
    size: int
    sha256: str | None = None
    git_oid: str | None = None  # the Hub's git blob id, where no sha256 is known


@dataclass
class InstalledModel:
    id: str
    name: str
    kind: str  # "cpu", "cuda", "dml" or "other": the execution provider it was built for
    source: str  # "hub", "import" or "gguf" (converted from a GGUF file)
    location: str  # absolute folder holding the model files
    in_place: bool = False  # a folder referenced where it is, not copied into the store
    repo_id: str | None = None
    variant: str | None = None  # the variant folder in the Hub repo
    revision: str | None = None  # the Hub commit it came from
    installed_at: float = 0.0
    verified_at: float | None = None  # when its files were last checked
    # True only when its files were checked against its source's hashes (the Hub's
    # SHA-256 or git blob id: downloads); False when a check found a file that does not
    # match; None otherwise: never checked, or nothing to check against (a folder
    # imported from disk, a model converted here), see :func:`verification`.
    verified: bool | None = None
    files: list[ModelFile] = field(default_factory=list)
    # Where a converted model came from (GGUF file name, sha256, quantisation, settings).
    origin: dict[str, Any] | None = None

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def size_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def has_source_hashes(self) -> bool:
        """Whether its recorded hashes came from its source (a Hub download), so that a
        match means "verified"; an import's or a conversion's hashes were taken here."""
        return self.source == "hub"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["size_bytes"] = self.size_bytes
        state = verification(self)
        data["verification"] = state.key
        data["verification_note"] = state.note
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InstalledModel:
        files = [ModelFile(**f) for f in data.get("files", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["files"] = files
        model = cls(**known)
        if model.verified and not model.has_source_hashes:
            # manifests written before 0.x called an import "verified": it never was
            model.verified = None
        return model


@dataclass(frozen=True)
class Verification:
    """What can be said about an installed model's files, in words every front end uses.

    ``key`` is "verified" (checked against its source's hashes), "damaged" (a file does
    not match), "not_checked" (a download not checked yet) or "unverified" (no source
    hashes: imported from a folder or converted here); ``label`` is short, for lists;
    ``note`` says what was and was not checked."""

    key: str
    label: str
    note: str


def verification(model: InstalledModel) -> Verification:
    if model.verified is False:
        since = (
            t("was downloaded")
            if model.has_source_hashes
            else t("was {added}", added=_added(model))
        )
        return Verification(
            "damaged",
            "damaged",
            t(
                "Some of its files changed since it {since} ('agentic-desk models verify {id}' "
                "lists them). Download or import it again.",
                since=since,
                id=model.id,
            ),
        )
    if model.has_source_hashes:
        if model.verified:
            return Verification(
                "verified",
                "verified",
                "Every file matched the SHA-256 (or git checksum) the Hub published for it.",
            )
        return Verification(
            "not_checked",
            "not checked",
            t(
                "Not checked yet: 'agentic-desk models verify {id}' compares every file with the "
                "Hub's checksums.",
                id=model.id,
            ),
        )
    if model.source == "gguf":
        return Verification(
            "unverified",
            "unverified (converted here)",
            "Converted on this computer from a GGUF file (its SHA-256 is recorded); there "
            "is no published checksum to verify the result against.",
        )
    return Verification(
        "unverified",
        "unverified (imported)",
        "Imported from a folder, which comes with no checksums to verify it against. Its "
        "configuration, tokenizer, graph and the sizes of its weight files were checked as "
        "the engine checks them, and its floating-point weights hold no NaN; the weights "
        "themselves were not verified. 'models verify' tells whether its files changed "
        "since the import.",
    )


def _added(model: InstalledModel) -> str:
    return t("converted") if model.source == "gguf" else t("imported")


@dataclass(frozen=True)
class VerifyResult:
    model_id: str
    ok: bool
    problems: list[str]
    # whether the hashes came from the model's source: False for an import or a
    # conversion, where "ok" means only "unchanged since it was added"
    against_source: bool = True


def safe_id(text: str) -> str:
    """A folder-safe model id: letters, digits, '.', '_', '-' (others become '-')."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return cleaned[:120] or "model"


def model_id_for(repo_id: str, variant: str) -> str:
    leaf = variant.rstrip("/").rsplit("/", 1)[-1] if variant else "main"
    return safe_id(f"{repo_id.replace('/', '--')}--{leaf}")


def file_sha256(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
            if progress is not None:
                progress(len(block))
    return digest.hexdigest()


def git_blob_oid(path: Path) -> str:
    """The git blob id of a file (what the Hub reports for files not stored in LFS)."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % path.stat().st_size)
    with path.open("rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, expected: ModelFile) -> str | None:
    """None if the file matches what is expected, else the problem in words."""
    if not path.is_file():
        return t("{path} is missing", path=expected.path)
    size = path.stat().st_size
    if size != expected.size:
        return f"{expected.path} has {size:,} bytes, expected {expected.size:,}"
    if expected.sha256 and file_sha256(path) != expected.sha256:
        return t("{path} is damaged (its SHA-256 does not match)", path=expected.path)
    if not expected.sha256 and expected.git_oid and git_blob_oid(path) != expected.git_oid:
        return t("{path} is damaged (its checksum does not match)", path=expected.path)
    return None


def folder_files(folder: Path) -> list[ModelFile]:
    """Every file under ``folder`` with its size and SHA-256 (for a manifest)."""
    return [
        ModelFile(str(p.relative_to(folder)), p.stat().st_size, file_sha256(p))
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


class ModelStore:
    """Installed models under one models folder."""

    def __init__(self, models_dir: Path) -> None:
        self.root = Path(models_dir)

    # ---- folders ----------------------------------------------------------------

    def ensure(self) -> None:
        """Create the models folder and its staging folder; the ones created here are
        private (``0700``; an existing models folder elsewhere is the user's to set)."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.root / PARTIAL_DIR).mkdir(mode=0o700, exist_ok=True)

    def staging_dir(self, model_id: str) -> Path:
        return self.root / PARTIAL_DIR / model_id

    def folder(self, model_id: str) -> Path:
        return self.root / model_id

    # ---- listing ----------------------------------------------------------------

    def installed(self) -> list[InstalledModel]:
        models: list[InstalledModel] = []
        if not self.root.is_dir():
            return models
        for entry in sorted(self.root.iterdir()):
            if entry.name.startswith(".") or not (entry / MANIFEST).is_file():
                continue
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                models.append(self._read_manifest(entry))
        return models

    def _read_manifest(self, folder: Path) -> InstalledModel:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        return InstalledModel.from_json(data)

    def get(self, model_id: str) -> InstalledModel:
        folder = self.folder(model_id)
        if not (folder / MANIFEST).is_file():
            raise ModelNotInstalled(
                t(
                    "No installed model has the id '{model_id}'.",
                    model_id=model_id,
                ),
                t("See 'agentic-desk models list' for the installed models."),
            )
        return self._read_manifest(folder)

    def resolve(self, spec: str) -> Path:
        """A model folder from a store id or a path."""
        if (self.folder(spec) / MANIFEST).is_file():
            return self.get(spec).path
        return Path(spec).expanduser()

    def write_manifest(self, folder: Path, model: InstalledModel) -> None:
        atomic_write_json(folder / MANIFEST, model.to_json())

    # ---- install ----------------------------------------------------------------

    def install(self, staging: Path, model: InstalledModel) -> InstalledModel:
        """Move a complete, verified staging folder into place, atomically."""
        target = self.folder(model.id)
        if target.exists():
            raise AlreadyInstalled(
                t(
                    "The model {id} is already installed.",
                    id=model.id,
                ),
                t("Remove it first to download it again."),
            )
        model.location = str(target)
        self.write_manifest(staging, model)
        os.replace(staging, target)
        return model

    def import_folder(
        self, source: Path, *, in_place: bool = False, name: str | None = None
    ) -> InstalledModel:
        """Add a local onnxruntime-genai folder, checked like the engine checks it, and
        its float weights for NaNs (:func:`check_weights`). It is recorded as unverified:
        there are no source hashes to verify it against."""
        info = check_model_folder(source)
        check_weights(info.path)
        model_id = safe_id(name or info.path.name)
        target = self.folder(model_id)
        if target.exists():
            raise AlreadyInstalled(
                t(
                    "A model with the id {model_id} is already installed.",
                    model_id=model_id,
                ),
                t("Remove it first, or import under another name (--name)."),
            )
        files = folder_files(info.path)
        model = InstalledModel(
            id=model_id,
            name=name or info.path.name,
            kind=_kind_of(info.path),
            source="import",
            location=str(info.path if in_place else target),
            in_place=in_place,
            installed_at=time.time(),
            verified=None,  # nothing to verify against: a folder has no source hashes
            files=files,
        )
        staging = self.staging_dir(model_id)
        shutil.rmtree(staging, ignore_errors=True)
        staging.parent.mkdir(parents=True, exist_ok=True)
        if in_place:
            staging.mkdir()
        else:
            shutil.copytree(info.path, staging)
        self.write_manifest(staging, model)
        os.replace(staging, target)
        return model

    # ---- in use -------------------------------------------------------------------

    def _in_use_dir(self) -> Path:
        return self.root / IN_USE_DIR

    def _marker_name(self, location: Path) -> str:
        key = str(location.resolve()).encode()
        return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16]

    @contextlib.contextmanager
    def mark_in_use(self, location: Path) -> Iterator[None]:
        """While inside, this process counts as having the model at ``location`` loaded."""
        marker = self._in_use_dir() / f"{self._marker_name(location)}.{os.getpid()}"
        marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_text(marker, str(location))
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                marker.unlink()

    def users_of(self, location: Path) -> list[int]:
        """Process ids that have the model loaded (stale markers are cleaned up)."""
        prefix = self._marker_name(location) + "."
        pids: list[int] = []
        folder = self._in_use_dir()
        if not folder.is_dir():
            return pids
        for marker in folder.iterdir():
            if not marker.name.startswith(prefix):
                continue
            pid = int(marker.name[len(prefix) :] or 0)
            if psutil.pid_exists(pid):
                pids.append(pid)
            else:
                with contextlib.suppress(OSError):
                    marker.unlink()
        return pids

    # ---- remove / verify ------------------------------------------------------------

    def remove(self, model_id: str) -> InstalledModel:
        model = self.get(model_id)
        users = self.users_of(model.path)
        if users:
            raise ModelInUse(
                t(
                    "The model {model_id} is loaded (process {map}).",
                    model_id=model_id,
                    map=", ".join(map(str, users)),
                ),
                t("Unload it (or close the chat that uses it) and try again."),
            )
        folder = self.folder(model_id)
        trash = self.root / PARTIAL_DIR / f".removing-{model_id}-{os.getpid()}"
        trash.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(folder, trash)  # disappears from the list at once, even if deletion is slow
        shutil.rmtree(trash, ignore_errors=True)
        return model

    def verify(self, model_id: str, progress: Callable[[int], None] | None = None) -> VerifyResult:
        model = self.get(model_id)
        problems = []
        for expected in model.files:
            problem = check_file(model.path / expected.path, expected)
            if problem:
                problems.append(problem)
            if progress is not None:
                progress(expected.size)
        if problems:
            model.verified = False
        else:  # matching hashes taken at import or conversion says "unchanged", no more
            model.verified = True if model.has_source_hashes else None
        model.verified_at = time.time()
        self.write_manifest(self.folder(model_id), model)
        return VerifyResult(model_id, not problems, problems, model.has_source_hashes)


def check_weights(folder: Path) -> None:
    """Refuse a folder whose float weights hold NaNs (:mod:`~.weights`): garbage bytes in
    a weights file. What this cannot see (damaged integer weights) leaves the model
    unverified, as any import is."""
    from agentic_desk.core.models.weights import nan_tensors

    found = list(nan_tensors(folder))
    if not found:
        return
    files = sorted({item.file for item in found})
    raise WeightsDamaged(
        t(
            "The model in {folder} is damaged: {count:,} of its weight tensors hold values that "
            "are not numbers (NaN), in {files} (the first: {tensor}). A model like that answers "
            "nothing or nonsense.",
            folder=folder,
            count=len(found),
            files=", ".join(files),
            tensor=found[0].tensor,
        ),
        t(
            "Copy the folder again from where it came from, or download the model again. Nothing "
            "was imported.",
        ),
    )


def _kind_of(folder: Path) -> str:
    """The execution provider a genai folder was built for, from its session options."""
    try:
        config = json.loads((folder / "genai_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "other"
    return kind_from_config(config)


def kind_from_config(config: dict[str, Any]) -> str:
    options = (
        config.get("model", {})
        .get("decoder", {})
        .get("session_options", {})
        .get("provider_options", [])
    )
    names = {name.lower() for item in options if isinstance(item, dict) for name in item}
    if "cuda" in names:
        return "cuda"
    if "dml" in names or "directml" in names:
        return "dml"
    if names - {"cpu"}:
        return "other"
    return "cpu"
