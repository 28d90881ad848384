"""Managing libraries (issue 17): renaming one, removing one (or a file) while it is being
indexed, and the index following the conversations' encryption when it is turned on or off.

Real parts: the library index, the indexing process, the tiny ONNX embedding model, the
conversation store and SQLCipher; the CLI as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.library.embedding import OnnxEmbedder
from agentic_desk.core.library.indexer import IndexJob, IndexProgress, LibraryRemoved
from agentic_desk.core.library.service import Libraries
from agentic_desk.core.library.store import LibraryStore, open_beside
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder

SECRET = "Zanzibarquux"
OTHER_SECRET = "Quorvantine"


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_embedder(tmp_path_factory.mktemp("embedder") / "tiny-embedder")


@pytest.fixture
def conversations(tmp_path: Path) -> Iterator[ConversationStore]:
    with ConversationStore(tmp_path / "data" / "conversations.db") as store:
        yield store


@pytest.fixture
def libraries(conversations: ConversationStore, model_folder: Path) -> Iterator[Libraries]:
    with Libraries(open_beside(conversations), None) as libs:
        libs.set_embedder(OnnxEmbedder(model_folder, threads=1))
        yield libs


def raw_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def two_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    first, second = folder / "first.txt", folder / "second.txt"
    first.write_text(("The settlement with " + SECRET + " Holdings is confidential. ") * 80)
    second.write_text(("The lease of " + OTHER_SECRET + " Farm ends in May. ") * 80)
    return [first, second]


# ---- rename -----------------------------------------------------------------------------------


def test_rename_keeps_the_library_and_the_conversations_that_use_it(
    tmp_path: Path, libraries: Libraries, conversations: ConversationStore
) -> None:
    library = libraries.create("Case notes")
    libraries.add("Case notes", two_files(tmp_path / "docs")).run()
    conversation = conversations.create_conversation()
    conversations.set_libraries(conversation.id, [library.id])
    renamed = libraries.rename("Case notes", "  Case   notes 2026 ")
    assert (renamed.id, renamed.name) == (library.id, "Case notes 2026")
    assert [lib.name for lib in libraries.store.libraries()] == ["Case notes 2026"]
    # the conversation still uses it, and searching it by the new name works
    used = conversations.libraries_of(conversation.id)
    assert [libraries.store.library(i).name for i in used] == ["Case notes 2026"]
    hits = libraries.search(["Case notes 2026"], SECRET, mode="keyword")
    assert [h.library for h in hits][:1] == ["Case notes 2026"]
    with pytest.raises(AgenticDeskError, match="There is no library called “Case notes”"):
        libraries.get("Case notes")


def test_rename_refuses_empty_long_and_taken_names(libraries: Libraries) -> None:
    libraries.create("Letters")
    libraries.create("Bills")
    with pytest.raises(AgenticDeskError) as taken:
        libraries.rename("Bills", "letters")
    assert taken.value.message == "There is already a library called “Letters”."
    assert taken.value.hint == "Choose another name."
    with pytest.raises(AgenticDeskError, match=r"A library needs a name\."):
        libraries.rename("Bills", "   ")
    with pytest.raises(AgenticDeskError, match="at most 120 characters"):
        libraries.rename("Bills", "x" * 121)
    with pytest.raises(AgenticDeskError, match=r"There is no library called “Nope”\."):
        libraries.rename("Nope", "Other")
    assert libraries.rename("Bills", "BILLS").name == "BILLS"  # its own name, another case
    assert [lib.name for lib in libraries.store.libraries()] == ["BILLS", "Letters"]


# ---- removing while indexing ------------------------------------------------------------------


class Hold:
    """Holds the indexing at its last file's first embedding step (the indexing process
    waits for the parent's answer there) until the job is cancelled: a known point."""

    def __init__(self, job: IndexJob) -> None:
        self.reached = threading.Event()
        self.job = job
        job.on_progress(self)

    def __call__(self, progress: IndexProgress) -> None:
        last = progress.file_index == progress.files_total - 1
        if last and progress.stage == "embedding" and not self.reached.is_set():
            self.reached.set()
            assert self.job.cancel_event.wait(60), "nobody cancelled the held job"


@pytest.mark.parametrize("what", ["library", "file"])
def test_removing_while_indexing_stops_the_indexer_then_purges(
    tmp_path: Path, libraries: Libraries, what: str
) -> None:
    files = two_files(tmp_path / "docs")
    libraries.create("Busy")
    job = libraries.add("Busy", files)
    hold = Hold(job)
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(job.run())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    assert hold.reached.wait(60)
    db = libraries.store.path
    assert SECRET.encode() in raw_bytes(db)  # the first file is indexed
    if what == "library":
        libraries.remove("Busy")  # cancels the job and waits for it to stop
    else:
        libraries.remove("Busy", files[0])
        libraries.remove("Busy", files[1])
    thread.join(60)
    assert not thread.is_alive()
    assert isinstance(outcome[0], JobCancelled), outcome
    assert job.pid is None and job.ended
    raw = raw_bytes(db).lower()
    assert SECRET.lower().encode() not in raw
    assert OTHER_SECRET.lower().encode() not in raw
    if what == "library":
        assert libraries.store.libraries() == []
    else:
        assert libraries.files("Busy") == []
    assert libraries.store.search([], SECRET) == []


def test_a_removal_by_another_program_stops_the_indexer_at_a_safe_point(
    tmp_path: Path, model_folder: Path
) -> None:
    """Another program (``agentic-desk library remove`` beside the window) removes the
    library while this one indexes it: its indexing process finds out at its next step,
    writes nothing more and the job ends as removed, not with a database error."""
    db = tmp_path / "library.db"
    files = two_files(tmp_path / "docs")
    with LibraryStore(db) as store, LibraryStore(db) as elsewhere:
        library = store.create_library("Busy")
        job = IndexJob(store, library, files, OnnxEmbedder(model_folder, threads=1))
        removed = threading.Event()

        def remove_elsewhere(progress: IndexProgress) -> None:
            last = progress.file_index == progress.files_total - 1
            if last and progress.stage == "embedding" and not removed.is_set():
                removed.set()
                elsewhere.remove_library(library.id)

        job.on_progress(remove_elsewhere)
        with pytest.raises(LibraryRemoved) as stopped:
            job.run()
        assert stopped.value.message == "“Busy” was removed while it was being indexed."
        assert removed.is_set()
        assert store.libraries() == []
    raw = raw_bytes(db).lower()
    assert SECRET.lower().encode() not in raw and OTHER_SECRET.lower().encode() not in raw


def test_a_file_removed_by_another_program_is_not_added_back(
    tmp_path: Path, model_folder: Path
) -> None:
    db = tmp_path / "library.db"
    files = two_files(tmp_path / "docs")
    with LibraryStore(db) as store, LibraryStore(db) as elsewhere:
        library = store.create_library("Busy")
        job = IndexJob(store, library, files, OnnxEmbedder(model_folder, threads=1))

        def remove_elsewhere(progress: IndexProgress) -> None:
            if progress.file_index == 1 and progress.stage == "reading":
                assert elsewhere.remove_file(library.id, str(files[1].resolve()))

        job.on_progress(remove_elsewhere)
        result = job.run()
        assert result.indexed == [str(files[0].resolve())]
        assert result.skipped == [str(files[1].resolve())]
        assert [f.name for f in store.files(library.id)] == ["first.txt"]
    assert OTHER_SECRET.lower().encode() not in raw_bytes(db).lower()


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=180,
        check=False,
    )


def test_cli_rename_and_remove_while_another_command_indexes(
    tmp_path: Path, model_folder: Path
) -> None:
    env = {
        "AGENTIC_DESK_HOME": str(tmp_path / "home"),
        "AGENTIC_DESK_EMBEDDING_MODEL": str(model_folder),
    }
    files = two_files(tmp_path / "docs")
    assert run_cli("library", "create", "Case notes", env=env).returncode == 0
    assert run_cli("library", "create", "Bills", env=env).returncode == 0
    taken = run_cli("library", "rename", "Bills", "case notes", env=env)
    assert taken.returncode == 2
    assert "There is already a library called “Case notes”." in taken.stderr
    renamed = run_cli("library", "rename", "Case notes", "Cases", "2026", "--json", env=env)
    assert renamed.returncode == 0, renamed.stderr
    assert json.loads(renamed.stdout)["name"] == "Cases 2026"
    plain = run_cli("library", "rename", "Bills", "Invoices", env=env)
    assert "Renamed “Bills” to “Invoices”." in plain.stderr
    listed = json.loads(run_cli("library", "list", "--json", env=env).stdout)
    assert [x["name"] for x in listed] == ["Cases 2026", "Invoices"]
    # `library add` held at its last file (its first file indexed), `library remove` from
    # another process, then the add goes on: it stops, and nothing of either file is left
    adding = subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "library", "add", "Cases 2026", *map(str, files)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            **env,
            "AGENTIC_DESK_TEST_HOOKS": "1",
            "AGENTIC_DESK_TEST_INDEX_HOLD": "embedding",
        },
    )
    assert adding.stdin is not None and adding.stderr is not None
    lines = []
    for line in adding.stderr:
        lines.append(line)
        if "(held for a test)" in line:
            break
    db = next((tmp_path / "home").rglob("library.db"))
    assert SECRET.encode() in raw_bytes(db)
    removed = run_cli("library", "remove", "Cases 2026", env=env)
    assert removed.returncode == 0, removed.stderr
    adding.stdin.write("\n")
    adding.stdin.close()
    rest = adding.stderr.read()
    adding.stderr.close()
    assert adding.wait(120) == 1, "".join(lines) + rest
    assert "“Cases 2026” was removed while it was being indexed." in rest
    assert "Error" not in rest and "Traceback" not in rest
    raw = raw_bytes(db).lower()
    assert SECRET.lower().encode() not in raw and OTHER_SECRET.lower().encode() not in raw
    listed = json.loads(run_cli("library", "list", "--json", env=env).stdout)
    assert [x["name"] for x in listed] == ["Invoices"]


# ---- encryption -------------------------------------------------------------------------------


@pytest.fixture
def keyring_secrets() -> Iterator[object]:
    import uuid

    from agentic_desk.core.conversations import driver
    from agentic_desk.core.conversations.encryption import KEY_NAME
    from agentic_desk.core.secrets import SecretStore
    from keyring_helpers import missing_keyring, sqlcipher_missing_reason

    if not driver.available():
        pytest.skip(sqlcipher_missing_reason())
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    store = SecretStore(service=f"agentic-desk-test-{uuid.uuid4().hex[:12]}")
    yield store
    store.delete(KEY_NAME)


def _index_beside(context: Any, secrets: object, model_folder: Path, docs: Path) -> None:
    with (
        context.conversation_store(secrets) as conversations,
        Libraries(open_beside(conversations), None) as libs,
    ):
        libs.set_embedder(OnnxEmbedder(model_folder, threads=1))
        libs.create("Private")
        libs.add("Private", two_files(docs)).run()


def _search_beside(context: Any, secrets: object, model_folder: Path) -> list[str]:
    with (
        context.conversation_store(secrets) as conversations,
        Libraries(open_beside(conversations), None) as libs,
    ):
        libs.set_embedder(OnnxEmbedder(model_folder, threads=1))
        assert libs.store.encrypted == conversations.encrypted
        return sorted({h.file for h in libs.search(["Private"], SECRET)})


def test_turning_encryption_on_and_off_converts_the_library_index_too(
    tmp_path: Path, model_folder: Path, keyring_secrets: object
) -> None:
    from agentic_desk.core.context import AppContext
    from agentic_desk.core.conversations.driver import SQLITE_HEADER
    from agentic_desk.core.paths import AppPaths

    context = AppContext.load(AppPaths.for_root(tmp_path / "home").ensure())
    _index_beside(context, keyring_secrets, model_folder, tmp_path / "docs")
    db = context.paths.conversations_db.with_name("library.db")
    assert SECRET.encode() in raw_bytes(db)

    result = context.conversation_encryption_job(True, keyring_secrets).run()
    assert result.encrypted
    raw = raw_bytes(db)
    assert not raw.startswith(SQLITE_HEADER)
    assert SECRET.encode() not in raw and OTHER_SECRET.encode() not in raw
    leftovers = sorted(p.name for p in db.parent.iterdir() if p.name.startswith("library.db."))
    assert leftovers == []  # no plain copy left aside
    assert _search_beside(context, keyring_secrets, model_folder) == ["first.txt"]

    result = context.conversation_encryption_job(False, keyring_secrets).run()
    assert not result.encrypted
    assert db.read_bytes().startswith(SQLITE_HEADER)
    assert _search_beside(context, keyring_secrets, model_folder) == ["first.txt"]


def test_an_index_left_plain_is_finished_by_turning_encryption_on_again(
    tmp_path: Path, model_folder: Path, keyring_secrets: object
) -> None:
    """Conversations encrypted by a version that did not convert the index (or a failure
    after their swap): turning encryption on again converts the index and says so."""
    from agentic_desk.core.context import AppContext
    from agentic_desk.core.paths import AppPaths

    context = AppContext.load(AppPaths.for_root(tmp_path / "home").ensure())
    _index_beside(context, keyring_secrets, model_folder, tmp_path / "docs")
    db = context.paths.conversations_db.with_name("library.db")
    context.conversation_encryption_job(True, keyring_secrets, companions=()).run()
    assert SECRET.encode() in raw_bytes(db)  # left plain
    result = context.conversation_encryption_job(True, keyring_secrets).run()
    assert result.encrypted and result.rows > 0
    assert SECRET.encode() not in raw_bytes(db)
    assert _search_beside(context, keyring_secrets, model_folder) == ["first.txt"]
