#!/usr/bin/env bash
# Adds the texts that are new in the code to the Qt Linguist files in resources/i18n/, and marks those that are gone.
# Then open hearth_zh_CN.ts in Linguist (pyside6-linguist) and translate what is marked unfinished;
# tests/test_translations.py fails until every text has its Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=${LUPDATE:-.venv/bin/pyside6-lupdate}
sources=$(find assistant -name '*.py' -not -path 'assistant/cli/*' -not -name __main__.py | sort)
# shellcheck disable=SC2086  # one argument per file
"$lupdate" -locations none -no-obsolete -source-language en -target-language zh_CN $sources -ts resources/i18n/hearth_zh_CN.ts
# English needs only its plural forms ("1 token" against "%n tokens"); every other text is its own source.
# shellcheck disable=SC2086
"$lupdate" -locations none -no-obsolete -pluralonly -source-language en -target-language en $sources -ts resources/i18n/hearth_en.ts
