#!/usr/bin/env bash
# The bench's own tools from Debian: wrk (load generator) and Chromium (page
# weight, phone timing). Installs what is missing when it can (root or sudo);
# otherwise says what to install and lets the bench fall back or skip.
set -u
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null && exit 0
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install \
    -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
fi
echo "bench: could not install ${missing[*]} (apt-get install ${missing[*]});" \
  "wrk falls back to the Python client, Chromium steps are skipped." >&2
exit 0
