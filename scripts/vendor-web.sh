#!/usr/bin/env bash
# Vendors the dashboard's code editor: CodeMirror 5 (MIT), from the npm registry, into
# src/Web/wwwroot/vendor/codemirror/ (ignored by git). The Web project's build runs this when the
# files are missing (Radzen has no code editor). CodeMirror 5 ships plain scripts, so nothing is
# bundled: the files are taken from the package as they are.
set -euo pipefail

version=5.65.18
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/src/Web/wwwroot/vendor/codemirror"
[ -f "$target/VERSION" ] && [ "$(cat "$target/VERSION")" = "$version" ] && exit 0

command -v npm >/dev/null || { echo "vendor-web.sh: npm is needed to fetch CodeMirror $version (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "codemirror@$version" >/dev/null)
tar -xzf "$work/codemirror-$version.tgz" -C "$work"
mkdir -p "$target"
for file in lib/codemirror.js lib/codemirror.css mode/yaml/yaml.js \
            addon/fold/foldcode.js addon/fold/foldgutter.js addon/fold/foldgutter.css addon/fold/indent-fold.js \
            theme/material-darker.css LICENSE; do
  install -m 0644 "$work/package/$file" "$target/$(basename "$file")"
done
echo "$version" > "$target/VERSION"
echo "vendor-web.sh: CodeMirror $version in ${target#"$root"/}" >&2
