"""Chat providers: the local engine and servers reached over HTTP, cloud APIs (OpenAI,
OpenRouter, Anthropic...) and local servers (Ollama, LM Studio...).

* :mod:`.events` - the events of a streamed reply and the provider interface, the same
  for every provider;
* :mod:`.local` - the local engine as a provider;
* :mod:`.config` - a configured HTTP provider; :mod:`.factory` - the provider for it;
* :mod:`.errors` - :class:`~.errors.ProviderError` and the wording of every failure;
* :mod:`.http` - the cancellable stream and the request/retry loop;
* :mod:`.openai_compat`, :mod:`.anthropic` - the wire formats; :mod:`.sse` - the parser.

Import names from the module that defines them: this package imports nothing, so
importing a light module (such as :mod:`.events`) does not bring in the HTTP stack.
"""
