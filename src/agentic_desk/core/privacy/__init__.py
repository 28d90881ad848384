"""Privacy helpers: finding sensitive data in a message before it is routed anywhere.

:mod:`agentic_desk.core.privacy.detector` looks for e-mail addresses, phone numbers,
national ID numbers, payment cards, IBANs, IP addresses, dates of birth, medical record
numbers, diagnosis codes and API keys or secrets. A message with any of them stays on
the local model.
"""
