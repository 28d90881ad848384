"""Sentence embeddings with a small local ONNX model, in a worker process.

An :class:`Embedder` turns texts into L2-normalised ``float32`` vectors
(``embed(texts) -> array[len(texts), dimension]``) and names its model (``model_id``), so
an index built with one model is never searched with another.

* :class:`OnnxEmbedder` runs a sentence-embedding model folder in this process with
  onnxruntime: ``model.onnx`` (or ``onnx/model.onnx``) taking ``input_ids`` and
  ``attention_mask`` (and ``token_type_ids`` if it wants them) and giving token states
  (mean-pooled here over the mask) or one vector per text; ``tokenizer.json`` for the
  ``tokenizers`` library. That is the layout of the ONNX exports of all-MiniLM-L6-v2,
  bge-small-en-v1.5 and multilingual-e5-small that the model manager downloads.
* :class:`EmbeddingWorker` runs an :class:`OnnxEmbedder` in a child process (spawned, so
  never on the GUI thread and never holding the GUI process's GIL) and answers over a
  pipe; :meth:`EmbeddingWorker.memory_bytes` is the child's resident memory.

The tests and CI use a model built on the spot by
:mod:`agentic_desk.core.library.tiny_embedder` (no download).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

MAX_TOKENS = 256  # longer passages are truncated (chunks are ~900 characters)
BATCH = 16
WORKER_NICENESS = 10  # the worker's lower scheduling priority (POSIX nice)

Vectors = npt.NDArray[np.float32]


class EmbeddingError(AgenticDeskError):
    """The embedding model could not be loaded or run."""


class Embedder(Protocol):
    """What the library needs of an embedding model."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def normalise(vectors: npt.NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (a zero row stays zero), as float32."""
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = (array / norms).astype(np.float32)
    return result


def model_file(folder: Path) -> Path:
    for candidate in (folder / "model.onnx", folder / "onnx" / "model.onnx"):
        if candidate.is_file():
            return candidate
    raise EmbeddingError(
        t("The embedding model folder {path} has no model.onnx.", path=folder),
        t("Download the embedding model again from Models."),
    )


def folder_model_id(folder: Path) -> str:
    """The folder's name and a short hash of its model file (size, first and last MiB)
    and tokenizer: an index records it and is rebuilt when the model changes."""
    onnx_file = model_file(folder)
    digest = hashlib.sha256()
    size = onnx_file.stat().st_size
    digest.update(str(size).encode())
    with onnx_file.open("rb") as file:
        digest.update(file.read(1024 * 1024))
        file.seek(max(0, size - 1024 * 1024))
        digest.update(file.read(1024 * 1024))
    tokenizer = folder / "tokenizer.json"
    if tokenizer.is_file():
        digest.update(tokenizer.read_bytes())
    return f"{folder.name}@{digest.hexdigest()[:12]}"


class OnnxEmbedder:
    """A sentence-embedding model folder run with onnxruntime in this process (see the
    module docs). ``threads``: onnxruntime's intra-op threads (0: its default)."""

    def __init__(self, folder: Path, *, threads: int = 0, max_tokens: int = MAX_TOKENS) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        onnx_file = model_file(self.folder)
        tokenizer_file = self.folder / "tokenizer.json"
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
            options = ort.SessionOptions()
            if threads:
                options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(
                str(onnx_file), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise EmbeddingError(
                t(
                    "The embedding model in {path} could not be loaded ({reason}).",
                    path=self.folder,
                    reason=exc,
                ),
                t("Download the embedding model again from Models."),
            ) from exc
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._model_id = folder_model_id(self.folder)
        self._dimension = int(self.embed(["dimension probe"]).shape[1])

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, getattr(self, "_dimension", 0)), dtype=np.float32)
        out: list[Vectors] = []
        # batches of similar length waste less padding
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), BATCH):
            batch = [texts[i] for i in order[begin : begin + BATCH]]
            out.append(self._embed_batch(batch))
        stacked = np.concatenate(out)
        result = np.empty_like(stacked)
        result[np.array(order)] = stacked
        return result

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        length = max(1, *(len(e.ids) for e in encodings))
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds: dict[str, npt.NDArray[np.int64]] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        feeds = {k: v for k, v in feeds.items() if k in self._inputs}
        output = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        if output.ndim == 3:  # token states: mean over the real tokens
            weights = mask[:, :, None].astype(np.float32)
            output = (output * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return normalise(output)


# ---- the worker process --------------------------------------------------------------------


def _serve(connection: multiprocessing.connection.Connection, folder: str, threads: int) -> None:
    """The child's loop: load the model, then answer ``("embed", texts)`` until ``None``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C cancels the job, not the worker
    _lower_priority()
    try:
        embedder = OnnxEmbedder(Path(folder), threads=threads)
    except AgenticDeskError as exc:
        connection.send(("error", exc.message, exc.hint))
        return
    connection.send(("ready", embedder.model_id, embedder.dimension))
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            connection.send(("ok", embedder.embed(request)))
        except Exception as exc:  # the parent raises it as an EmbeddingError
            connection.send(("error", str(exc), ""))


def _lower_priority() -> None:
    """Indexing is background work: the window's thread goes first when cores are busy."""
    try:
        if hasattr(os, "nice"):
            os.nice(WORKER_NICENESS)
        else:  # Windows
            import psutil

            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
    except (OSError, AttributeError, ImportError):
        pass


class EmbeddingWorker:
    """An :class:`OnnxEmbedder` in a child process (see the module docs). Thread-safe:
    one request at a time. Close it with :meth:`close` (or use it as a context manager)."""

    def __init__(self, folder: Path, *, threads: int = 0) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._connection = parent
        self._lock = threading.Lock()
        self._process = context.Process(
            target=_serve,
            args=(child, str(folder), threads),
            name="embedding-worker",
            daemon=True,
        )
        self._process.start()
        child.close()
        try:
            reply = parent.recv()
        except EOFError as exc:
            self.close()
            raise EmbeddingError(
                t("The embedding worker stopped while loading the model."),
                t("Download the embedding model again from Models."),
            ) from exc
        if reply[0] == "error":
            self.close()
            raise EmbeddingError(reply[1], reply[2])
        self._model_id = str(reply[1])
        self._dimension = int(reply[2])

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            try:
                self._connection.send(list(texts))
                reply = self._connection.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                raise EmbeddingError(
                    t("The embedding worker stopped unexpectedly."),
                    t("Try again; if it keeps happening, download the embedding model again."),
                ) from exc
        if reply[0] != "ok":
            raise EmbeddingError(t("The embedding model failed: {reason}", reason=reply[1]))
        return np.asarray(reply[1], dtype=np.float32)

    def memory_bytes(self) -> int | None:
        """The worker's resident memory (RSS), None when it cannot be read."""
        pid = self._process.pid
        if pid is None:
            return None
        try:
            import psutil

            return int(psutil.Process(pid).memory_info().rss)
        except Exception:  # gone, or no permission
            return None

    def close(self) -> None:
        with self._lock:
            if self._process.is_alive():
                with contextlib.suppress(OSError):
                    self._connection.send(None)
                self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._connection.close()

    def __enter__(self) -> EmbeddingWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_threads() -> int:
    """Half the cores (at least one): indexing leaves room for the window."""
    return max(1, (os.cpu_count() or 2) // 2)


__all__ = [
    "Embedder",
    "EmbeddingError",
    "EmbeddingWorker",
    "OnnxEmbedder",
    "Vectors",
    "default_threads",
    "folder_model_id",
    "normalise",
]
