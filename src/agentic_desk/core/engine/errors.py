"""Typed, user-facing errors of the local engine.

Every error says what happened and what to do next, in words a user understands.
``kind`` is a stable identifier so errors can cross the worker pipe and be
rebuilt on the other side (see :func:`error_from_kind`).
"""

from __future__ import annotations

from agentic_desk.core.errors import AgenticDeskError


class EngineError(AgenticDeskError):
    """Base of all local-engine errors."""

    kind = "engine"


class ModelFolderError(EngineError):
    """A model folder cannot be used; ``kind`` names the exact problem."""

    kind = "model_folder"


class FolderMissing(ModelFolderError):
    kind = "folder_missing"


class ConfigMissing(ModelFolderError):
    kind = "config_missing"


class ConfigInvalid(ModelFolderError):
    kind = "config_invalid"


class ConfigFieldsMissing(ModelFolderError):
    kind = "config_fields_missing"


class UnsupportedModelType(ModelFolderError):
    kind = "unsupported_model_type"


class ModelFileMissing(ModelFolderError):
    kind = "model_file_missing"


class ExternalWeightsMissing(ModelFolderError):
    kind = "external_weights_missing"


class ExternalWeightsTruncated(ModelFolderError):
    kind = "external_weights_truncated"


class TokenizerMissing(ModelFolderError):
    kind = "tokenizer_missing"


class TokenizerUnreadable(ModelFolderError):
    kind = "tokenizer_unreadable"


class ContextTooLong(ModelFolderError):
    kind = "context_too_long"


class NotEnoughMemory(EngineError):
    """The model (with the smallest useful context, or the one set) does not fit in memory."""

    kind = "not_enough_memory"


class ProviderUnavailable(EngineError):
    kind = "provider_unavailable"


class ModelLoadFailed(EngineError):
    kind = "model_load_failed"


class LoadCancelled(EngineError):
    kind = "load_cancelled"


class NoModelLoaded(EngineError):
    kind = "no_model_loaded"


class PromptTooLong(EngineError):
    kind = "prompt_too_long"


class WorkerCrashed(EngineError):
    kind = "worker_crashed"


class GenerationFailed(EngineError):
    kind = "generation_failed"


def _all_subclasses(cls: type[EngineError]) -> list[type[EngineError]]:
    out: list[type[EngineError]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


def error_from_kind(kind: str, message: str, hint: str) -> EngineError:
    """Rebuild a typed error from its ``kind`` (used on the caller's side of the pipe)."""
    classes: list[type[EngineError]] = [EngineError, *_all_subclasses(EngineError)]
    for cls in classes:
        if cls.kind == kind:
            return cls(message, hint)
    return EngineError(message, hint)
