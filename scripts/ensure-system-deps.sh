#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: Chromium for Playwright (its own
# browser download cannot run here), ffmpeg for the video tests' clips and PyTorch + pytest for the training package's tests.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# ffmpeg makes the test clips of the video tests (issue 25) from the e2e face photos at test time.
command -v ffmpeg >/dev/null || need+=(ffmpeg)
# Debian's torch only for the fallback: the training tests normally run in training/.venv (training/setup.sh).
if [ "${1:-}" = "--debian-torch" ]; then
  /usr/bin/python3 -c 'import torch, PIL, numpy' 2>/dev/null || need+=(python3-torch python3-pil python3-numpy)
  /usr/bin/python3 -c 'import pytest' 2>/dev/null || need+=(python3-pytest)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
