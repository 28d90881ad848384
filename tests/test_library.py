"""The document library: parsing each format, chunks, the index, search, indexing jobs."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import numpy as np
import pytest

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.library.chunking import chunk_document
from agentic_desk.core.library.embedding import EmbeddingWorker, OnnxEmbedder
from agentic_desk.core.library.indexer import IndexJob, IndexProgress
from agentic_desk.core.library.parsing import DocumentError, parse
from agentic_desk.core.library.retrieval import Retriever, estimate_tokens, passage_budget_tokens
from agentic_desk.core.library.store import LibraryStore, keyword_query, reciprocal_rank_fusion
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder
from library_helpers import (
    write_docx,
    write_encrypted_pdf,
    write_html,
    write_odt,
    write_pdf,
)

BLOCKS = [
    ("h1", "Discharge summary"),
    ("p", "The patient was admitted with chest pain on 3 March."),
    ("h2", "Medication"),
    ("p", "Atorvastatin 20 mg once daily at night."),
]


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_embedder(tmp_path_factory.mktemp("embedder") / "tiny-embedder")


@pytest.fixture(scope="module")
def embedder(model_folder: Path) -> OnnxEmbedder:
    return OnnxEmbedder(model_folder, threads=1)


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    with LibraryStore(tmp_path / "library.db") as opened:
        yield opened


# ---- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", [write_docx, write_odt, write_html])
def test_structured_formats_keep_headings_and_paragraphs(tmp_path: Path, writer) -> None:
    suffix = {write_docx: ".docx", write_odt: ".odt", write_html: ".html"}[writer]
    document = parse(writer(tmp_path / f"summary{suffix}", BLOCKS))
    texts = [document.text[b.start : b.end] for b in document.blocks]
    assert texts == [text for _style, text in BLOCKS]
    assert [b.is_heading for b in document.blocks] == [True, False, True, False]
    assert document.blocks[3].heading == "Discharge summary > Medication"
    assert "never indexed" not in document.text  # scripts in HTML are not text


def test_markdown_and_text_keep_the_files_own_text(tmp_path: Path) -> None:
    source = "# Letter\n\nDear Dr Patel,\n\n## Plan\nReview in six weeks.\n"
    path = tmp_path / "letter.md"
    path.write_text(source, encoding="utf-8")
    document = parse(path)
    assert document.text == source
    assert [document.text[b.start : b.end] for b in document.blocks] == [
        "# Letter",
        "Dear Dr Patel,",
        "## Plan",
        "Review in six weeks.",
    ]
    assert document.blocks[-1].heading == "Letter > Plan"


def test_pdf_pages_are_numbered(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "report.pdf", ["First page about budgets.", "", "Third page: risks."]
    )
    document = parse(path)
    assert document.pages == 3
    pages = {document.text[b.start : b.end]: b.page for b in document.blocks}
    assert pages == {"First page about budgets.": 1, "Third page: risks.": 3}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.pdf", b"%PDF-1.7\n this is not really a pdf", "not a PDF that can be read"),
        ("junk.docx", None, "not a Word document that can be read"),
        ("junk.odt", b"PK\x03\x04 not a zip at all", "not an OpenDocument text"),
        ("empty.txt", b"", "is empty (0 bytes)"),
        ("photo.jpg", b"\xff\xd8\xff", "files of this kind (.jpg) cannot be added"),
        ("binary.txt", b"\x00\x01\x02abc", "not a text file"),
    ],
)
def test_bad_files_give_clear_errors(
    tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is None:  # a zip of junk named .docx
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("junk.bin", b"\x00" * 100)
    else:
        path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        parse(path)
    assert expected in caught.value.message
    assert name in caught.value.message
    assert isinstance(caught.value, AgenticDeskError)


def test_refused_format_lists_what_works(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(DocumentError) as caught:
        parse(path)
    assert caught.value.hint == "These can: .txt, .md, .docx, .pdf, .odt, .html."


def test_scanned_and_encrypted_pdfs_say_so(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no text layer: it looks like a scanned PDF"):
        parse(write_pdf(tmp_path / "scan.pdf", ["", ""]))
    with pytest.raises(DocumentError, match="protected with a password"):
        parse(write_encrypted_pdf(tmp_path / "locked.pdf", "Secret contract terms."))


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:  # sparse: 2 GB long, nothing written
        file.truncate(2 * 1024**3)
    with pytest.raises(DocumentError, match=r"too large to index \(2048 MB; the limit is 200 MB\)"):
        parse(path)


# ---- chunking --------------------------------------------------------------------------------


def test_chunks_slice_back_respect_headings_and_overlap(tmp_path: Path) -> None:
    sentences = " ".join(f"Sentence number {i} about the tenancy deposit." for i in range(80))
    source = (
        f"# Tenancy\n\nShort intro.\n\n## Deposit\n\n{sentences}\n\n"
        "## Repairs\n\nThe landlord fixes the boiler.\n"
    )
    path = tmp_path / "tenancy.md"
    path.write_text(source)
    document = parse(path)
    chunks = chunk_document(document, size=600, overlap=120)
    for chunk in chunks:
        assert source[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 600
    # no chunk crosses a heading
    assert all(not ("## Deposit" in c.text and "## Repairs" in c.text) for c in chunks)
    deposit = [c for c in chunks if c.heading == "Tenancy > Deposit"]
    assert len(deposit) >= 4
    for before, after in itertools.pairwise(deposit):
        assert after.start < before.end  # consecutive pieces overlap
    assert chunks[-1].heading == "Tenancy > Repairs"
    assert chunks[-1].text.endswith("The landlord fixes the boiler.")


def test_pdf_chunks_carry_their_page_and_never_cross_one(tmp_path: Path) -> None:
    document = parse(write_pdf(tmp_path / "r.pdf", ["Alpha page text.", "", "Gamma page text."]))
    chunks = chunk_document(document)
    assert [(c.page, c.text) for c in chunks] == [(1, "Alpha page text."), (3, "Gamma page text.")]


# ---- embeddings --------------------------------------------------------------------------------


def test_embeddings_are_normalised_and_order_is_kept(embedder: OnnxEmbedder) -> None:
    texts = ["patient seen in clinic", "a", "the contract payment terms and notice period"]
    vectors = embedder.embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, embedder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = embedder.embed([texts[2]])[0]
    assert np.allclose(vectors[2], alone, atol=1e-5)  # batching by length keeps the order


def test_the_worker_process_embeds_like_the_model(
    model_folder: Path, embedder: OnnxEmbedder
) -> None:
    with EmbeddingWorker(model_folder, threads=1) as worker:
        assert worker.model_id == embedder.model_id
        assert worker.pid is not None and worker.pid != __import__("os").getpid()
        got = worker.embed(["deposit returned within ten days"])
        memory = worker.memory_bytes()
    assert np.allclose(got, embedder.embed(["deposit returned within ten days"]), atol=1e-5)
    assert memory is not None and memory > 10 * 1024 * 1024


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AgenticDeskError, match=r"has no model\.onnx"):
        OnnxEmbedder(tmp_path)


# ---- store and search -------------------------------------------------------------------------


def test_keyword_query_is_safe_and_drops_stop_words() -> None:
    assert (
        keyword_query('What is the "deposit" NEAR( amount*?') == '"deposit" OR "near" OR "amount"'
    )
    assert keyword_query("   ") is None


def test_rrf_rewards_agreement() -> None:
    scores = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]])
    assert max(scores, key=scores.__getitem__) == 1
    assert scores[3] > scores[2]


def _index(store: LibraryStore, embedder, paths, name: str = "Notes"):
    library = store.create_library(name)
    result = IndexJob(store, library, paths, embedder).run()
    return library, result


def test_search_finds_the_passage_in_each_mode(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_docx(docs / "discharge.docx", BLOCKS)
    (docs / "tenancy.txt").write_text("The deposit of 1200 pounds is returned within 10 days.")
    write_pdf(docs / "budget.pdf", ["Revenue grew by 4 percent.", "Staff costs rose sharply."])
    library, result = _index(store, embedder, [docs])
    assert sorted(Path(p).name for p in result.indexed) == [
        "budget.pdf",
        "discharge.docx",
        "tenancy.txt",
    ]
    question = "when is the deposit returned"
    vector = embedder.embed([question])[0]
    for mode in ("keyword", "vector", "hybrid"):
        hits = store.search([library.id], question, query_vector=vector, mode=mode, limit=3)
        assert hits[0].file == "tenancy.txt", mode
    hits = store.search(
        [library.id], "staff costs", query_vector=embedder.embed(["staff costs"])[0]
    )
    assert (hits[0].file, hits[0].page) == ("budget.pdf", 2)


def test_reindex_skips_unchanged_files_and_redoes_changed_ones(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Alpha text about invoices.")
    b.write_text("Beta text about warranties.")
    library, first = _index(store, embedder, [a, b])
    assert len(first.indexed) == 2
    b.write_text("Beta text about liability now.")
    again = IndexJob(store, library, [a, b], embedder).run()
    assert again.skipped == [str(a.resolve())]
    assert again.indexed == [str(b.resolve())]
    hits = store.search([library.id], "liability", mode="keyword")
    assert [h.file for h in hits] == ["b.txt"]
    assert store.search([library.id], "warranties", mode="keyword") == []


def test_bad_files_fail_one_by_one_while_the_rest_index(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("A perfectly good note about the boiler.")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    write_encrypted_pdf(docs / "locked.pdf", "hidden")
    (docs / "empty.md").write_bytes(b"")
    with (docs / "huge.txt").open("wb") as file:
        file.truncate(2 * 1024**3)
    library, result = _index(store, embedder, [docs])
    assert [Path(p).name for p in result.indexed] == ["good.txt"]
    assert sorted(Path(p).name for p in result.failed) == [
        "broken.pdf",
        "empty.md",
        "huge.txt",
        "locked.pdf",
    ]
    states = {f.name: (f.status, f.error) for f in store.files(library.id)}
    assert states["good.txt"] == ("indexed", None)
    assert states["huge.txt"][0] == "error" and "too large" in (states["huge.txt"][1] or "")


def test_findings_are_stored_per_file(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    (tmp_path / "letter.txt").write_text("Please write to jane.doe@example.com about it.")
    (tmp_path / "plain.txt").write_text("Nothing sensitive here at all.")
    library, _ = _index(store, embedder, [tmp_path / "letter.txt", tmp_path / "plain.txt"])
    assert store.findings([library.id]) == {"letter.txt": {"email": 1}}


def test_cancel_then_resume(tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder) -> None:
    files = []
    for i in range(4):
        path = tmp_path / f"n{i}.txt"
        path.write_text(f"Note {i} about topic{i}.")
        files.append(path)
    library = store.create_library("Notes")
    job = IndexJob(store, library, files, embedder)
    seen: list[IndexProgress] = []

    def stop_after_first(progress: IndexProgress) -> None:
        seen.append(progress)
        if progress.stage == "indexed":
            job.cancel()

    job.on_progress(stop_after_first)
    with pytest.raises(JobCancelled):
        job.run()
    states = [f.status for f in store.files(library.id)]
    assert states == ["indexed", "pending", "pending", "pending"]
    # as after a restart: a new store on the same file, and the job resumes
    store.close()
    with LibraryStore(tmp_path / "library.db") as reopened:
        result = IndexJob.resume(reopened, reopened.library("Notes"), embedder).run()
        assert len(result.indexed) == 3
        assert [f.status for f in reopened.files(library.id)] == ["indexed"] * 4
    assert seen[0].files_total == 4 and 0.0 <= seen[0].overall <= 1.0


def test_removing_a_document_leaves_no_text_in_the_database_bytes(
    tmp_path: Path, embedder: OnnxEmbedder
) -> None:
    secret = "Zanzibarquux"
    keep, purge = tmp_path / "keep.txt", tmp_path / "purge.txt"
    keep.write_text("An ordinary note about the garden.")
    purge.write_text(("Confidential settlement with " + secret + " Holdings. ") * 200)
    db = tmp_path / "library.db"
    with LibraryStore(db) as store:
        library, _ = _index(store, embedder, [keep, purge])
        assert secret.encode() in _raw_bytes(db)
        assert store.remove_file(library.id, str(purge.resolve()))
        assert store.search([library.id], secret, mode="keyword") == []
        assert secret.encode() not in _raw_bytes(db)
        assert secret.lower().encode() not in _raw_bytes(db).lower()
        other = store.create_library("Other")
        IndexJob(store, other, [purge], embedder).run()
        assert secret.encode() in _raw_bytes(db)
        store.remove_library(other.id)
        assert secret.lower().encode() not in _raw_bytes(db).lower()
        assert [lib.name for lib in store.libraries()] == ["Notes"]
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def _raw_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def test_retrieval_fits_the_budget_and_cites_its_passages(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Boiler\n\nThe boiler was serviced on 4 May.\n\n"
        "# Garden\n\nThe hedge is trimmed in June.\n"
    )
    library, _ = _index(store, embedder, [path])
    retrieval = Retriever(store, embedder).retrieve([library.id], "when was the boiler serviced")
    first = retrieval.citations()[0]
    assert (first["file"], first["heading"]) == ("notes.md", "Boiler")
    source = path.read_text()
    assert source[first["start"] : first["end"]] == first["text"]
    assert "[1] notes.md, Boiler\n# Boiler" in retrieval.prompt_text()
    tight = Retriever(store, embedder).retrieve([library.id], "boiler", budget_tokens=60)
    assert 0 < tight.tokens <= 60
    assert estimate_tokens(tight.prompt_text()) == tight.tokens
    assert len(tight.passages) == 1
    assert passage_budget_tokens(4096, prompt_tokens=3000, reply_tokens=1000) == 48
    assert passage_budget_tokens(None) == 2000


def test_store_is_thread_safe_for_search_while_indexing(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    for i in range(6):
        (tmp_path / f"d{i}.txt").write_text(f"Document {i} mentions invoices and warranties.")
    library = store.create_library("Busy")
    errors: list[BaseException] = []

    def search() -> None:
        try:
            for _ in range(20):
                store.search([library.id], "invoices", mode="keyword")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=search)
    thread.start()
    IndexJob(store, library, sorted(tmp_path.glob("d*.txt")), embedder).run()
    thread.join()
    assert not errors
    assert store.chunk_count([library.id]) == 6


def test_the_index_is_encrypted_when_the_conversations_are(
    tmp_path: Path, embedder: OnnxEmbedder
) -> None:
    import secrets

    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.conversations.driver import SQLITE_HEADER
    from agentic_desk.core.library.store import open_beside

    secret = "Quorvantine"
    (tmp_path / "note.txt").write_text(f"The settlement with {secret} is confidential.")
    key = secrets.token_hex(32)
    with (
        ConversationStore(tmp_path / "data" / "conversations.db", key=key) as conversations,
        open_beside(conversations) as store,
    ):
        assert store.path == tmp_path / "data" / "library.db"
        library = store.create_library("Private")
        IndexJob(store, library, [tmp_path / "note.txt"], embedder).run()
        found = store.search([library.id], secret, mode="keyword")
        assert [h.file for h in found] == ["note.txt"]
    raw = _raw_bytes(tmp_path / "data" / "library.db")
    assert not raw.startswith(SQLITE_HEADER)
    assert secret.encode() not in raw
    with (
        ConversationStore(tmp_path / "plain" / "conversations.db") as plain,
        open_beside(plain) as store,
    ):
        store.create_library("Plain")
    assert (tmp_path / "plain" / "library.db").read_bytes().startswith(SQLITE_HEADER)


def test_a_long_document_is_scanned_in_pieces_and_every_finding_counts(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    from agentic_desk.core.library.indexer import SCAN_PIECE

    lines = [f"Line {i}: nothing to see in this sentence at all." for i in range(2000)]
    for i in range(0, 2000, 250):  # 8 addresses spread over ~100,000 characters
        lines[i] = f"Line {i}: write to person{i}@example.org about it."
    text = "\n".join(lines)
    assert len(text) > 10 * SCAN_PIECE
    (tmp_path / "long.txt").write_text(text)
    library, _ = _index(store, embedder, [tmp_path / "long.txt"])
    assert store.findings([library.id]) == {"long.txt": {"email": 8}}


def test_vectors_of_another_model_are_not_searched(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    (tmp_path / "a.txt").write_text("The boiler was serviced in May.")
    library, _ = _index(store, embedder, [tmp_path / "a.txt"])
    assert store.vectors_match([library.id], embedder.model_id)
    assert not store.vectors_match([library.id], "another-model@123")
    other = build_tiny_embedder(tmp_path / "other", seed=99, dimension=embedder.dimension)
    retrieval = Retriever(store, OnnxEmbedder(other)).retrieve([library.id], "boiler serviced")
    assert [h.vector_rank for h in retrieval.passages] == [None]  # keyword only
    assert [h.keyword_rank for h in retrieval.passages] == [1]
