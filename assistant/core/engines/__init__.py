"""Engines: where models run, and the one queue in front of each.

``scheduler`` queues every request to an engine; ``hosted`` is the engine as the app uses it, running llama.cpp
in the engine host process (``host``, ``process``, ``protocol``) so that a native crash never takes the app down;
``safe_configs`` remembers how a model loads without crashing on this machine; ``errors`` names what can fail.
``llama`` is the llama.cpp engine the host runs; ``hardware`` and ``offload_plan`` decide how a model is loaded;
``chat_template`` and ``context_window`` turn a conversation into a prompt that fits.
"""
