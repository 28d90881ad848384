"""The model manager panel (:class:`ModelsPanel`), one module per section: this computer
(:mod:`.hardware`), the recommended model (:mod:`.recommended`), the Installed
(:mod:`.installed`, with the GGUF import in :mod:`.convert`), Downloads (:mod:`.downloads`)
and Catalog (:mod:`.catalog`) tabs."""

from agentic_desk.ui.models.common import eta_text, size_text
from agentic_desk.ui.models.convert import GgufOptionsDialog
from agentic_desk.ui.models.downloads import DownloadsModel
from agentic_desk.ui.models.panel import ModelsPanel

__all__ = ["DownloadsModel", "GgufOptionsDialog", "ModelsPanel", "eta_text", "size_text"]
