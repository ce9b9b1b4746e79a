#!/usr/bin/env bash
# Builds the Linux packages: the frozen app (PyInstaller, one folder), a .deb that installs it under /opt, and a
# portable .tar.gz. Everything lands in dist/.
#
#     bash packaging/build.sh
#
# It makes its own virtual environment (build/venv) with the app installed as users get it (not editable) and the
# packaging tools. llama.cpp is built for every x86-64 CPU, the variant chosen at run time (PORTABLE_CPU below).
# For a GPU build, set CMAKE_ARGS, e.g. CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_CUDA=on". The bundle is checked against
# packaging/size_budget.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(python3 -c "import re; print(re.search(r'__version__ = \"(.+?)\"', open('assistant/__init__.py').read())[1])")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
APP_ID=io.github.hearth_assistant.Hearth
VARIANT=${HEARTH_VARIANT:-cpu}
PYTHON=${PYTHON:-python3}
LLAMA_VERSION=$(sed -n 's/.*"llama-cpp-python==\([0-9.]*\)".*/\1/p' pyproject.toml)
# Every x86-64 CPU variant (SSE4.2 up to AVX-512 and AMX), of which ggml loads the best this CPU runs: the engine
# asks for them before its first model (core/engines/llama/native.py). llama-cpp-python installs none of the
# libggml-cpu-<variant> libraries, so they are copied from its CMake build folder below (docs/packaging.md).
PORTABLE_CPU="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON"

echo "== Hearth $VERSION ($VARIANT) for Linux $ARCH"
if [ ! -x build/venv/bin/python ]; then
  "$PYTHON" -m venv build/venv
fi
build/venv/bin/python -m pip install -q --upgrade pip
# llama.cpp is compiled for the machines the bundle goes to, not for this one: a native build (pip's default, and
# what pip's wheel cache holds after `pip install .`) carries this CPU's instructions, AMX included, and a bundle
# made from it crashes or stops with "illegal instruction" elsewhere. The build is redone whenever CMAKE_ARGS
# change, and never taken from pip's cache, whose key does not include them.
CMAKE_ARGS=${CMAKE_ARGS:-"$PORTABLE_CPU"}
export CMAKE_ARGS
if [ "$(cat build/venv/.llama-cmake-args 2>/dev/null)" != "$CMAKE_ARGS" ]; then
  echo "== llama.cpp, built with CMAKE_ARGS=$CMAKE_ARGS (about 10 minutes on 2 cores)"
  # The CMake folder is kept (an absolute path: pip builds in a temporary copy of the source, which a relative
  # one would be inside of), so a rebuild is incremental; only the variants are made afresh, so that none from
  # other switches can be copied below.
  find build/llama-cmake -name 'libggml-cpu-*' -delete 2>/dev/null || true
  build/venv/bin/python -m pip install -q --no-cache-dir --force-reinstall --no-deps \
    --config-settings=build-dir="$ROOT/build/llama-cmake" "llama-cpp-python==$LLAMA_VERSION"
  # Found, not imported: its dependencies are installed below.
  LLAMA_LIB=$(build/venv/bin/python -c "import importlib.util, pathlib
print(pathlib.Path(importlib.util.find_spec('llama_cpp').origin).parent / 'lib')")
  rm -f "$LLAMA_LIB"/libggml-cpu-*  # copies from an earlier build: pip's reinstall does not know them
  find build/llama-cmake -name 'libggml-cpu-*' \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) \
    -exec cp {} "$LLAMA_LIB/" \;
  if ! ls "$LLAMA_LIB"/libggml-cpu-* >/dev/null 2>&1 && [[ "$CMAKE_ARGS" == *GGML_CPU_ALL_VARIANTS=ON* ]]; then
    echo "no libggml-cpu-<variant> library was built; the bundle would load no model" >&2
    exit 1
  fi
  echo "$CMAKE_ARGS" > build/venv/.llama-cmake-args
fi
build/venv/bin/python -m pip install -q ".[packaging]"
echo "== OpenCV for OCR, core and imgproc only (about 4 minutes on 2 cores, once)"
# In place of the OpenCV that RapidOCR's requirements pull in (170 MB with codecs, video and BLAS it never calls).
CV2=$(bash packaging/build_opencv.sh "$ROOT/build/venv/bin/python" | tail -1)
build/venv/bin/python -m pip uninstall -q -y opencv-python opencv-python-headless
cp "$CV2" "$(build/venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['platlib'])")/"

echo "== icons"
build/venv/bin/python packaging/make_icons.py build/icons
echo "== translations (Qt's lrelease, from the .ts sources)"
# From build/, so that the installed package (with its .ts files) is the one imported, not the checkout's folder.
(cd build && venv/bin/python -m assistant.ui.common.ui_language i18n)

echo "== frozen app (PyInstaller)"
rm -rf dist/hearth-assistant build/pyinstaller
build/venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/hearth.spec

echo "== size budget"
build/venv/bin/python packaging/check_bundle.py dist/hearth-assistant --budget packaging/size_budget.json \
  --variant "$VARIANT"

echo "== .deb"
STAGE=build/deb
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a dist/hearth-assistant "$STAGE/opt/hearth-assistant"
ln -s /opt/hearth-assistant/hearth-assistant "$STAGE/usr/bin/hearth-assistant"
install -m 644 packaging/linux/$APP_ID.desktop "$STAGE/usr/share/applications/$APP_ID.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" packaging/linux/$APP_ID.metainfo.xml \
  > "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
install -m 644 packaging/linux/$APP_ID.mime.xml "$STAGE/usr/share/mime/packages/$APP_ID.xml"
install -m 644 resources/icons/hearth.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 build/icons/hearth-$size.png "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$INSTALLED_KB/" packaging/linux/control \
  > "$STAGE/DEBIAN/control"
install -m 755 packaging/linux/postinst "$STAGE/DEBIAN/postinst"
install -m 755 packaging/linux/postrm "$STAGE/DEBIAN/postrm"
SUFFIX=$([ "$VARIANT" = cpu ] && echo "" || echo "-$VARIANT")
DEB=dist/hearth-assistant${SUFFIX}_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null

echo "== portable .tar.gz"
PORTABLE=build/portable/hearth-assistant-$VERSION
rm -rf build/portable
mkdir -p "$PORTABLE"
cp -a dist/hearth-assistant/. "$PORTABLE/"
install -m 644 build/icons/hearth-256.png "$PORTABLE/hearth.png"
sed -e 's|^Exec=.*|Exec="@DIR@/hearth-assistant" %f|' -e 's|^Icon=.*|Icon=@DIR@/hearth.png|' \
  packaging/linux/$APP_ID.desktop > "$PORTABLE/$APP_ID.desktop.in"
install -m 755 packaging/linux/install-desktop-entry.sh "$PORTABLE/install-desktop-entry.sh"
TARBALL=dist/hearth-assistant${SUFFIX}-$VERSION-linux-$(uname -m).tar.gz
tar -C build/portable -czf "$TARBALL" "hearth-assistant-$VERSION"

echo "== done"
ls -l "$DEB" "$TARBALL"
