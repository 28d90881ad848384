"""The local inference engine: a worker process owning an onnxruntime-genai model."""

from agentic_desk.core.engine.client import LocalEngine, ReplyConsumer, ReplyStream
from agentic_desk.core.engine.errors import EngineError
from agentic_desk.core.engine.protocol import (
    ChatMessage,
    GenerationParams,
    HoldPoint,
    Reply,
    ReplyStats,
    StopReason,
)

__all__ = [
    "ChatMessage",
    "EngineError",
    "GenerationParams",
    "HoldPoint",
    "LocalEngine",
    "Reply",
    "ReplyConsumer",
    "ReplyStats",
    "ReplyStream",
    "StopReason",
]
