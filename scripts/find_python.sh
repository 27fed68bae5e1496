#!/usr/bin/env bash
# Print the path of a Python >= 3.12, or explain what is missing and fail.
# Order: $PYTHON, the pyenv version named in .python-version, python3.13,
# python3.12, python3, then every pyenv install.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if [ -f .python-version ] && command -v pyenv >/dev/null 2>&1; then
  want=$(head -n1 .python-version)
  for d in "$(pyenv root)"/versions/"$want"*; do
    [ -x "$d/bin/python3" ] && candidates+=("$d/bin/python3")
  done
fi
for name in python3.14 python3.13 python3.12 python3; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
  for name in python3.14 python3.13 python3.12 python3; do
    [ -x "$d/bin/$name" ] && candidates+=("$d/bin/$name")
    [ -x "$d/$name" ] && candidates+=("$d/$name")
  done
done
for c in "${candidates[@]}"; do
  if ok "$c"; then
    "$c" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
cat >&2 <<MSG
Kongsi needs Python 3.12 or newer (Django 6.1), and none was found.
Looked at: ${candidates[*]:-nothing on PATH}
Install one, e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv',
or point PYTHON at it: make run PYTHON=/path/to/python3.12
MSG
exit 1
