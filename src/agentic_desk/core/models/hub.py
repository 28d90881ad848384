"""What a Hub repository holds: its commit, variant folders, files, sizes and hashes.

Metadata comes from huggingface_hub (solid, and it honours ``HF_ENDPOINT`` and
``HF_TOKEN``); the bytes themselves are fetched by :mod:`.downloader`, which can
resume, pause and cancel (huggingface_hub cannot: ARCHITECTURE Fact 4).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.models.store import ModelFile, kind_from_config

DEFAULT_ENDPOINT = "https://huggingface.co"


class HubError(AgenticDeskError):
    """The Hub could not be asked (offline, refused, not found...)."""


class HubUnreachable(HubError):
    pass


class HubAccessDenied(HubError):
    pass


class HubNotFound(HubError):
    pass


@dataclass(frozen=True)
class RemoteVariant:
    """One folder of a repo that holds a ``genai_config.json``: a runnable model (or, kind
    ``"embedding"``, the files of a sentence-embedding model: :func:`embedding_variant`;
    kind ``"names"``, a token classifier that finds people's names: :func:`names_variant`)."""

    folder: str  # path in the repo, "" for the repo root
    kind: str  # cpu / cuda / dml / other / embedding / names
    files: tuple[ModelFile, ...]
    context_length: int | None = None
    num_layers: int | None = None
    num_kv_heads: int | None = None
    head_size: int | None = None
    vocab_size: int | None = None

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def weights_size(self) -> int:
        return sum(f.size for f in self.files if f.path.endswith((".onnx", ".data", ".onnx.data")))


@dataclass
class RepoSnapshot:
    repo_id: str
    revision: str  # the commit sha, so a resumed download fetches the same bytes
    variants: list[RemoteVariant] = field(default_factory=list)
    fetched_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoSnapshot:
        variants = [
            RemoteVariant(**{**v, "files": tuple(ModelFile(**f) for f in v["files"])})
            for v in data.get("variants", [])
        ]
        return cls(data["repo_id"], data["revision"], variants, data.get("fetched_at", 0.0))

    def variant(self, choice: str) -> RemoteVariant:
        """A variant by kind (cpu, cuda, dml) or by folder name."""
        by_folder = [v for v in self.variants if choice in (v.folder, v.folder.rsplit("/", 1)[-1])]
        if by_folder:
            return by_folder[0]
        by_kind = sorted((v for v in self.variants if v.kind == choice), key=_variant_rank)
        if by_kind:
            return by_kind[0]
        available = ", ".join(f"{v.folder or '(root)'} [{v.kind}]" for v in self.variants)
        raise HubNotFound(
            t(
                "{repo_id} has no '{choice}' variant.",
                repo_id=self.repo_id,
                choice=choice,
            ),
            t(
                "Available: {available}.",
                available=available or "none",
            ),
        )


def _variant_rank(variant: RemoteVariant) -> tuple[int, int]:
    """Prefer int4 builds with the fast accuracy level, then the smaller download."""
    name = variant.folder.lower()
    return (0 if "int4" in name else 1, variant.size)


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def auth_headers() -> dict[str, str]:
    from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

    headers: dict[str, str] = build_hf_headers(library_name="agentic-desk")
    return headers


def file_url(repo_id: str, revision: str, path: str) -> str:
    from huggingface_hub import hf_hub_url

    return str(hf_hub_url(repo_id, path, revision=revision, endpoint=endpoint()))


def _translate(exc: Exception, repo_id: str) -> HubError:
    from huggingface_hub import errors

    if isinstance(exc, errors.GatedRepoError):
        return HubAccessDenied(
            t(
                "{repo_id} is a gated model: its authors ask you to accept their licence first.",
                repo_id=repo_id,
            ),
            t(
                "Accept it on the model's Hugging Face page, then set your access token in the "
                "HF_TOKEN environment variable (or run 'hf auth login').",
            ),
        )
    if isinstance(exc, errors.RepositoryNotFoundError):
        return HubNotFound(
            t(
                "{repo_id} was not found on {endpoint} (or it is private).",
                repo_id=repo_id,
                endpoint=endpoint(),
            ),
            t("Check the name; for a private model set HF_TOKEN to a token that can read it."),
        )
    if isinstance(exc, errors.HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else "?"
        if status in (401, 403):
            return HubAccessDenied(
                t(
                    "The Hub refused access to {repo_id} (HTTP {status}).",
                    repo_id=repo_id,
                    status=status,
                ),
                t("Check that HF_TOKEN holds a valid token with read access."),
            )
        return HubUnreachable(
            t(
                "The Hub answered with an error for {repo_id} (HTTP {status}).",
                repo_id=repo_id,
                status=status,
            ),
            t("Try again in a few minutes."),
        )
    return HubUnreachable(
        t(
            "The model hub at {endpoint} cannot be reached{plain_reason}.",
            endpoint=endpoint(),
            plain_reason=_plain_reason(exc),
        ),
        t("Check your internet connection (and proxy settings), then try again."),
    )


def _plain_reason(exc: BaseException) -> str:
    """Why a connection failed, in words (never the exception's class name), or ""."""
    text = str(exc).lower()
    if "refused" in text:
        return t(": the connection was refused")
    if any(s in text for s in ("name or service not known", "nodename nor servname", "resolve")):
        return t(": its name could not be found")
    if "timed out" in text or "timeout" in type(exc).__name__.lower():
        return t(": it did not answer in time")
    if "certificate" in text:
        return t(": its security certificate was not accepted")
    return ""


def fetch_snapshot(repo_id: str, *, timeout: float = 30.0) -> RepoSnapshot:
    """Ask the Hub for the repo's commit, files, sizes, hashes and variant folders."""
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    api = HfApi(endpoint=endpoint())
    try:
        info = api.model_info(repo_id, timeout=timeout)
        revision = str(info.sha)
        entries = [
            e
            for e in api.list_repo_tree(repo_id, recursive=True, revision=revision)
            if isinstance(e, RepoFile)
        ]
    except Exception as exc:
        raise _translate(exc, repo_id) from None
    files = [
        ModelFile(
            e.path, int(e.size), e.lfs.sha256 if e.lfs else None, None if e.lfs else e.blob_id
        )
        for e in entries
    ]
    folders = sorted(
        f.path[: -len("genai_config.json")].rstrip("/")
        for f in files
        if f.path == "genai_config.json" or f.path.endswith("/genai_config.json")
    )
    variants = []
    with httpx.Client(headers=auth_headers(), follow_redirects=True, timeout=timeout) as client:
        for folder in folders:
            prefix = f"{folder}/" if folder else ""
            own = tuple(
                ModelFile(f.path[len(prefix) :], f.size, f.sha256, f.git_oid)
                for f in files
                if f.path.startswith(prefix) and "/" not in f.path[len(prefix) :]
            )
            config = _fetch_json(client, file_url(repo_id, revision, prefix + "genai_config.json"))
            variants.append(_variant(folder, own, config))
    if not variants:
        embedding = embedding_variant(files)
        if embedding is not None:
            root_config: dict[str, Any] = {}
            if any(f.path == "config.json" for f in files):
                with httpx.Client(
                    headers=auth_headers(), follow_redirects=True, timeout=timeout
                ) as client:
                    root_config = _fetch_json(client, file_url(repo_id, revision, "config.json"))
            names = is_names_config(root_config)  # a token classifier: a names model
            variants.append(names_variant(embedding) if names else embedding)
    return RepoSnapshot(repo_id, revision, variants, time.time())


# An ONNX export of a sentence-embedding model (document libraries, core.library): no
# genai_config.json, a tokenizer.json at the root and the model in onnx/ or at the root.
EMBEDDING_MODEL_FILES = ("onnx/model.onnx", "model.onnx")
EMBEDDING_EXTRA_FILES = ("tokenizer.json", "config.json", "tokenizer_config.json")


def embedding_variant(files: list[ModelFile]) -> RemoteVariant | None:
    """The one variant (kind ``"embedding"``, the repo's root) of an embedding model's
    repo: its tokenizer and configs and one ONNX model (the full-precision one)."""
    by_path = {f.path: f for f in files}
    model = next((by_path[p] for p in EMBEDDING_MODEL_FILES if p in by_path), None)
    if model is None or "tokenizer.json" not in by_path:
        return None
    chosen = [by_path[p] for p in EMBEDDING_EXTRA_FILES if p in by_path] + [model]
    data = model.path + ".data"  # weights kept beside the graph, when large
    if data in by_path:
        chosen.append(by_path[data])
    return RemoteVariant(folder="", kind="embedding", files=tuple(chosen))


# ---- names models (issue 18) ------------------------------------------------------------
# An ONNX export of a token-classification model that finds people's names (Xenova's
# exports of BERT NER models: the layout of an embedding model's, and a config.json whose
# id2label names a person label such as B-PER): used by the privacy detector
# (core.privacy.entities.TokenClassifierModel), never for chat or document libraries.
NAMES_KIND = "names"
PERSON_LABELS = frozenset({"PER", "PERSON"})


def is_names_config(config: dict[str, Any]) -> bool:
    """Whether a ``config.json`` is a token classifier with a person label (BIO tags)."""
    labels = config.get("id2label") if isinstance(config, dict) else None
    if not isinstance(labels, dict):
        return False
    architectures = config.get("architectures") or []
    if architectures and not any(
        str(name).endswith("ForTokenClassification") for name in architectures
    ):
        return False
    kinds = {str(label).split("-", 1)[-1].upper() for label in labels.values()}
    return bool(kinds & PERSON_LABELS)


def names_variant(files: RemoteVariant) -> RemoteVariant:
    """The repo's one variant as a names model (same files as :func:`embedding_variant`)."""
    return RemoteVariant(folder=files.folder, kind=NAMES_KIND, files=files.files)


def _fetch_json(client: httpx.Client, url: str) -> dict[str, Any]:
    try:
        response = client.get(url)
        response.raise_for_status()
        data = json.loads(response.content)
    except (httpx.HTTPError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _variant(folder: str, files: tuple[ModelFile, ...], config: dict[str, Any]) -> RemoteVariant:
    model = config.get("model", {}) if config else {}
    decoder = model.get("decoder", {})
    kind = kind_from_config(config) if config else "other"
    if not config or kind == "cpu":  # trust the folder name when the config says little
        lowered = folder.lower()
        if "cuda" in lowered:
            kind = "cuda"
        elif "directml" in lowered or "dml" in lowered:
            kind = "dml"
        elif not config:
            kind = "cpu" if "cpu" in lowered else "other"

    def number(value: Any) -> int | None:
        return int(value) if isinstance(value, int) else None

    return RemoteVariant(
        folder=folder,
        kind=kind,
        files=files,
        context_length=number(model.get("context_length")),
        num_layers=number(decoder.get("num_hidden_layers")),
        num_kv_heads=number(decoder.get("num_key_value_heads"))
        or number(decoder.get("num_attention_heads")),
        head_size=number(decoder.get("head_size")),
        vocab_size=number(model.get("vocab_size")),
    )
