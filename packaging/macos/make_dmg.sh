#!/usr/bin/env bash
# Wraps dist/Hearth.app (from PyInstaller on macOS) in a compressed disk image with a link to /Applications, so
# that installing is a drag. Runs on macOS only (hdiutil).
#     bash packaging/macos/make_dmg.sh VERSION [VARIANT]
# Signing and notarisation: set MACOS_SIGN_IDENTITY to a "Developer ID Application" identity to sign the app first.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?version}
VARIANT=${2:-metal}
APP=dist/Hearth.app
[ -d "$APP" ] || { echo "no $APP: build it with PyInstaller first" >&2; exit 1; }
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
fi
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=dist/Hearth-$VERSION-macos-$(uname -m)-$VARIANT.dmg
rm -f "$DMG"
hdiutil create -volname "Hearth $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "$DMG"
