#!/usr/bin/env bash
# Sets up training/.venv with the pinned versions of requirements.txt, once (again when the file
# changes), and prints the interpreter to use. Where this machine keeps a local package index
# (/opt/pypi: the wheels of torch 2.13 CPU, numpy, pillow, pytest), it installs from there alone,
# offline; elsewhere from pip's configured index.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.sha1"
want="$(sha1sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Setting up $venv from requirements.txt" >&2
  python3 -m venv "$venv" >&2
  index=()
  for d in /opt/pypi/simple /opt/pypi-more/simple; do
    if [ -d "$d" ]; then
      if [ ${#index[@]} -eq 0 ]; then index+=(--index-url "file://$d"); else index+=(--extra-index-url "file://$d"); fi
    fi
  done
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${index[@]}" -r "$here/requirements.txt" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
