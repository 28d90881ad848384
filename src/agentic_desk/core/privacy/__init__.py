"""Privacy helpers: finding sensitive data in a message before it is routed anywhere.

:func:`agentic_desk.core.privacy.detector.detect` looks for e-mail addresses, phone numbers,
national ID numbers, payment cards, IBANs, IP addresses, dates of birth, medical record
numbers, diagnosis codes and API keys or secrets, people's names, postal addresses,
organisations and the user's own sensitive terms. A message with any of them stays on the
local model.

* :mod:`~agentic_desk.core.privacy.detector`: the public interface (``detect``, ``describe``,
  ``Finding``, ``DetectorOptions``), under the name its importers use;
* :mod:`~agentic_desk.core.privacy.scanning`: runs the recognisers, settles overlaps between
  categories and words the summary for the user;
* :mod:`~agentic_desk.core.privacy.recognisers`: one module per kind of data (contact,
  national IDs, payment, network, dates of birth, medical, credentials) and the list of
  recognisers;
* :mod:`~agentic_desk.core.privacy.checksums`: check-digit algorithms (Luhn, Verhoeff,
  mod 97, mod 11, ...);
* :mod:`~agentic_desk.core.privacy.masking`: hiding most of a value for display;
* :mod:`~agentic_desk.core.privacy.terms`: the user's always-sensitive terms;
* :mod:`~agentic_desk.core.privacy.entities`: the optional names model (ONNX, in a thread of
  its own) and what the detector cannot see without it.
"""
