"""The frozen app's entry point: the same ``main`` as the ``assistant`` command."""

import multiprocessing
import sys

from assistant.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
