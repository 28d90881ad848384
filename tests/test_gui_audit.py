"""Settings → What left this computer, under pytest-qt: the record read on the view's
job runner, newest first, the empty state in both cloud wordings, and Verify."""

from __future__ import annotations

import asyncio
import hashlib
import os
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from agentic_desk.core.audit import SendRecord
from agentic_desk.core.context import AppContext
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.icons import mark_of
from agentic_desk.ui.settings_view import SettingsView
from gui_helpers import Jobs
from shots import save_shot

SECTION = "What left this computer"


def context(*, cloud: bool = False) -> AppContext:
    paths = AppPaths.from_env()
    paths.ensure()
    store = SettingsStore(paths.settings_file)
    if cloud:
        settings = store.load().file_settings
        settings.cloud.enabled = True
        store.save(settings)
    return AppContext(paths, store, store.load().settings)


def view_on_page(qtbot: Any, ctx: AppContext) -> tuple[SettingsView, Jobs]:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    jobs = Jobs(qtbot, view)
    view.resize(1180, 640)
    jobs.run(view.show, "load", "audit")
    jobs.run(lambda: view.show_section(SECTION), "audit")
    assert view.title.text() == SECTION
    return view, jobs


def sent(n: int, provider: str, outcome: str = "completed") -> SendRecord:
    return SendRecord(
        provider=provider,
        model="gpt-4o-mini",
        host="api.example.com",
        reason=f"Cloud · {provider} · rule {n}: long documents",
        chars=1200 * n,
        tokens=300 * n,
        tokens_reported=n % 2 == 0,
        body_bytes=1400 * n,
        body_sha256=hashlib.sha256(str(n).encode()).hexdigest(),
        outcome=outcome,
        conversation_id=f"conv-{n}",
    )


def test_the_page_lists_what_left_newest_first_and_verifies_the_chain(
    qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    ctx = context(cloud=True)
    audit = ctx.audit_log()
    audit.append(sent(1, "openai"))
    audit.append(sent(2, "openrouter", "error: rate_limited"))
    third = audit.append(sent(3, "anthropic"))
    view, jobs = view_on_page(qtbot, ctx)
    page = view.sent
    table = page.table
    assert table.isVisible() and table.rowCount() == 3
    assert [table.item(r, 1).text() for r in range(3)] == ["anthropic", "openrouter", "openai"]
    assert table.item(0, 3).text() == "Cloud · anthropic · rule 3: long documents"
    assert table.item(0, 4).text() == "3,600 chars · ~900 tokens"
    assert table.item(1, 4).text() == "2,400 chars · 600 tokens"  # reported: no ~
    assert table.item(1, 5).text() == "error: rate_limited"
    assert table.item(0, 6).text() == third.short_hash
    assert page.summary.text() == "3 requests sent to cloud providers."
    jobs.run(page.verify_button.click, "verify")
    assert page.result.isVisible()
    assert page.result.text() == "The record is intact: 3 entries."
    assert mark_of(page.result) == "check"  # an SVG tick, not a "✓" a font may lack
    save_shot(view, "settings-what-left")
    view.grab().save("/tmp/audit.png")
    # remove the middle entry behind the app's back
    lines = audit.path.read_bytes().splitlines(keepends=True)
    audit.path.write_bytes(lines[0] + lines[2])
    jobs.run(page.refresh_button.click, "audit")
    assert table.rowCount() == 2
    jobs.run(page.verify_button.click, "verify")
    assert page.result.text().startswith("The record is broken: entry #2 is missing")
    assert mark_of(page.result) == "warning"
    assert page.verify_button.isEnabled()


@pytest.mark.parametrize("cloud", [False, True])
def test_an_empty_record_says_nothing_left(
    qtbot: Any, loop: asyncio.AbstractEventLoop, cloud: bool
) -> None:
    view, _jobs = view_on_page(qtbot, context(cloud=cloud))
    page = view.sent
    assert not page.table.isVisible()
    text = page.summary.text()
    assert text.startswith("Nothing has left this computer.")
    assert ("Cloud providers are on" in text) is cloud
    assert ("Cloud providers are off" in text) is not cloud
    if not cloud:
        view.grab().save("/tmp/audit-empty.png")
