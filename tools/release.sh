#!/usr/bin/env bash
# Makes a release on this machine and pushes nothing: tools/release.sh VERSION [NEXT]   (docs/releasing.md)
#   1. Checks: VERSION is MAJOR.MINOR.PATCH, no tracked file has changes, there is no tag vVERSION yet.
#   2. Sets VERSION in every POM (versions-maven-plugin over the whole reactor, chat-bom included) and in
#      docs/embedding.md's dependency snippets, dates its section of CHANGELOG.md (or turns [Unreleased] into it),
#      and commits that as "Release VERSION" (nothing to commit when the branch already carries VERSION).
#   3. Runs the README's test command, tools/test.sh (every test, then the bench smoke run), with the release
#      profile: the library modules' sources and javadoc jars (javadoc fails on any warning) and, when an earlier
#      release exists (the newest tag vX.Y.Z below VERSION), the API check of every library module against it.
#   4. Installs every artifact into the local Maven repository (where the next release's API check finds this
#      one) and copies what a release page would offer into target/release-VERSION/ with SHA256SUMS.
#   5. Tags that commit vVERSION (annotated), then sets NEXT in every POM (default: the next minor version,
#      -SNAPSHOT) and commits it as "Next development version NEXT".
# Knobs (environment): SKIP_TESTS=1 leaves out step 3's tests (javadoc and the API check still run, in step 4): for
# rehearsing the script in a throwaway clone only; the tag's message then says so. API_BREAK=1 lets the API check
# pass with incompatible changes, for a release that means them (a 0.x minor or a major release; CHANGELOG.md lists
# each under Changed or Removed).
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
if ! [[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "usage: tools/release.sh VERSION [NEXT]   (VERSION like 0.2.0; NEXT defaults to the next minor -SNAPSHOT)" >&2
  exit 2
fi
next=${2:-${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1)).0-SNAPSHOT}
tag="v$version"
mvn=(./mvnw -B -ntp)

# Untracked files are left alone (the commits below take tracked files only), so a local .mvn/maven.config may stay.
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "The work tree has changes; commit or stash them first:" >&2
  git status --short --untracked-files=no >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "Tag $tag exists already." >&2
  exit 1
fi

# The previous release: the newest tag vX.Y.Z whose version sorts below this one.
baseline=$({ git tag --list 'v*' | sed 's/^v//' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' || true; echo "$version"; } \
  | sort -u -t. -k1,1n -k2,2n -k3,3n | awk -v v="$version" '$0 == v { found = prev } { prev = $0 } END { print found }')

set_version() {
  "${mvn[@]}" -q org.codehaus.mojo:versions-maven-plugin:2.25.2:set -DnewVersion="$1" \
    -DgenerateBackupPoms=false -DprocessAllModules=true
}

echo "== Release $version (API baseline: ${baseline:-none, the API check is skipped}; then $next)"
set_version "$version"
sed -i -E "/<artifactId>chat-[a-z-]+<\/artifactId>/{n;s#<version>[^<]*</version>#<version>$version</version>#}" \
  docs/embedding.md
today=$(date -u +%F)
if grep -q -F "## [$version]" CHANGELOG.md; then
  sed -i -E "s/^## \[$version\].*/## [$version] - $today/" CHANGELOG.md
else
  sed -i -E "s/^## \[Unreleased\]$/## [Unreleased]\n\n## [$version] - $today/" CHANGELOG.md
fi
git add -u
git diff --cached --quiet || git commit -q -m "Release $version"

release_args=(-Prelease)
if [ -n "$baseline" ]; then
  release_args+=(-Djapicmp.baseline="$baseline")
  [ "${API_BREAK:-0}" != 1 ] || release_args+=(-Djapicmp.breakOnIncompatible=false)
  # The baseline's jars come from the local repository; on a machine that never built that release, build it
  # from its tag first.
  if ! "${mvn[@]}" -q -o -N dependency:get -Dartifact="dev.chat:chat-core:$baseline" -Dtransitive=false \
    >/dev/null 2>&1; then
    echo "== $baseline is not in the local repository: building it from v$baseline"
    old=$(mktemp -d)
    git worktree add -q --detach "$old/src" "v$baseline"
    (cd "$old/src" && ./mvnw -B -ntp -q install -Dmaven.test.skip=true)
    git worktree remove --force "$old/src"
    rm -rf "$old"
  fi
fi

tested="tests passed"
if [ "${SKIP_TESTS:-0}" = 1 ]; then
  echo "== SKIP_TESTS=1: the tests do not run (a rehearsal, not a release)"
  tested="tests skipped (rehearsal)"
else
  echo "== The README's test command, with the release profile"
  tools/test.sh "${release_args[@]}"
fi

echo "== Building and installing the artifacts"
"${mvn[@]}" -T 2 install -DskipTests -Dfuzz.skip=true "${release_args[@]}"

out="target/release-$version"
rm -rf "$out"
mkdir -p "$out"
for module in chat-core chat-testkit chat-adapters-sqlite chat-adapters-dynamodb chat-adapters-redis \
  chat-adapters-netty chat-client; do
  for kind in "" -sources -javadoc; do
    cp "$module/target/$module-$version$kind.jar" "$out/"
  done
  cp "$module/pom.xml" "$out/$module-$version.pom"
done
cp chat-bom/pom.xml "$out/chat-bom-$version.pom"
cp pom.xml "$out/chat-parent-$version.pom"
cp chat-app/target/chat-app.jar "$out/chat-app-$version.jar"
cp chat-cli/target/chat-cli-all.jar "$out/chat-cli-all-$version.jar"
cp LICENSE CHANGELOG.md "$out/"
(cd "$out" && sha256sum -- * >SHA256SUMS)

git tag -a "$tag" -m "chat $version ($tested)"
set_version "$next"
git add -u
git commit -q -m "Next development version $next"

echo "== Released $version: tag $tag, artifacts in $out and in the local Maven repository; now at $next."
echo "Nothing was pushed. To publish: git push origin $(git rev-parse --abbrev-ref HEAD) $tag"
