"""Chat with local documents (issue 17): libraries of files, searched for each question,
cited in the answer. Nothing leaves the computer: parsing, the index and the embedding
model are all local.

How a front end uses it (the CLI does exactly this, see ``agentic_desk.cli_library``)::

    from agentic_desk.core.library.service import Libraries

    libraries = Libraries.beside(conversation_store, context.models_folder)
    libraries.create("Case notes")                      # LibraryError if the name is taken
    job = libraries.add("Case notes", [Path("~/Letters"), Path("report.pdf")])
    job.on_progress(show)        # IndexProgress: file, stage, file_fraction, overall, message
    result = job.run()           # on a worker thread (ui.jobs.JobRunner), which only relays the
                                 # indexing process's progress; job.cancel() stops that process
                                 # between files and embedding batches (JobCancelled); a dead
                                 # process raises IndexingStopped (what is left stays pending)
    libraries.resume("Case notes")  # an IndexJob for files left pending (after a restart)
    libraries.summaries()        # LibrarySummary per library: files, passages, failures,
                                 # files with sensitive data
    libraries.files("Case notes")   # FileRecord: status, error + hint, findings, pages
    libraries.search(["Case notes"], "notice period")   # [Hit]: file, page, heading, text
    libraries.rename("Case notes", "Case notes 2026")  # LibraryError: empty, too long, taken
    libraries.remove("Case notes", path)   # one file, or the whole library (path None); a job
                                           # of it made here is stopped and waited for first

    conversation_store.set_libraries(conversation_id, [library.id])  # it uses them now
    ChatTurn(store, service, libraries=libraries).run(...)
    # -> TurnEvent Retrieved(citations, tokens, budget_tokens) before the reply, and
    #    PrivacyRaised when a library holds sensitive data; the reply's meta has
    #    "citations": [{n, file, path, page, heading, text, chunk_id, library, start,
    #    end}] and "library_context": {passages, tokens, budget_tokens}
    libraries.store.chunk(chunk_id)   # the passage a citation points at (to open it)
    libraries.close()                 # stops the embedding worker process

Modules: :mod:`.parsing` (files to text with pages and headings), :mod:`.chunking`
(passages), :mod:`.embedding` (the ONNX embedding model and its worker process),
:mod:`.tiny_embedder` (a test model built on the spot), :mod:`.store` (the SQLite index:
FTS5, vectors, hybrid search, purge), :mod:`.indexer` (the indexing job),
:mod:`.retrieval` (passages for a question within a token budget; citations),
:mod:`.privacy` (a library's findings raise a conversation), :mod:`.service` (the
entry point above).
"""
