#!/usr/bin/env bash
# Publishes a release for a pushed version tag: the GitHub release with that version's notes from CHANGELOG.md,
# then the major tag (v1 for v1.2.3) moved to the same commit, so `uses: …@v1` gets the release.
# Run by .github/workflows/release.yml after it has checked dist/ and run the tests; --dry-run prints the
# notes and the tag moves and changes nothing (no GitHub token needed).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/release.sh [--dry-run] vMAJOR.MINOR.PATCH

  Publishes the GitHub release for an existing tag vMAJOR.MINOR.PATCH with the notes of its section in
  CHANGELOG.md ("## [MAJOR.MINOR.PATCH] - date"), then points vMAJOR at the same commit and pushes it — unless
  a higher vMAJOR.x.y tag exists, which keeps vMAJOR.
  Needs: git, and gh with GH_TOKEN (contents: write) unless --dry-run.
  --dry-run   print the notes and what would be tagged and pushed; change nothing
USAGE
}

dry_run=false
tag=''
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "release: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
    *) [ -z "$tag" ] || { echo "release: one tag only, got '$tag' and '$arg'" >&2; exit 2; }; tag=$arg ;;
  esac
done
[ -n "$tag" ] || { usage >&2; exit 2; }

# Strict X.Y.Z: a pre-release (v1.2.3-rc.1) must never move the major tag users pin.
if ! [[ "$tag" =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "release: the tag '$tag' is not vMAJOR.MINOR.PATCH (for example v1.2.3)" >&2
  exit 1
fi
version=${tag#v}
major="v${BASH_REMATCH[1]}"

commit=$(git rev-parse --verify --quiet "refs/tags/$tag^{commit}") || {
  echo "release: there is no tag '$tag' in this repository (push the tag first)" >&2
  exit 1
}

# The notes: the lines after "## [X.Y.Z]" up to the next "## " heading, without the link definitions
# ("[1.0.0]: https://…") that close the file, and without leading/trailing blank lines.
notes=$(awk -v want="## [$version]" '
  index($0, "## ") == 1 { if (found) exit; if (index($0, want) == 1) { found = 1; next } }
  found && !/^\[[^]]+\]: / { print }
' CHANGELOG.md | sed -e '/./,$!d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
if [ -z "$notes" ]; then
  echo "release: CHANGELOG.md has no notes under '## [$version]' for the tag '$tag'; add them before tagging" >&2
  exit 1
fi

# Move the major tag only for the highest version of that major: a fix to an older minor must not pull users back.
highest=$(git tag --list "$major.*.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)
previous=$(git rev-parse --verify --quiet "refs/tags/$major^{commit}" || true)

notes_file=$(mktemp)
trap 'rm -f "$notes_file"' EXIT
printf '%s\n' "$notes" >"$notes_file"

if $dry_run; then
  echo "dry run: would create the GitHub release $tag (commit $commit) with these notes:"
  sed 's/^/  | /' "$notes_file"
else
  gh release create "$tag" --verify-tag --title "$tag" --notes-file "$notes_file"
  echo "created the GitHub release $tag (commit $commit)"
fi

if [ "$highest" != "$tag" ]; then
  echo "kept $major at ${previous:-nothing}: $highest is a higher $major release than $tag"
elif [ "$previous" = "$commit" ]; then
  echo "$major already points at $commit"
elif $dry_run; then
  echo "dry run: would move $major from ${previous:-nothing (new tag)} to $commit and push it (git push --force origin refs/tags/$major)"
else
  git tag --force "$major" "$commit"
  git push --force origin "refs/tags/$major"
  echo "moved $major from ${previous:-nothing (new tag)} to $commit"
fi
