"""Chat with local documents in the window (issue 17): the Documents page, the chat pane's
library picker, a reply's sources. A thin layer over
:class:`agentic_desk.core.library.service.Libraries` (see :mod:`.hub`)."""

from agentic_desk.ui.library.hub import LibraryHub, LibraryRow
from agentic_desk.ui.library.view import DocumentsView

__all__ = ["DocumentsView", "LibraryHub", "LibraryRow"]
