#!/usr/bin/env bash
# Builds localhost/libsql-test-server:dev: Libsql.TestServer as an OCI image that honours the contract of
# ghcr.io/tursodatabase/libsql-server (entrypoint, SQLD_* variables, /var/lib/sqld, uid/gid 666, SIGTERM),
# with NO base image: a rootfs assembled from a self-contained publish plus the host's shared libraries the
# runtime links against, imported with `podman import` or `docker import`. Nothing is pulled from any registry.
#
# It builds into the store of the runtime the tests use (tests/AppHost.Tests/Container/ContainerTestEnvironment.cs):
# ASPIRE_CONTAINER_RUNTIME when set, else docker when its daemon answers, else podman.
#
# Usage: bash eng/build-test-server-image.sh [--force]
#   --force                      rebuild even when the inputs' hash matches the image's label
#   LIBSQL_TEST_SERVER_IMAGE     image name (default localhost/libsql-test-server:dev)
#   LIBSQL_TEST_SERVER_PROJECT   the project to publish (default Libsql.TestServer.Tool/Libsql.TestServer.Tool.csproj)
#
# A rebuild with nothing changed only hashes the inputs and compares them with the image's label.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
image=${LIBSQL_TEST_SERVER_IMAGE:-localhost/libsql-test-server:dev}
project=${LIBSQL_TEST_SERVER_PROJECT:-$root/Libsql.TestServer.Tool/Libsql.TestServer.Tool.csproj}
project=$(realpath "$project")
work=$root/eng/.build/test-server-image
label=io.libsql-aspire.inputs
force=0
[ "${1:-}" = "--force" ] && force=1

started=$(date +%s%N)
say() { printf '[build-test-server-image] %s\n' "$*" >&2; }
elapsed() { local ms=$((($(date +%s%N) - started) / 1000000)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

if [ -n "${ASPIRE_CONTAINER_RUNTIME:-}" ]; then
  runtime=${ASPIRE_CONTAINER_RUNTIME,,}
elif command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
  runtime=docker
else
  runtime=podman
fi
command -v "$runtime" >/dev/null || { say "$runtime is not installed: run \`bash eng/ci-prereqs.sh\` (or apt-get install podman runc)"; exit 1; }
command -v dotnet >/dev/null || { say "dotnet is not on PATH"; exit 1; }

# The project and every project it references, transitively (what the publish compiles).
declare -A seen=()
collect() {
  local proj=$1 dir ref
  [ -n "${seen[$proj]:-}" ] && return
  seen[$proj]=1
  dir=$(dirname "$proj")
  while IFS= read -r ref; do
    collect "$(realpath "$dir/${ref//\\//}")"
  done < <(grep -oP '<ProjectReference\s+Include="\K[^"]+' "$proj" || true)
}
collect "$project"
project_dirs=()
for proj in "${!seen[@]}"; do project_dirs+=("$(realpath --relative-to="$root" "$(dirname "$proj")")"); done
mapfile -t project_dirs < <(printf '%s\n' "${project_dirs[@]}" | sort)
root_files=(Directory.Build.props Directory.Build.targets Directory.Packages.props global.json .editorconfig)

# Inputs: sources (not bin/obj), the shared build files, this script, the SDK version.
hash=$(
  cd "$root"
  {
    find "${project_dirs[@]}" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum "${root_files[@]}" eng/build-test-server-image.sh
    dotnet --version
  } | sha256sum | cut -c1-16
)

current=$("$runtime" image inspect --format "{{ index .Config.Labels \"$label\" }}" "$image" 2>/dev/null || true)
if [ "$force" = 0 ] && [ "$current" = "$hash" ]; then
  say "$image is up to date (inputs $hash); nothing to do ($(elapsed))"
  exit 0
fi
say "building $image into $runtime's store from ${project_dirs[*]} (inputs $hash)"

# Publish from a private copy of the sources: a RID-specific restore in the shared obj/ folders would rewrite
# project.assets.json under the feet of anyone building the same projects at the same time. The copy keeps its own
# bin/ and obj/ between runs (and tar keeps the files' times), so a rebuild after a small change is incremental.
mkdir -p "$work/src"
for entry in "$work/src"/* "$work/src"/.[!.]*; do
  if [ -d "$entry" ]; then
    find "$entry" -mindepth 1 -maxdepth 1 -not -name bin -not -name obj -exec rm -rf {} +
  elif [ -e "$entry" ]; then
    rm -f "$entry"
  fi
done
tar -C "$root" --exclude=bin --exclude=obj -cf - "${project_dirs[@]}" "${root_files[@]}" | tar -C "$work/src" -xf -
publish=$work/publish
rm -rf "$publish" "$work/rootfs"
name=$(basename "$project" .csproj)
# InvariantGlobalization: no ICU in the image. DebugType none: no pdbs. The documentation file is not needed
# at run time, and without it the code-style check (unused usings needs the documentation file) is off too: the
# solution's build enforces style, this publish only packages.
dotnet publish "$work/src/$(realpath --relative-to="$root" "$project")" -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -p:DebugType=none -p:GenerateDocumentationFile=false -p:EnforceCodeStyleInBuild=false \
  -p:SatelliteResourceLanguages=en -o "$publish" -nologo -v quiet
say "published ($(elapsed))"

# Debugger, tracing and alternative-GC libraries are loaded only on demand (or tolerated missing): leave them out.
rm -f "$publish"/{createdump,libmscordbi.so,libmscordaccore.so,libcoreclrtraceptprovider.so,libclrgc.so,libclrgcexp.so}
rm -f "$publish"/*.xml "$publish"/*.staticwebassets.*.json

rootfs=$work/rootfs
mkdir -p "$rootfs"/{app,bin,etc,tmp,proc,sys,dev,var/lib/sqld,usr/local/bin,root}
chmod 1777 "$rootfs/tmp"
cp -a "$publish/." "$rootfs/app/"
# /bin/sqld is what the image's CMD names; the entrypoint is recognised by its name (ContainerEntrypoint.cs).
ln -s "/app/$name" "$rootfs/bin/sqld"
ln -s "/app/$name" "$rootfs/usr/local/bin/libsql-test-server-entrypoint"

# Shared libraries: what ldd reports for the app host and every native library of the publish, plus OpenSSL,
# which System.Security.Cryptography.Native loads with dlopen (ldd cannot see that).
libs=$(
  {
    for f in "$publish/$name" "$publish"/*.so; do ldd "$f" 2>/dev/null || true; done
    ldd "$(ldconfig -p | awk '/libssl\.so\.3 .*x86-64/ {print $NF; exit}')"
    ldconfig -p | awk '/libssl\.so\.3 .*x86-64/ {print "x => " $NF; exit}'
  } | grep -oE '(=> )?/[^ ]+\.so[^ ]*' | sed 's/^=> //' | grep -v "^$publish" | sort -u
)
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
# No ld.so.cache: the loader then searches its built-in directories, so record ours explicitly.
printf '%s\n' $(for lib in $libs; do dirname "$lib"; done | sort -u) >"$rootfs/etc/ld.so.conf"
ldconfig -r "$rootfs" 2>/dev/null || true

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
sqld:x:666:666:sqld:/var/lib/sqld:/usr/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
sqld:x:666:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

# Owned by root in the tar whoever builds it: the entrypoint hands the data path to uid 666 at start, as the
# real image's wrapper does.
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
size_mb=$(du -sm "$rootfs" | cut -f1)

previous=$("$runtime" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
"$runtime" import \
  --change 'ENTRYPOINT ["/usr/local/bin/libsql-test-server-entrypoint"]' \
  --change 'CMD ["/bin/sqld"]' \
  --change 'WORKDIR /var/lib/sqld' \
  --change 'EXPOSE 5001' \
  --change 'EXPOSE 8080' \
  --change 'VOLUME ["/var/lib/sqld"]' \
  --change 'USER root' \
  --change 'STOPSIGNAL SIGTERM' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
  --change 'ENV DOTNET_EnableDiagnostics=0' \
  --change "LABEL $label=$hash" \
  --change 'LABEL org.opencontainers.image.title=libsql-test-server' \
  --change 'LABEL org.opencontainers.image.description=Libsql.TestServer, a sqld-compatible stand-in for tests (not sqld)' \
  "$work/rootfs.tar" "$image" >/dev/null
rm -rf "$work/rootfs.tar" "$rootfs" "$publish"
# The replaced image is now untagged; drop it unless a container still uses it.
[ -n "$previous" ] && [ "$previous" != "$("$runtime" image inspect --format '{{.Id}}' "$image")" ] && "$runtime" rmi "$previous" >/dev/null 2>&1 || true

say "built $image in $runtime's store: rootfs ${size_mb} MB, image $("$runtime" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.1f MB", $1/1e6}') ($(elapsed))"
