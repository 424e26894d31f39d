#!/usr/bin/env bash
# Every test of the project, in order of speed: types, unit tests, training tests, then the
# end-to-end tests against the production build in Debian's headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
echo "== type check";          npx tsc -p .
echo "== no copies of the shared data sets"; npx tsx scripts/check-dataset-copies.ts
echo "== unit tests (Vitest)"; npx vitest run
echo "== training tests (pytest)"
# The training package's own environment (torch 2.13, training/requirements.txt); Debian's torch 1.13
# where it cannot be set up, e.g. on a machine without the wheels and without PyPI.
if ! py="$(bash training/setup.sh)"; then
  echo "training/setup.sh failed: testing with Debian's python3-torch"
  bash scripts/ensure-system-deps.sh --debian-torch
  py=/usr/bin/python3
fi
(cd training && "$py" -m pytest -q)
echo "== production build";    npx vite build --logLevel warn
echo "== size budget";         npx tsx scripts/check-size.ts
echo "== end-to-end tests (Playwright, Chromium)"; npx playwright test
