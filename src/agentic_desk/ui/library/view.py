"""The Documents page (issue 17): libraries of the user's own files to chat with.

A thin face over :class:`~.hub.LibraryHub` (which runs everything off the GUI thread):
the libraries with their files, passages, size and how many files hold sensitive data;
New library…, Remove library… (asks first); the chosen library's files with how each
ended (indexed, waiting, or the error in words, e.g. a scanned PDF with no text) and what
the sensitive-data detector found in it (kinds and counts, never the values); Add files…,
Add a folder… (a dialog that starts in Documents, :mod:`.files`), Remove file (asks
first); while indexing, the file being read and its progress, the overall progress, and
Cancel. Files a cancelled or interrupted run left behind are picked up by Resume (and at
start, by the window).

The GUI thread's work while a library of 1,000 files indexes does not grow with it: the
Files table is a model/view (:class:`FilesModel`: the rows that changed are signalled, no
column is sized to its contents), and the progress is drawn at most every
:data:`PROGRESS_MS` (a progress bar repaints itself at once on each new value).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.library.indexer import IndexProgress, IndexResult
from agentic_desk.core.library.privacy import describe_findings
from agentic_desk.core.library.store import FileRecord
from agentic_desk.ui import errors
from agentic_desk.ui.accessibility import announce
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.layout import FlowLayout
from agentic_desk.ui.library import rename
from agentic_desk.ui.library.files import DocumentChooser
from agentic_desk.ui.library.hub import LibraryHub, LibraryRow
from agentic_desk.ui.models.common import size_text

FILE_COLUMNS = ("File", "Status", "Passages", "Size", "Sensitive data")
_FILE_COLUMN_WORDS = (  # for pyside6-lupdate (translated where shown)
    QT_TRANSLATE_NOOP("library", "File"),
    QT_TRANSLATE_NOOP("library", "Status"),
    QT_TRANSLATE_NOOP("library", "Passages"),
    QT_TRANSLATE_NOOP("library", "Size"),
    QT_TRANSLATE_NOOP("library", "Sensitive data"),
)
ROLE_PATH = Qt.ItemDataRole.UserRole + 1
PROGRESS_MS = 40  # indexing progress is drawn at most this often (about every other frame)


def library_line(row: LibraryRow) -> str:
    """``3 files · 42 passages · 1.2 MB · 1 with sensitive data · 1 could not be read``."""
    parts = [
        QCoreApplication.translate("library", "{n} files").format(n=len(row.files))
        if len(row.files) != 1
        else QCoreApplication.translate("library", "1 file"),
        QCoreApplication.translate("library", "{n} passages").format(n=row.chunks),
        byte_size(row.size),
    ]
    if row.with_findings:
        parts.append(
            QCoreApplication.translate("library", "{n} with sensitive data").format(
                n=len(row.with_findings)
            )
        )
    if row.failed:
        parts.append(
            QCoreApplication.translate("library", "{n} could not be read").format(n=row.failed)
        )
    if row.pending:
        parts.append(QCoreApplication.translate("library", "{n} waiting").format(n=row.pending))
    return " · ".join(parts)


def byte_size(nbytes: int) -> str:
    """``640 bytes``, ``12 KB``, ``1.2 MB``."""
    if nbytes < 1024:
        return QCoreApplication.translate("library", "{n} bytes").format(n=nbytes)
    return size_text(nbytes)


def file_status(record: FileRecord, indexing: bool = False) -> str:
    """How the file ended, in words (an error is the core's message)."""
    if record.status == "indexed":
        if record.pages:
            return QCoreApplication.translate("library", "Indexed ({pages} pages)").format(
                pages=record.pages
            )
        return QCoreApplication.translate("library", "Indexed")
    if record.status == "error":  # the core's words, less the file's name the row shows
        said = record.error or QCoreApplication.translate("library", "Could not be read")
        short = said.removeprefix(record.name).lstrip(": ")
        return short[:1].upper() + short[1:] if short != said else said
    return (
        QCoreApplication.translate("library", "Indexing…")
        if indexing
        else QCoreApplication.translate("library", "Waiting to be indexed")
    )


def findings_text(record: FileRecord) -> str:
    """What the detector found (kinds and counts, never the values)."""
    if record.status != "indexed":
        return ""
    return (
        describe_findings(record.findings)
        if record.findings
        else QCoreApplication.translate("library", "None found")
    )


class FilesModel(QAbstractTableModel):
    """The chosen library's files, one row a file, for the Files table.

    A row's cells are worked out when the view asks for them (the rows on screen) and
    kept until the file changes; :meth:`show` and :meth:`set_indexing` signal only the
    rows that changed (``dataChanged``), new files are appended (``beginInsertRows``),
    and the whole table is built again only for another library or files removed or
    reordered. So a library of 1,000 files costs the GUI thread its changed rows, not
    its size, each time the files are read again while it indexes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library: str | None = None
        self.records: list[FileRecord] = []
        self._row_of: dict[str, int] = {}
        self._indexing = ""  # the path of the file being indexed (in this library)
        self._cells: dict[int, tuple[str, ...]] = {}
        self.error_rows: set[int] = set()

    # ---- the model's interface --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(FILE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("library", FILE_COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.records):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            record = self.records[row]
            text = self.cells(row)[column]
            if column == 0:
                return record.path
            if column == 1 and record.status == "error" and record.hint:
                return f"{text}\n{record.hint}"
            return text
        if role == ROLE_PATH:
            return self.records[row].path
        return None

    # ---- what is shown ----------------------------------------------------------------------

    def cells(self, row: int) -> tuple[str, ...]:
        """The row's texts, as the columns show them."""
        cells = self._cells.get(row)
        if cells is None:
            record = self.records[row]
            cells = (
                record.name,
                file_status(record, record.path == self._indexing),
                str(record.chunk_count) if record.status == "indexed" else "",
                byte_size(record.size),
                findings_text(record),
            )
            self._cells[row] = cells
        return cells

    def row_of(self, path: str) -> int:
        """The row of the file at ``path``; -1 when it is not shown."""
        return self._row_of.get(path, -1)

    def show(
        self, library: str | None, records: Sequence[FileRecord], running: bool, indexing: str
    ) -> list[int]:
        """Show ``library``'s ``records``: the rows whose file changed are signalled, new
        files appended; another library, or files removed or reordered, reset the model.
        Returns the rows changed or added (all of them after a reset)."""
        records = list(records)
        same = (
            library == self.library
            and len(records) >= len(self.records)
            and all(old.path == new.path for old, new in zip(self.records, records, strict=False))
        )
        if not same:
            self.beginResetModel()
            self.library = library
            self.records = records
            self._indexing = indexing if running else ""
            self._row_of = {record.path: at for at, record in enumerate(records)}
            self._cells.clear()
            self.error_rows = {at for at, r in enumerate(records) if r.status == "error"}
            self.endResetModel()
            return list(range(len(records)))
        changed = [
            at
            for at, (old, new) in enumerate(zip(self.records, records, strict=False))
            if old != new
        ]
        for at in changed:
            self.records[at] = records[at]
            self._cells.pop(at, None)
            if records[at].status == "error":
                self.error_rows.add(at)
            else:
                self.error_rows.discard(at)
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(FILE_COLUMNS) - 1))
        changed += self.set_indexing(indexing if running else "", done=set(changed))
        if len(records) > len(self.records):
            start = len(self.records)
            self.beginInsertRows(QModelIndex(), start, len(records) - 1)
            for at in range(start, len(records)):
                self.records.append(records[at])
                self._row_of[records[at].path] = at
                if records[at].status == "error":
                    self.error_rows.add(at)
            self.endInsertRows()
            changed += range(start, len(records))
        return sorted(set(changed))

    def set_indexing(self, path: str, done: Set[int] = frozenset()) -> list[int]:
        """``path`` is the file being indexed now (empty: none): its row and the one
        before it change, no other (nor those in ``done``, signalled already)."""
        if path == self._indexing:
            return []
        rows = [self.row_of(p) for p in (self._indexing, path) if p]
        self._indexing = path
        rows = [at for at in rows if at >= 0 and at not in done]
        for at in rows:
            self._cells.pop(at, None)
            self.dataChanged.emit(self.index(at, 1), self.index(at, 1))
        return rows


def set_bar(bar: QProgressBar, value: int) -> None:
    """``bar.setValue(value)`` drawn with the window's next paint: QProgressBar repaints
    itself at once (synchronously) on each new value, here on the GUI thread's time."""
    if bar.value() == value:
        return
    bar.setUpdatesEnabled(False)
    bar.setValue(value)
    bar.setUpdatesEnabled(True)  # schedules one update(), painted with the others


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7]`` -> ``[(1, 3), (7, 7)]`` (one ``dataChanged`` per run of rows)."""
    runs: list[tuple[int, int]] = []
    for at in rows:
        if runs and runs[-1][1] == at - 1:
            runs[-1] = (runs[-1][0], at)
        else:
            runs.append((at, at))
    return runs


class DocumentsView(QWidget):
    """The Documents page (see the module docs). Test seams: :attr:`chooser` (the file
    dialog), :attr:`confirm` (the "remove?" question), :attr:`ask_name` (a new library's
    name)."""

    progress_shown = Signal(str, object)  # (name, IndexProgress): the page now shows it

    def __init__(self, hub: LibraryHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsView")
        self.hub = hub
        self.rows: list[LibraryRow] = []
        self.chooser = DocumentChooser()
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.ask_name: Callable[[], str | None] = self._ask_name
        self._select_after: str | None = None  # select this library once it is listed
        self._indexing_file = ""  # the file being indexed (its row says so)
        self._pending_progress: tuple[str, IndexProgress] | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(self._on_progress_timer)
        self._build()
        hub.changed.connect(self.show_rows)
        hub.progress.connect(self._on_progress)
        hub.indexing_started.connect(self._on_started)
        hub.indexing_ended.connect(self._on_ended)
        hub.failed.connect(self.show_error)
        hub.idle.connect(self._on_idle)

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName(QCoreApplication.translate("library", "Documents"))
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(QCoreApplication.translate("library", "Documents"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        intro = QLabel(
            QCoreApplication.translate(
                "library",
                "Ask questions about your own files. Put them in a library, then choose the "
                "library in a conversation (Documents, above the chat). Files are read and "
                "indexed on this computer; nothing about them leaves it.",
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.note = QLabel(self.hub.libraries.embedding_note)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(self.note.text()))
        layout.addWidget(self.note)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        libraries_title = QLabel(QCoreApplication.translate("library", "Libraries"))
        libraries_title.setObjectName("cardTitle")
        layout.addWidget(libraries_title)
        self.library_list = QListWidget()
        self.library_list.setAccessibleName(QCoreApplication.translate("library", "Libraries"))
        self.library_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.library_list.setWordWrap(False)  # two lines a library; the whole line on hover
        self.library_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.library_list.currentRowChanged.connect(self._on_library_chosen)
        layout.addWidget(self.library_list)
        self.empty = QLabel(
            QCoreApplication.translate(
                "library", "No libraries yet. Make one with New library…, then add files to it."
            )
        )
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        library_buttons = FlowLayout(spacing=6)
        self.new_button = QPushButton(QCoreApplication.translate("library", "New library…"))
        self.new_button.clicked.connect(self.new_library)
        self.remove_library_button = QPushButton(
            QCoreApplication.translate("library", "Remove library…")
        )
        self.remove_library_button.clicked.connect(self.remove_library)
        for button in (self.new_button, self.remove_library_button):
            button.setAutoDefault(True)
            library_buttons.addWidget(button)
        # -- rename (issue 17): the button, the list's context menu and the dialog: .rename
        self.rename_button = rename.install(self)
        self.ask_new_name: Callable[[LibraryRow], str | None] = lambda row: rename.ask_new_name(
            self, row
        )
        library_buttons.addWidget(self.rename_button)
        layout.addLayout(library_buttons)

        self.files_title = QLabel(QCoreApplication.translate("library", "Files"))
        self.files_title.setObjectName("cardTitle")
        self.files_title.setWordWrap(True)
        layout.addWidget(self.files_title)
        self.files_model = FilesModel(self)
        self.files = QTableView()
        self.files.setModel(self.files_model)
        self.files.setAccessibleName(QCoreApplication.translate("library", "Files in the library"))
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.files.setWordWrap(True)  # an error is said in full, on more lines
        self.files.verticalHeader().hide()
        self.files.setMinimumHeight(140)
        header = self.files.horizontalHeader()
        # fixed widths for the short columns: ResizeToContents would measure every row of a
        # library of 1,000 files each time one of them changes
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self._size_short_columns()
        header.sectionResized.connect(lambda *_a: self._fit_error_rows())
        self.files.selectionModel().currentRowChanged.connect(lambda *_a: self._show_file_details())
        layout.addWidget(self.files, 1)
        self.details = QLabel()
        self.details.setObjectName("fileDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        layout.addWidget(self.details)
        file_buttons = FlowLayout(spacing=6)
        self.add_files_button = QPushButton(QCoreApplication.translate("library", "Add files…"))
        self.add_files_button.clicked.connect(lambda: self.add_files(folder=False))
        self.add_folder_button = QPushButton(QCoreApplication.translate("library", "Add a folder…"))
        self.add_folder_button.clicked.connect(lambda: self.add_files(folder=True))
        self.remove_file_button = QPushButton(QCoreApplication.translate("library", "Remove file…"))
        self.remove_file_button.clicked.connect(self.remove_file)
        self.resume_button = QPushButton(QCoreApplication.translate("library", "Resume indexing"))
        self.resume_button.clicked.connect(self.resume)
        for button in (
            self.add_files_button,
            self.add_folder_button,
            self.remove_file_button,
            self.resume_button,
        ):
            button.setAutoDefault(True)
            file_buttons.addWidget(button)
        layout.addLayout(file_buttons)

        # ---- indexing: the file being read, overall, Cancel ----
        self.progress_box = QFrame()
        self.progress_box.setObjectName("card")
        box = QVBoxLayout(self.progress_box)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        box.addWidget(self.progress_label)
        self.file_bar = QProgressBar()
        self.file_bar.setAccessibleName(QCoreApplication.translate("library", "This file"))
        self.file_bar.setRange(0, 1000)
        self.overall_bar = QProgressBar()
        self.overall_bar.setAccessibleName(QCoreApplication.translate("library", "All files"))
        self.overall_bar.setRange(0, 1000)
        for label_text, bar in (
            (QCoreApplication.translate("library", "This file"), self.file_bar),
            (QCoreApplication.translate("library", "All"), self.overall_bar),
        ):
            line = QHBoxLayout()
            label = QLabel(label_text)
            label.setObjectName("fieldName")
            label.setMinimumWidth(label.sizeHint().width())
            line.addWidget(label)
            line.addWidget(bar, 1)
            box.addLayout(line)
        self.cancel_button = QPushButton(QCoreApplication.translate("library", "Cancel"))
        self.cancel_button.setAccessibleName(
            QCoreApplication.translate("library", "Cancel indexing")
        )
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.clicked.connect(self.hub.cancel)
        cancel_row = QHBoxLayout()
        cancel_row.addStretch(1)
        cancel_row.addWidget(self.cancel_button)
        box.addLayout(cancel_row)
        self.progress_box.hide()
        layout.addWidget(self.progress_box)
        self._update_buttons()

    # ---- what is shown -----------------------------------------------------------------------

    @property
    def current(self) -> LibraryRow | None:
        index = self.library_list.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    @Slot(object)
    def show_rows(self, rows: list[LibraryRow]) -> None:
        """The libraries as last read (the hub's ``changed``)."""
        chosen = self._select_after or (self.current.name if self.current else None)
        if rows == self.rows and chosen == (self.current.name if self.current else None):
            self._update_buttons()
            return  # as shown (the GUI thread does not rebuild a long list for nothing)
        self._select_after = None
        self.rows = list(rows)
        self.library_list.blockSignals(True)
        self.library_list.clear()
        for row in self.rows:
            item = QListWidgetItem(f"{row.name}\n{library_line(row)}")
            item.setData(ROLE_PATH, row.name)
            item.setToolTip(library_line(row))
            self.library_list.addItem(item)
        names = [row.name for row in self.rows]
        index = names.index(chosen) if chosen in names else (0 if names else -1)
        self.library_list.setCurrentRow(index)
        self.library_list.blockSignals(False)
        self.empty.setVisible(not self.rows)
        self.library_list.setVisible(bool(self.rows))
        # as high as its rows (up to four), no empty box under one library
        shown = sum(self.library_list.sizeHintForRow(i) for i in range(min(4, len(self.rows))))
        frame = 2 * self.library_list.frameWidth() + 4
        self.library_list.setFixedHeight(max(48, shown + frame))
        self._show_files()

    @Slot(int)
    def _on_library_chosen(self, _index: int) -> None:
        self._show_files()

    def _size_short_columns(self) -> None:
        """Passages, Size and Sensitive data as wide as their heading or a typical value
        (a wider value is elided; its tooltip has it all; the columns can be dragged)."""
        metrics = self.files.fontMetrics()
        header = self.files.horizontalHeader()
        samples = {
            2: ["99999"],
            3: [byte_size(999 * 1024 * 1024), byte_size(1023)],
            4: [
                QCoreApplication.translate("library", "None found"),
                describe_findings({"email": 12}),
            ],
        }
        pad = 2 * self.files.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 16
        for column, texts in samples.items():
            heading = QCoreApplication.translate("library", FILE_COLUMNS[column])
            widest = max(metrics.horizontalAdvance(t) for t in [heading, *texts])
            header.resizeSection(column, max(header.sectionSizeHint(column), widest + pad))

    def _show_files(self) -> None:
        """The chosen library's files: only the rows that changed are redrawn (see
        :class:`FilesModel`)."""
        row = self.current
        self.files_title.setText(
            QCoreApplication.translate("library", "Files in “{name}”").format(name=row.name)
            if row
            else QCoreApplication.translate("library", "Files")
        )
        selected = self._selected_path()
        running = row is not None and row.name == self.hub.running_name
        changed = self.files_model.show(
            row.name if row else None, row.files if row else (), running, self._indexing_file
        )
        if selected is not None and self._selected_path() != selected:  # the table was reset
            at = self.files_model.row_of(selected)
            if at >= 0:
                self.files.selectRow(at)
        self._fit_error_rows(changed)
        self._show_file_details()
        self._update_buttons()

    def _fit_error_rows(self, rows: Sequence[int] | None = None) -> None:
        """A file's error in full, on as many lines as the Status column needs (``rows``:
        the rows that changed; None: every row with an error, e.g. after a resize)."""
        model = self.files_model
        default = self.files.verticalHeader().defaultSectionSize()
        for at in sorted(model.error_rows) if rows is None else rows:
            if at in model.error_rows:
                self.files.resizeRowToContents(at)
            elif self.files.rowHeight(at) != default:
                self.files.setRowHeight(at, default)  # no longer an error: one line again

    def _selected_path(self) -> str | None:
        index = self.files.currentIndex()
        return str(index.data(ROLE_PATH)) if index.isValid() else None

    def record(self, path: str) -> FileRecord | None:
        row = self.current
        return next((f for f in row.files if f.path == path), None) if row else None

    def _show_file_details(self) -> None:
        """The chosen file (or the first one with a problem): its error with what to do,
        or what the detector found."""
        row = self.current
        path = self._selected_path()
        record = self.record(path) if path else None
        if record is None and row is not None:
            record = next((f for f in row.files if f.status == "error"), None)
        lines: list[str] = []
        if record is not None and record.status == "error":
            lines.append(record.error or file_status(record))
            if record.hint:
                lines.append(record.hint)
        elif record is not None and record.findings:
            lines.append(
                QCoreApplication.translate(
                    "library",
                    "{name} holds {what}. A conversation that uses this library stays on "
                    "this computer (private, high).",
                ).format(name=record.name, what=describe_findings(record.findings))
            )
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        set_mark(self.details, "warning" if lines else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current
        has_row = row is not None
        self.remove_library_button.setEnabled(has_row)
        self.rename_button.setEnabled(has_row)  # issue 17: rename
        self.add_files_button.setEnabled(has_row)
        self.add_folder_button.setEnabled(has_row)
        self.remove_file_button.setEnabled(has_row and self._selected_path() is not None)
        self.resume_button.setVisible(bool(row and row.pending) and not self.hub.busy)

    @Slot(object)
    def show_error(self, error: AgenticDeskError) -> None:
        errors.show_error(self.banner, error)

    def show_notice(self, text: str) -> None:
        errors.show_message(self.banner, text)

    # ---- actions -----------------------------------------------------------------------------

    @Slot()
    def new_library(self) -> None:
        name = self.ask_name()
        if not name:
            return
        self.banner.hide()
        self._select_after = name
        self.hub.create(name)

    def _ask_name(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            QCoreApplication.translate("library", "New library"),
            QCoreApplication.translate("library", "A name for the library (e.g. “Case notes”):"),
        )
        return text.strip() if ok and text.strip() else None

    @Slot()
    def remove_library(self) -> None:
        row = self.current
        if row is None:
            return
        question = QCoreApplication.translate(
            "library",
            "Remove the library “{name}”? Its {n} files stay where they are on your disk; "
            "what was read from them (passages and search index) is erased for good, and "
            "conversations that use it no longer do.",
        ).format(name=row.name, n=len(row.files))
        if self.confirm(QCoreApplication.translate("library", "Remove library"), question):
            self.hub.remove(row.name)

    @Slot()
    def remove_file(self) -> None:
        row = self.current
        path = self._selected_path()
        record = self.record(path) if path else None
        if row is None or record is None:
            return
        question = QCoreApplication.translate(
            "library",
            "Remove {file} from “{name}”? The file stays on your disk; what was read from it "
            "is erased from the library for good.",
        ).format(file=record.name, name=row.name)
        if self.confirm(QCoreApplication.translate("library", "Remove file"), question):
            self.hub.remove(row.name, record.path)

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def add_files(self, *, folder: bool = False) -> None:
        row = self.current
        if row is None:
            return
        chosen = self.chooser.choose(self, folder=folder)
        if chosen:
            self.add_paths(row.name, chosen)

    def add_paths(self, name: str, paths: list[Path]) -> None:
        self.banner.hide()
        self.hub.add(name, paths)
        self._show_waiting(name)

    @Slot()
    def resume(self) -> None:
        row = self.current
        if row is not None:
            self.hub.resume([row.name])
            self._show_waiting(row.name)

    # ---- indexing ----------------------------------------------------------------------------

    def _show_waiting(self, name: str) -> None:
        if self.progress_box.isHidden():
            self.progress_label.setText(
                QCoreApplication.translate("library", "Getting ready to index “{name}”…").format(
                    name=name
                )
            )
            self.file_bar.setValue(0)
            self.overall_bar.setValue(0)
            self.progress_box.show()
        self._update_buttons()

    @Slot(str, int)
    def _on_started(self, name: str, _queued: int) -> None:
        self._show_waiting(name)

    @Slot(str, object)
    def _on_progress(self, name: str, event: IndexProgress) -> None:
        """An indexing event: shown at once when none was shown in the last PROGRESS_MS,
        else the latest one when that time is up (a progress bar repaints itself at once
        on each new value, and events arrive in bursts)."""
        self._pending_progress = (name, event)
        if event.stage == "done":
            self._progress_timer.stop()
            self._show_progress()
        elif not self._progress_timer.isActive():
            self._show_progress()
            self._progress_timer.start()

    @Slot()
    def _on_progress_timer(self) -> None:
        if self._pending_progress is not None:
            self._show_progress()
            self._progress_timer.start()  # at most once per PROGRESS_MS, also from now on

    def _show_progress(self) -> None:
        if self._pending_progress is None:
            return
        name, event = self._pending_progress
        self._pending_progress = None
        if event.stage == "done":
            set_bar(self.file_bar, 1000)
            set_bar(self.overall_bar, 1000)
            self._set_indexing("")
            self.progress_shown.emit(name, event)
            return
        file_name = Path(event.file).name
        current = self.current
        if current is not None and current.name == name:  # its row says "Indexing…"
            self._set_indexing(event.file if event.stage in ("reading", "embedding") else "")
        stage = {
            "reading": QCoreApplication.translate("library", "Reading"),
            "embedding": QCoreApplication.translate("library", "Indexing"),
            "indexed": QCoreApplication.translate("library", "Indexed"),
            "skipped": QCoreApplication.translate("library", "Unchanged, skipped"),
            "error": QCoreApplication.translate("library", "Could not read"),
        }.get(event.stage, event.stage)
        self.progress_label.setText(
            QCoreApplication.translate(
                "library", "{stage} {file} ({n} of {total}) in “{name}”"
            ).format(
                stage=stage,
                file=file_name,
                n=event.file_index + 1,
                total=event.files_total,
                name=name,
            )
        )
        set_bar(self.file_bar, int(1000 * event.file_fraction))
        set_bar(self.overall_bar, int(1000 * event.overall))
        self.progress_box.show()
        self.progress_shown.emit(name, event)

    def _set_indexing(self, path: str) -> None:
        self._indexing_file = path
        self.files_model.set_indexing(path)

    def _drop_progress(self) -> None:
        """Indexing ended: no late progress is shown after it."""
        self._progress_timer.stop()
        self._pending_progress = None
        self._set_indexing("")

    @Slot(str, str, object)
    def _on_ended(self, name: str, state: str, result: Any) -> None:
        self._drop_progress()
        if state == "done" and isinstance(result, IndexResult):
            said = QCoreApplication.translate(
                "library", "“{name}”: {indexed} indexed, {skipped} unchanged, {failed} not read."
            ).format(
                name=name,
                indexed=len(result.indexed),
                skipped=len(result.skipped),
                failed=len(result.failed),
            )
            self.show_notice(said)
            announce(self, said)
        elif state == "cancelled":
            said = QCoreApplication.translate(
                "library",
                "Indexing “{name}” was cancelled. The files not yet indexed wait; Resume "
                "indexing goes on with them.",
            ).format(name=name)
            self.show_notice(said)
            announce(self, said)
        self._update_buttons()

    @Slot()
    def _on_idle(self) -> None:
        """Nothing is being indexed or waiting to be: the progress goes."""
        self._drop_progress()
        self.progress_box.hide()
        self._update_buttons()


__all__ = ["DocumentsView", "file_status", "findings_text", "library_line"]
