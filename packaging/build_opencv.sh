#!/usr/bin/env bash
# OpenCV for the bundle's OCR, with only what RapidOCR calls: the core and imgproc modules and their Python binding,
# one static extension module of about 11 MB (PyPI's smallest OpenCV is 170 MB: docs/packaging.md, "OCR and the
# installers"). Built once per version from OpenCV's sources as PyPI serves them (the opencv-python-headless sdist,
# checked by sha256), and cached in build/opencv/.
#
#     bash packaging/build_opencv.sh PYTHON      prints the path of the built cv2 module
#
# No image codecs, video, GUI, OpenCL or downloaded extras (IPP), and OpenCV's own CPU dispatch (a baseline every
# x86-64 CPU runs, faster paths chosen at run time), so the module runs on the machines the bundle goes to.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=$1
VERSION=4.10.0.84
SHA256=f2017c6101d7c2ef8d7bc3b414c37ff7f54d64413a1847d89970b6b7069b4e1a
URL=https://files.pythonhosted.org/packages/2f/7e/d20f68a5f1487adf19d74378d349932a386b1ece3be9be9915e5986db468/opencv-python-headless-$VERSION.tar.gz
WORK=$PWD/build/opencv/$VERSION
TAG=$("$PYTHON" -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
MODULE=$WORK/cv2$TAG
if [ -f "$MODULE" ]; then
  echo "$MODULE"
  exit 0
fi
mkdir -p "$WORK"
if [ ! -d "$WORK/src" ]; then
  curl -fsSL -o "$WORK/sources.tar.gz" "$URL"
  echo "$SHA256  $WORK/sources.tar.gz" | sha256sum -c --quiet -
  mkdir -p "$WORK/src"
  tar xzf "$WORK/sources.tar.gz" -C "$WORK/src" --strip-components=1
  rm "$WORK/sources.tar.gz"
fi
NUMPY=$("$PYTHON" -c "import numpy; print(numpy.get_include())")
INCLUDE=$("$PYTHON" -c "import sysconfig; print(sysconfig.get_paths()['include'])")
OFF=""
for feature in FFMPEG GTK QT IPP ADE OPENCL LAPACK EIGEN PROTOBUF ITT TBB OPENEXR JPEG PNG TIFF WEBP OPENJPEG JASPER \
               V4L GSTREAMER VA VA_INTEL 1394 IMGCODEC_HDR; do
  OFF="$OFF -DWITH_$feature=OFF"
done
cmake -S "$WORK/src/opencv" -B "$WORK/cmake" -DCMAKE_BUILD_TYPE=Release -DBUILD_LIST=core,imgproc,python3 \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_opencv_python3=ON -DPYTHON3_EXECUTABLE="$PYTHON" \
  -DPYTHON3_NUMPY_INCLUDE_DIRS="$NUMPY" -DPYTHON3_INCLUDE_DIR="$INCLUDE" $OFF -DBUILD_TESTS=OFF \
  -DBUILD_PERF_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOCS=OFF -DBUILD_JAVA=OFF -DBUILD_opencv_apps=OFF \
  -DBUILD_ZLIB=ON >"$WORK/configure.log" 2>&1 || { tail -30 "$WORK/configure.log" >&2; exit 1; }
cmake --build "$WORK/cmake" --target opencv_python3 -j "$(nproc)" >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log" >&2; exit 1; }
strip --strip-unneeded -o "$MODULE" "$WORK/cmake/lib/python3/cv2$TAG"
echo "$MODULE"
