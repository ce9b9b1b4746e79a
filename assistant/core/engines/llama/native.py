"""One lock around the llama.cpp calls that touch its process-wide state.

Creating a model or context initialises llama.cpp's backends and registries, and ``llama_print_system_info``
walks them. Those are not safe to run on two threads at once. The engine, the token counter and the hardware
report each run on their own thread; an unlucky overlap once ended a test's child process with "double free or
corruption". Generating with a model already loaded needs no lock: each ``Llama`` stays on its own thread.
"""

from __future__ import annotations

import threading

LLAMA_LOCK = threading.RLock()

_backends_ready = False


def ensure_backends(llama_cpp) -> None:
    """Register llama.cpp's CPU backend where the build left that to run time.

    The installers build llama.cpp with ``GGML_BACKEND_DL`` and ``GGML_CPU_ALL_VARIANTS``: one CPU library per
    instruction set (``libggml-cpu-haswell``, ``-skylakex``, ``-sapphirerapids``, ...) beside the others, of which
    ggml loads the best this CPU can run. Nothing is registered until someone asks, and without a CPU backend every
    model load fails. A build that links its CPU backend in (pip's default) already has one and is left alone.
    """
    global _backends_ready
    if _backends_ready:
        return
    with LLAMA_LOCK:
        import ctypes
        from pathlib import Path

        # The registry llama.cpp reads is the one in the libggml that libllama was linked with. On Linux the wheel
        # holds copies, not links (libggml.so and libggml.so.0), and llama_cpp._ggml opens the other copy, whose
        # registry libllama never sees (the installers ship only libggml.so.0, so there it cannot even be opened);
        # a symbol looked up through libllama's handle comes from its own. Windows looks only in the DLL itself,
        # but has one copy of each.
        try:
            ggml = llama_cpp.llama_cpp._lib
            ggml.ggml_backend_reg_by_name  # noqa: B018 - the lookup itself is the test
        except AttributeError:
            from llama_cpp import _ggml

            ggml = _ggml.libggml
        ggml.ggml_backend_reg_by_name.argtypes = [ctypes.c_char_p]
        ggml.ggml_backend_reg_by_name.restype = ctypes.c_void_p
        if not ggml.ggml_backend_reg_by_name(b"CPU"):
            ggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
            ggml.ggml_backend_load_all_from_path.restype = None
            ggml.ggml_backend_load_all_from_path(str(Path(llama_cpp.__file__).parent / "lib").encode())
        _backends_ready = True
