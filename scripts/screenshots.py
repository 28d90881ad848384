"""Screenshots of every view of the real app: the chat (a real reply from the model, then a
long reply with a code block and a table), Models, Documents (a library with a file that
cannot be read and one with an e-mail address), a reply with its sources, and each
Settings section, at 800x600 and 1600x1000, in the light, dark and high-contrast themes,
written to build/screenshots/
(``view-theme-WxH.png``). Each view is also checked for controls that are cut off or lie
outside the window, and for a sideways scroll bar in the chat; problems are listed and the
exit code is 1.

Run it through ``scripts/screenshots.sh`` (which starts Xvfb when it is installed). It uses
a fresh, temporary data folder, never yours. The model is ``--model PATH``, else
``../shared/models/smollm2-135m-instruct-cpu-int4`` when it is there, else a tiny model built
with ``tests/tiny_models.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]
REAL_MODEL = REPO.parent / "shared" / "models" / "smollm2-135m-instruct-cpu-int4"
SIZES = ((800, 600), (1600, 1000))
THEMES = ("light", "dark", "high_contrast")
LONG_REPLY = (
    "Here is a function that reads a file safely, and a table of what it returns. "
    "The explanation goes on for a few sentences so that the reply wraps over several "
    "lines at any window size; on a wide screen it keeps a comfortable reading width.\n\n"
    "```python\nfrom pathlib import Path\n\n\ndef read(path: str) -> str:\n"
    "    # never crash on a missing file; a long comment runs past the edge of the block "
    "and scrolls sideways inside it\n"
    '    p = Path(path)\n    return p.read_text() if p.exists() else ""\n```\n\n'
    "| Case | Result | What the caller sees |\n|---|---|---|\n"
    '| the file exists | its text | the text |\n| no such file | `""` | an empty string |\n\n'
    "See [pathlib](https://docs.python.org/3/library/pathlib.html) for more."
)


def wait_for(signal: Any, timeout_ms: int, start: Any = None) -> bool:
    """Run Qt's event loop until ``signal`` fires (after calling ``start``)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: Any) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    if start is not None:
        start()
    if not fired:
        loop.exec()
    signal.disconnect(done)
    return bool(fired)


def settle() -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)  # let posted layout requests and repaints run
    loop.exec()


def pick_model(given: str | None, scratch: Path) -> Path:
    if given:
        return Path(given)
    if (REAL_MODEL / "genai_config.json").is_file():
        return REAL_MODEL
    import tiny_models

    print("The real model is not there: using a tiny model (its replies are scripted).")
    return Path(tiny_models.build_scripted_model(scratch / "tiny-model"))


DOCUMENTS = {
    "tenancy.md": "# Tenancy\n\nThe deposit of 1200 pounds is returned within 10 days of the "
    "end of the tenancy.\n\n# Repairs\n\nThe landlord repairs the boiler within 48 hours.\n",
    "contact.md": "# Contact\n\nFor the results write to jane.doe@example.com.\n",
    "notes.txt": "Call the plumber about the boiler on Monday.\n",
    "scan.pdf": "%PDF-1.7\n this is not really a pdf",
}


def documents_and_sources(window: Any, scratch: Path, problems: list[str]) -> str:
    """Issue 17: a library with a few files (one with an e-mail address, one that cannot
    be read), indexed through the window; a conversation that uses it and a real reply
    with its sources. Returns that conversation's id."""
    folder = scratch / "documents"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    hub = window.library_hub
    wait_for(hub.changed, 10_000, lambda: hub.create("Flat"))
    if not wait_for(hub.idle, 60_000, lambda: hub.add("Flat", [folder])):
        problems.append("the documents were not indexed within a minute")
    wait_for(hub.changed, 10_000, hub.refresh)
    store = window.store
    conv = store.create_conversation(title="The deposit")
    store.set_libraries(conv.id, [row.library.id for row in hub.rows if row.name == "Flat"])
    window.refresh_list()
    wait_for(window.view_ready, 10_000, lambda: window.open_conversation(conv.id))
    window.input.setPlainText("When is the deposit returned?")
    if not wait_for(window.controller.reply_finished, 180_000, window.send_current):
        problems.append("the model did not answer the question about the documents")
    wait_for(window.view_ready, 10_000)
    return conv.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="a model folder (default: see the module's text)")
    parser.add_argument("--out", default=str(REPO / "build" / "screenshots"))
    parser.add_argument("--themes", default=",".join(THEMES))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="agentic-desk-shots-"))
    os.environ["AGENTIC_DESK_HOME"] = str(scratch / "home")  # never the user's data
    # issue 17: the tiny embedding model the tests use (no download)
    from agentic_desk.core.library.tiny_embedder import build_tiny_embedder

    os.environ["AGENTIC_DESK_EMBEDDING_MODEL"] = str(build_tiny_embedder(scratch / "embedder"))

    import qasync
    from PySide6.QtWidgets import QApplication

    from agentic_desk.ui.app import apply_theme, open_window
    from layout_checks import clipped_controls, horizontal_scrollbars

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Agentic Desk")
    loop = qasync.QEventLoop(app)
    model = pick_model(args.model, scratch)
    print(f"Platform: {app.platformName()}; model: {model}")
    opened = open_window(loop, model=str(model), ask_hub=False)
    assert opened is not None
    window, engine, _theme = opened
    problems: list[str] = []
    try:
        window.show()
        wait_for(window.view_ready, 30_000)
        # a real turn through the real engine, then a long stored reply with code and a table
        window.input.setPlainText("Say hello in one short sentence.")
        if not wait_for(window.controller.reply_finished, 180_000, window.send_current):
            problems.append("the model did not answer within three minutes")
        wait_for(window.view_ready, 10_000)
        store = window.store
        conv = store.create_conversation(title="Reading a file safely")
        store.add_user_message(conv.id, "How do I read a file without crashing?")
        reply = store.begin_reply(conv.id)
        store.finish_reply(
            reply.id,
            LONG_REPLY,
            meta={
                "where": "Local",
                "model": str(model),
                "execution_provider": "cpu",
                "tokens_per_s": 42.0,
                "completion_tokens": 120,
                "provider": "local",
            },
        )
        window.refresh_list()
        wait_for(window.view_ready, 10_000, lambda: window.open_conversation(conv.id))
        sources_id = documents_and_sources(window, scratch, problems)
        nav = window.settings_view.nav
        for theme in args.themes.split(","):
            apply_theme(app, theme)
            for width, height in SIZES:
                window.resize(width, height)
                settle()

                def folded(on: bool = True) -> None:
                    window.show_chat()
                    window.sidebar.set_collapsed(on)

                views: list[tuple[str, Any]] = [
                    ("chat", window.show_chat),
                    ("chat-list-folded", folded),  # Ctrl+B: the page buttons stay
                    ("models", lambda: folded(False) or window.show_models()),
                    ("documents", window.show_documents),  # issue 17
                    (
                        "chat-sources",
                        lambda: (
                            window.show_chat()
                            or wait_for(
                                window.view_ready,
                                10_000,
                                lambda: window.open_conversation(sources_id),
                            )
                        ),
                    ),
                ]
                for row in range(nav.count()):
                    name = nav.item(row).text().lower().replace(" & ", "-").replace(" ", "-")

                    def show(row: int = row) -> None:
                        window.show_settings()
                        nav.setCurrentRow(row)

                    views.append((f"settings-{name}", show))
                for view, show in views:
                    show()
                    settle()
                    if view.startswith("chat"):  # the end of the reply: table, buttons, sources
                        bar = window.chat.transcript_scroll.verticalScrollBar()
                        bar.setValue(bar.maximum())
                        settle()
                    path = out / f"{view}-{theme}-{width}x{height}.png"
                    if not window.grab().save(str(path)):
                        problems.append(f"{path} could not be written")
                    found = clipped_controls(window) + [
                        f"horizontal scroll bar: {s}" for s in horizontal_scrollbars(window)
                    ]
                    problems += [f"{view} {theme} {width}x{height}: {p}" for p in found]
                    print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    finally:
        window.close()
        engine.close()
        loop.close()
    for problem in problems:
        print("PROBLEM:", problem)
    print("No problems found." if not problems else f"{len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
