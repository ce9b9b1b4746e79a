"""One lock around the llama.cpp calls that touch its process-wide state.

Creating a model or context initialises llama.cpp's backends and registries, and ``llama_print_system_info``
walks them. Those are not safe to run on two threads at once. The engine, the token counter and the hardware
report each run on their own thread; an unlucky overlap once ended a test's child process with "double free or
corruption". Generating with a model already loaded needs no lock: each ``Llama`` stays on its own thread.
"""

from __future__ import annotations

import threading

LLAMA_LOCK = threading.RLock()
