"""The Installed tab: the models on this computer, and Load, Unload, Use for new chats,
Verify, Remove, Import (a folder, or a GGUF file: :mod:`agentic_desk.ui.models.convert`),
with what the inference worker uses of the memory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, QTimer, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.budget import ContextChoice
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models.store import NOT_FOR_CHAT, InstalledModel, verification
from agentic_desk.ui import errors
from agentic_desk.ui.export_dialog import documents_folder
from agentic_desk.ui.i18n import format_int
from agentic_desk.ui.layout import FlowLayout
from agentic_desk.ui.models.common import item, size_text, table
from agentic_desk.ui.models.convert import ConvertRow

if TYPE_CHECKING:
    from collections.abc import Callable

    from agentic_desk.ui.models.panel import ModelsPanel


def context_item(context: ContextChoice | None) -> QTableWidgetItem:
    """ "16,384 tokens · 1.2 GB" with the reason as its tooltip; "won't fit" in red."""
    if context is None:
        return item(
            "—",
            None,
            QCoreApplication.translate(
                "installed", "The folder could not be read: verify the model."
            ),
        )
    if not context.fits:
        cell = item(QCoreApplication.translate("installed", "won't fit here"), None, context.reason)
        cell.setForeground(QColor("#b91c1c"))
        return cell
    # the core's words say which logits the runtime holds (last-position graph or not)
    memory = context.memory_reason or QCoreApplication.translate(
        "installed",
        "About {need} of memory in all: {weights} of weights, {cache} of cache, "
        "{runtime} for the runtime.",
    ).format(
        need=size_text(context.need_bytes),
        weights=size_text(context.weights_bytes),
        cache=size_text(context.kv_bytes),
        runtime=size_text(context.overhead_bytes),
    )
    return item(
        QCoreApplication.translate("installed", "{tokens} tokens · {size}").format(
            tokens=format_int(context.tokens), size=size_text(context.need_bytes)
        ),
        None,
        context.reason + "\n" + memory,
    )


class InstalledTab(QWidget):
    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        self.table = table(
            (
                QCoreApplication.translate("installed", "Model"),
                QCoreApplication.translate("installed", "Built for"),
                QCoreApplication.translate("installed", "Size"),
                QCoreApplication.translate("installed", "Context here"),
                QCoreApplication.translate("installed", "Files"),
                QCoreApplication.translate("installed", "Source"),
                QCoreApplication.translate("installed", "In use"),
            ),
            QCoreApplication.translate("installed", "Installed models"),
            stretch=0,
        )
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # Fit the window's width (800 px and up) rather than scroll sideways: the short
        # columns take what they need, the others share the rest and elide (full text in
        # each cell's tooltip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 4):  # built for, size, files
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = FlowLayout()  # wraps when the window is narrow
        self.load_button = QPushButton(QCoreApplication.translate("installed", "Load"))
        self.unload_button = QPushButton(QCoreApplication.translate("installed", "Unload"))
        self.default_button = QPushButton(
            QCoreApplication.translate("installed", "Use for new chats")
        )
        self.names_button = QPushButton(QCoreApplication.translate("installed", "Use for names"))
        self.names_button.setToolTip(
            QCoreApplication.translate(
                "installed",
                "The privacy detector finds people's names, organisations and addresses with "
                "this names model instead of the built-in one.",
            )
        )
        self.verify_button = QPushButton(QCoreApplication.translate("installed", "Verify files"))
        self.remove_button = QPushButton(QCoreApplication.translate("installed", "Remove…"))
        self.import_button = QPushButton(
            QCoreApplication.translate("installed", "Import a folder…")
        )
        self.gguf_button = QPushButton(
            QCoreApplication.translate("installed", "Import a GGUF file…")
        )
        self.gguf_button.setToolTip(
            QCoreApplication.translate(
                "installed",
                "Convert a .gguf file (from LM Studio, Ollama or Jan) into a model this app runs.",
            )
        )
        self.convert = ConvertRow(panel)
        self.convert.busy_changed.connect(self._converting)
        for button, slot in (
            (self.load_button, self.load_selected),
            (self.unload_button, self.unload),
            (self.default_button, self.default_selected),
            (self.names_button, self.names_selected),
            (self.verify_button, self.verify_selected),
            (self.remove_button, self.remove_selected),
            (self.import_button, self.choose_folder_to_import),
            (self.gguf_button, self.convert.choose_file),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        self.worker_memory = QLabel()
        self.worker_memory.setObjectName("muted")
        self.worker_memory.setWordWrap(True)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.convert)
        layout.addWidget(self.worker_memory)
        self.update_buttons()
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(2000)
        self._memory_timer.timeout.connect(self._memory_tick)
        self._memory_timer.start()

    # ---- the table -------------------------------------------------------------------------

    def show_models(
        self,
        models: list[InstalledModel],
        default_id: str | None,
        contexts: dict[str, ContextChoice | None] | None = None,
    ) -> None:
        """``contexts``: what each model would get if loaded now (the loaded model shows
        what it got)."""
        selected = self.selected()
        engine = self.panel.engine
        contexts = dict(contexts or {})
        table = self.table
        table.setRowCount(0)
        loaded_path = self.loaded_path()
        for model in models:
            row = table.rowCount()
            table.insertRow(row)
            name = model.name + (
                " " + QCoreApplication.translate("installed", "(default)")
                if model.id == default_id
                else ""
            )
            table.setItem(row, 0, item(name, model.id, model.location))
            table.setItem(row, 1, item(model.kind.upper(), None, model.variant))
            table.setItem(row, 2, item(size_text(model.size_bytes)))
            check = verification(model)
            mark = ""  # the words say it; no symbol a font may lack
            when = (
                QCoreApplication.translate("installed", " (files last checked on {date})").format(
                    date=QLocale().toString(
                        QDateTime.fromSecsSinceEpoch(int(model.verified_at)),
                        QLocale.FormatType.ShortFormat,
                    )
                )
                if model.verified_at
                else ""
            )
            verified = item(mark + check.label, None, check.note + when)
            if model.verified is False:
                verified.setForeground(QColor("#b91c1c"))
            context = contexts.get(model.id)
            is_loaded = loaded_path is not None and Path(model.location) == loaded_path
            if is_loaded and engine is not None and engine.context_choice is not None:
                context = engine.context_choice
            table.setItem(row, 3, context_item(context))
            table.setItem(row, 4, verified)
            source = model.repo_id or (
                QCoreApplication.translate("installed", "imported")
                if model.source == "import"
                else model.source
            )
            table.setItem(row, 5, item(source))
            uses = []
            if loaded_path is not None and Path(model.location) == loaded_path:
                uses.append(QCoreApplication.translate("installed", "loaded"))
            if model.id == default_id:
                uses.append(QCoreApplication.translate("installed", "new chats"))
            if model.kind == "names" and self._is_names_model(model):
                uses.append(QCoreApplication.translate("installed", "names"))
            table.setItem(row, 6, item(", ".join(uses)))
        if selected is not None:
            self.select(selected)
        self.update_buttons()
        self.show_worker_memory()

    def add_external(self, model: str, source: str) -> None:
        """Issue 16: the model given outside the store (``AGENTIC_DESK_MODEL``) is in use;
        a row says so (no store actions apply to it)."""
        table = self.table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, item(Path(model).name or model, None, model))
        for column in range(1, 5):
            table.setItem(row, column, item(""))
        table.setItem(row, 5, item(source))
        # short, so the table fits an 800-pixel window; the whole story in the tooltip
        table.setItem(
            row,
            6,
            item(
                QCoreApplication.translate("installed", "In use"),
                None,
                QCoreApplication.translate("installed", "In use (from {source})").format(
                    source=source
                ),
            ),
        )

    def loaded_path(self) -> Path | None:
        engine = self.panel.engine
        return engine.model_path if engine is not None else None

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        data = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        return str(data) if data is not None else None  # None: a row of no store model

    def select(self, model_id: str) -> None:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == model_id:
                self.table.selectRow(row)
                return

    def _is_names_model(self, model: InstalledModel) -> bool:
        """Whether ``model`` is the names model the privacy detector is set to use."""
        chosen = self.panel.names_model
        return chosen not in ("", "built-in") and Path(chosen) in (model.path, Path(model.id))

    def selected_model(self) -> InstalledModel | None:
        model_id = self.selected()
        return next((m for m in self.panel.models if m.id == model_id), None)

    @Slot()
    def update_buttons(self) -> None:
        chosen = self.selected() is not None
        model = self.selected_model()
        chats = chosen and (model is None or model.kind not in NOT_FOR_CHAT)
        for button in (self.load_button, self.default_button):
            button.setEnabled(chats)  # an embedding or names model cannot chat
        self.verify_button.setEnabled(chosen)
        self.names_button.setEnabled(model is not None and model.kind == "names")
        self.remove_button.setEnabled(chosen)
        self.unload_button.setEnabled(self.loaded_path() is not None)

    @Slot(bool)
    def _converting(self, busy: bool) -> None:
        self.gguf_button.setEnabled(not busy)

    @Slot()
    def _memory_tick(self) -> None:
        if self.isVisible():
            self.show_worker_memory()

    def show_worker_memory(self) -> None:
        engine = self.panel.engine
        pid = getattr(engine, "worker_pid", None) if engine else None
        loaded = self.loaded_path()
        if pid is None or loaded is None:
            self.worker_memory.setText(
                QCoreApplication.translate(
                    "installed", "No model loaded: the inference worker uses no memory."
                )
            )
            return
        try:
            rss = psutil.Process(pid).memory_info().rss
        except (psutil.Error, OSError):
            self.worker_memory.setText(
                QCoreApplication.translate("installed", "The inference worker is starting…")
            )
            return
        estimate = ""
        choice = getattr(engine, "context_choice", None)
        if choice is not None and choice.fits:
            estimate = QCoreApplication.translate(
                "installed", " (estimated {need} for a {tokens}-token context)"
            ).format(need=size_text(choice.need_bytes), tokens=format_int(choice.tokens))
        self.worker_memory.setText(
            QCoreApplication.translate(
                "installed",
                "Loaded: {name} · the inference worker (process {pid}) uses {size} of "
                "memory{estimate}.",
            ).format(name=loaded.name, pid=pid, size=size_text(rss), estimate=estimate)
        )

    # ---- actions ---------------------------------------------------------------------------

    def _after(self, name: str, message: str = "") -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            if message:
                self.panel.show_banner(message)
            self.panel.refresh_installed(then=lambda: self.panel.action_done.emit(name))

        return done

    @Slot()
    def load_selected(self) -> None:
        model_id = self.selected()
        load = self.panel.load_model
        if model_id is None or load is None:
            return
        self.panel.show_banner(
            QCoreApplication.translate("installed", "Loading {model_id}…").format(model_id=model_id)
        )
        self.panel.io(
            load,
            model_id,
            then=self._after(
                "load",
                QCoreApplication.translate("installed", "{model_id} is loaded.").format(
                    model_id=model_id
                ),
            ),
        )

    @Slot()
    def unload(self) -> None:
        engine = self.panel.engine
        if engine is None:
            return
        self.panel.io(
            engine.unload,
            then=self._after(
                "unload",
                QCoreApplication.translate(
                    "installed", "Model unloaded; its memory is back with the system."
                ),
            ),
        )

    @Slot()
    def default_selected(self) -> None:
        model_id = self.selected()
        if model_id is not None:
            self.panel.set_default(model_id)

    @Slot()
    def names_selected(self) -> None:
        model = self.selected_model()
        if model is not None and model.kind == "names":
            self.panel.names_model_chosen.emit(model.location)

    @Slot()
    def verify_selected(self) -> None:
        model_id = self.selected()
        if model_id is None:
            return
        panel = self.panel
        panel.show_banner(
            QCoreApplication.translate("installed", "Checking the files of {model_id}…").format(
                model_id=model_id
            )
        )

        def done(result: Any) -> None:
            if result.ok and result.against_source:
                panel.show_banner(
                    QCoreApplication.translate(
                        "installed",
                        "{model_id}: verified: every file matches the checksums its "
                        "source published.",
                    ).format(model_id=model_id)
                )
            elif result.ok:
                panel.show_banner(
                    QCoreApplication.translate(
                        "installed",
                        "{model_id}: every file is unchanged since it was added. It "
                        "stays unverified: its source published no checksums to "
                        "check it against.",
                    ).format(model_id=model_id)
                )
            else:
                errors.show_error(
                    panel.banner,
                    AgenticDeskError(
                        QCoreApplication.translate(
                            "installed", "{model_id} is damaged: {problems}."
                        ).format(model_id=model_id, problems="; ".join(result.problems[:3])),
                        QCoreApplication.translate("installed", "Remove it and download it again.")
                        if result.against_source
                        else QCoreApplication.translate(
                            "installed", "Remove it and import or convert it again."
                        ),
                    ),
                )
            panel.refresh_installed(then=lambda: panel.action_done.emit("verify"))

        panel.io(panel.manager.verify, model_id, then=done)

    @Slot()
    def remove_selected(self) -> None:
        model_id = self.selected()
        if model_id is None:
            return
        model = next((m for m in self.panel.models if m.id == model_id), None)
        where = (
            QCoreApplication.translate(
                "installed", "Its folder stays where it is (it was imported in place)."
            )
            if model is not None and model.in_place
            else QCoreApplication.translate(
                "installed", "This deletes {size_bytes} from the disk."
            ).format(size_bytes=size_text(model.size_bytes if model else 0))
        )
        if not self.panel.confirm(
            QCoreApplication.translate("installed", "Remove model"),
            QCoreApplication.translate("installed", "Remove {model_id}? {where}").format(
                model_id=model_id, where=where
            ),
        ):
            return
        self.panel.io(
            self.panel.manager.remove,
            model_id,
            then=self._after(
                "remove",
                QCoreApplication.translate("installed", "Removed {model_id}.").format(
                    model_id=model_id
                ),
            ),
        )

    @Slot()
    def choose_folder_to_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("installed", "Import a model folder"),
            str(documents_folder()),
        )
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str) -> None:
        panel = self.panel
        panel.show_banner(
            QCoreApplication.translate(
                "installed", "Importing {folder}… (the files are checked and copied)"
            ).format(folder=folder)
        )

        def done(model: InstalledModel) -> None:
            panel.show_banner(
                QCoreApplication.translate(
                    "installed",
                    "Imported {name}. It is unverified: a folder comes with no "
                    "checksums to check it against (its configuration, "
                    "tokenizer, graph and float weights were checked).",
                ).format(name=model.name)
            )
            panel.refresh_installed(
                then_default=panel.default_id is None,
                then=lambda: panel.action_done.emit("import"),
            )

        panel.io(panel.manager.import_folder, Path(folder), then=done)


__all__ = ["InstalledTab"]
