#!/usr/bin/env bash
# Packs the solution the way a user does, checks what each package holds, then uses the packages as a stranger would:
# its own empty NuGet cache, the packed folder and the machine's usual feeds as the only sources, and projects that
# live outside the repository (tests/PackageConsumers is copied out, so no Directory.Build.props or build output of
# the repository reaches them):
#   console  PackageReference ProxyProtocol: reads a v2 header, a typed TLV and a [ProxyTlv] vendor TLV
#   web      PackageReference ProxyProtocol.AspNetCore only: v1 and v2 headers sent to it on loopback
#   readme   README.md's ASP.NET Core snippet as Program.cs: the README's nc command in Development and Production
#   tool     dotnet tool install ProxyProtocol.Tool, proxyproto decode --json
# Usage: eng/consume-packages.sh   (needs the .NET SDK, unzip and nc; exits non-zero with a message on any failure)
set -euo pipefail
cd "$(dirname "$0")/.."
# The projects built here live outside the repository (Directory.Build.props turns the compiler server off only inside
# it): no MSBuild node or compiler server may outlive the script.
export MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false
repo=$PWD
packages=$repo/artifacts/packages
work=$(mktemp -d "${TMPDIR:-/tmp}/proxyprotocol-consumers.XXXXXX")
server_pid=
server_log=

cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "consume-packages: FAILED: $*" >&2; exit 1; }
for program in dotnet unzip nc; do
  command -v "$program" >/dev/null || fail "$program is not installed (.ci/run installs unzip and netcat-openbsd)"
done
step() { echo "consume-packages: [${SECONDS}s] $*"; }

# Runs a command with its output in a log; on failure prints the log and stops with the message given.
run() {
  local message=$1 log
  shift
  log=$(mktemp "$work/log.XXXXXX")
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; fail "$message ($*)"; fi
  cat "$log"
}

# Fails unless $1 (the text) contains $2.
expect() { [[ $1 == *"$2"* ]] || { printf '%s\n' "$1" >&2; fail "$3: expected to see '$2'"; }; }

# Fails unless package $1 was restored into package folder $2 and is the very file that was packed.
restored_is_packed() {
  local id=${1,,}
  cmp -s "$2/$id/$version/$id.$version.nupkg" "$packages/$1.$version.nupkg" \
    || fail "$1 $version in $2 is missing or is not the packed package"
}

# Runs the app built in $1 (assembly $2) from its output folder on a free loopback port, and sets $port from the
# first line of its output that starts with $3 followed by the port.
start_server() {
  local marker=$3 line=
  server_log=$(mktemp "$work/server.XXXXXX")
  (cd "$1/bin/Release/net10.0" && exec dotnet "$2.dll" --urls http://127.0.0.1:0 >"$server_log" 2>&1) &
  server_pid=$!
  for _ in $(seq 1 300); do
    line=$(grep -m 1 -F "$marker" "$server_log" || true)
    [[ -n $line ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; fail "$2 exited before listening"; }
    sleep 0.1
  done
  [[ -n $line ]] || { cat "$server_log" >&2; fail "$2 did not print '$marker' within 30 s"; }
  port=${line##*:}
  port=${port%%[^0-9]*}
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# Writes the bytes of a hex string to stdout.
hex_bytes() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }

# ---------------------------------------------------------------------------------------------------------------
step "dotnet pack ProxyProtocol.sln -c Release -o artifacts/packages"
rm -rf "$packages"
pack_log=$(run "packing the solution" dotnet pack ProxyProtocol.sln -c Release -o artifacts/packages)
if grep -qiE '(^|[^a-z])warning ' <<<"$pack_log"; then
  grep -iE '(^|[^a-z])warning ' <<<"$pack_log" >&2
  fail "packing printed warnings"
fi

core=$(find "$packages" -maxdepth 1 -name 'ProxyProtocol.[0-9]*.nupkg' -printf '%f\n')
[[ $core =~ ^ProxyProtocol\.(.+)\.nupkg$ ]] || fail "no ProxyProtocol .nupkg in $packages"
version=${BASH_REMATCH[1]}
step "packed version $version"

# Exactly these packages, each with exactly these files (the package format's own files aside).
expected_packages="ProxyProtocol.$version.nupkg
ProxyProtocol.$version.snupkg
ProxyProtocol.AspNetCore.$version.nupkg
ProxyProtocol.AspNetCore.$version.snupkg
ProxyProtocol.Tool.$version.nupkg"
actual_packages=$(find "$packages" -maxdepth 1 -type f -printf '%f\n' | sort)
[[ $actual_packages == "$(sort <<<"$expected_packages")" ]] \
  || fail "artifacts/packages holds:"$'\n'"$actual_packages"$'\n'"expected:"$'\n'"$expected_packages"

contents() {
  local file=$1 expected=$2 actual
  actual=$(unzip -Z1 "$packages/$file" | grep -vE '^(_rels/|package/|\[Content_Types\]\.xml$|[^/]+\.nuspec$)' | sort)
  [[ $actual == "$(sort <<<"$expected")" ]] \
    || fail "$file holds:"$'\n'"$actual"$'\n'"expected:"$'\n'"$expected"
}
contents "ProxyProtocol.$version.nupkg" "README.md
analyzers/dotnet/cs/ProxyProtocol.Generators.dll
lib/net10.0/ProxyProtocol.dll
lib/net10.0/ProxyProtocol.xml"
contents "ProxyProtocol.$version.snupkg" "lib/net10.0/ProxyProtocol.pdb"
# The PPTLV105 code fix ("Add 'partial'") ships inside the generator's assembly (IDEs load it from there).
unzip -p "$packages/ProxyProtocol.$version.nupkg" analyzers/dotnet/cs/ProxyProtocol.Generators.dll >"$work/generator.dll"
grep -aq AddPartialCodeFix "$work/generator.dll" || fail "the packed ProxyProtocol.Generators.dll has no AddPartialCodeFix"
contents "ProxyProtocol.AspNetCore.$version.nupkg" "README.md
lib/net10.0/ProxyProtocol.AspNetCore.dll
lib/net10.0/ProxyProtocol.AspNetCore.xml"
contents "ProxyProtocol.AspNetCore.$version.snupkg" "lib/net10.0/ProxyProtocol.AspNetCore.pdb"
contents "ProxyProtocol.Tool.$version.nupkg" "README.md
tools/net10.0/any/DotnetToolSettings.xml
tools/net10.0/any/ProxyProtocol.dll
tools/net10.0/any/ProxyProtocol.pdb
tools/net10.0/any/System.CommandLine.dll
tools/net10.0/any/System.IO.Hashing.dll
tools/net10.0/any/proxyproto.deps.json
tools/net10.0/any/proxyproto.dll
tools/net10.0/any/proxyproto.pdb
tools/net10.0/any/proxyproto.runtimeconfig.json"

commit=$(git rev-parse HEAD 2>/dev/null || true)
for id in ProxyProtocol ProxyProtocol.AspNetCore ProxyProtocol.Tool; do
  nuspec=$(unzip -p "$packages/$id.$version.nupkg" "$id.nuspec")
  expect "$nuspec" '<license type="expression">MIT</license>' "$id.nuspec"
  expect "$nuspec" '<readme>README.md</readme>' "$id.nuspec"
  [[ $nuspec =~ \<description\>[^\<]{20,}\</description\> ]] || fail "$id.nuspec has no description"
  if [[ -n $commit ]]; then expect "$nuspec" "commit=\"$commit\"" "$id.nuspec (repository commit)"; fi
done
# Users of ProxyProtocol.AspNetCore alone declare vendor TLVs: the core's analyzers must not be excluded on the way.
aspnet_nuspec=$(unzip -p "$packages/ProxyProtocol.AspNetCore.$version.nupkg" ProxyProtocol.AspNetCore.nuspec)
dependency=$(grep -o '<dependency id="ProxyProtocol" [^>]*>' <<<"$aspnet_nuspec") || fail "ProxyProtocol.AspNetCore does not depend on ProxyProtocol"
[[ $dependency != *exclude=* ]] || fail "ProxyProtocol.AspNetCore's dependency excludes assets of the core package: $dependency"
for id in ProxyProtocol ProxyProtocol.AspNetCore; do
  # Portable PDBs start with the metadata signature "BSJB".
  [[ $(unzip -p "$packages/$id.$version.snupkg" "lib/net10.0/$id.pdb" | head -c 4) == BSJB ]] || fail "$id.pdb is not a portable PDB"
done
if [[ $version != *-* ]]; then
  grep -q "^## \[$version\]" CHANGELOG.md || fail "CHANGELOG.md has no '## [$version]' entry for the packed version"
fi

# ---------------------------------------------------------------------------------------------------------------
# A stranger's machine: empty package and HTTP caches; sources are the packed folder (for ProxyProtocol* only) and the
# feeds this machine already uses (for everything else).
export NUGET_PACKAGES=$work/nuget-packages NUGET_HTTP_CACHE_PATH=$work/nuget-http-cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
apps=$work/apps
mkdir "$apps"
# Each enabled source as "name<TAB>url". The names stay as the machine spells them: credentials and settings for a
# source are stored under its name, so a renamed source would lose them.
enabled_sources() {
  (cd "$1" && DOTNET_CLI_UI_LANGUAGE=en dotnet nuget list source --format detailed) | awk '
    /^ *[0-9]+\. / { enabled = ($NF == "[Enabled]"); sub(/^ *[0-9]+\. +/, ""); sub(/ \[(Enabled|Disabled)\]$/, ""); name = $0; next }
    name != "" { sub(/^ +/, ""); if (enabled) print name "\t" $0; name = "" }'
}
xml() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g' <<<"$1"; }
feeds=$(enabled_sources "$apps")
[[ -n $feeds ]] || fail "no enabled NuGet source is configured on this machine"
packed=proxyprotocol-packed
awk -F '\t' -v name="$packed" '$1 == name { found = 1 } END { exit !found }' <<<"$feeds" && fail "this machine has a NuGet source named $packed, the name used here for artifacts/packages"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"$packed\" value=\"$(xml "$packages")\" />"
  while IFS=$'\t' read -r name url; do echo "    <add key=\"$(xml "$name")\" value=\"$(xml "$url")\" />"; done <<<"$feeds"
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo "    <packageSource key=\"$packed\"><package pattern=\"ProxyProtocol\" /><package pattern=\"ProxyProtocol.*\" /></packageSource>"
  while IFS=$'\t' read -r name _; do echo "    <packageSource key=\"$(xml "$name")\"><package pattern=\"*\" /></packageSource>"; done <<<"$feeds"
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$apps/nuget.config"
[[ $(enabled_sources "$apps") == "$packed"$'\t'"$packages"$'\n'"$feeds" ]] \
  || fail "the consumers' nuget.config does not list the packed folder and this machine's sources by their own names:"$'\n'"$(enabled_sources "$apps")"
# The consumers' sources only: a bin or obj folder left by building them inside the repository stays behind.
tar -C tests/PackageConsumers --exclude=bin --exclude=obj -cf - . | tar -C "$apps" -xf -

step "console app: PackageReference ProxyProtocol $version"
cp tlv-registry.json "$apps/Console/"
run "building the console app" dotnet build "$apps/Console" -c Release -p:ProxyProtocolVersion="$version" >/dev/null
restored_is_packed ProxyProtocol "$NUGET_PACKAGES"
output=$(run "running the console app" dotnet "$apps/Console/bin/Release/net10.0/ConsoleConsumer.dll")
expect "$output" "version=2 source=203.0.113.7:51000 authority=example.com tenant=blue payload=payload" "console app"
echo "  $output"

# A declaration that clashes with a registered TLV is a compile error with the generator's id.
printf 'using ProxyProtocol;\n[ProxyTlv(0x02)] public readonly partial record struct Clash(string Value);\n' >"$apps/Console/Clash.cs"
# Its SARIF log links the rule to its section of docs/diagnostics.md (the descriptor's help link, shown by IDEs too).
if clash=$(dotnet build "$apps/Console" -c Release -p:ProxyProtocolVersion="$version" "-p:ErrorLog=$work/clash.sarif%2Cversion=2.1" 2>&1); then
  fail "a [ProxyTlv(0x02)] declaration (AUTHORITY's type) built without an error"
fi
expect "$clash" "error PPTLV101" "building a clashing [ProxyTlv] declaration"
expect "$(tr -d ' \n' <"$work/clash.sarif")" '"id":"PPTLV101"' "the SARIF log of the failed build"
expect "$(tr -d ' \n' <"$work/clash.sarif")" '"helpUri":"https://github.com/proxyprotocol-dotnet/ProxyProtocol/blob/main/docs/diagnostics.md#pptlv101"' "the SARIF log of the failed build"
echo "  [ProxyTlv(0x02)] -> error PPTLV101, SARIF helpUri docs/diagnostics.md#pptlv101"

step "web app: PackageReference ProxyProtocol.AspNetCore $version only"
run "building the web app" dotnet build "$apps/Web" -c Release -p:ProxyProtocolVersion="$version" >/dev/null
restored_is_packed ProxyProtocol.AspNetCore "$NUGET_PACKAGES"
start_server "$apps/Web" WebConsumer 'listening http://127.0.0.1:'
request='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
v1=$( { printf 'PROXY TCP4 192.0.2.10 192.0.2.1 40000 80\r\n'; printf "$request"; } | nc -w 10 127.0.0.1 "$port" || true)
expect "$v1" "client=192.0.2.10:40000 version=1 tenant=-" "web app, v1 header"
echo "  v1: $(grep -o 'client=.*' <<<"$v1")"
v2hex=0d0a0d0a000d0a515549540a21110021cb007107c0000201c73801bb02000b6578616d706c652e636f6de50004626c7565
v2=$( { hex_bytes "$v2hex"; printf "$request"; } | nc -w 10 127.0.0.1 "$port" || true)
expect "$v2" "client=203.0.113.7:51000 version=2 tenant=blue" "web app, v2 header"
echo "  v2: $(grep -o 'client=.*' <<<"$v2")"
none=$(printf "$request" | nc -w 10 127.0.0.1 "$port" || true)
[[ $none != *client=* ]] || fail "the web app answered a request without a PROXY header: $none"
stop_server

step "README.md's ASP.NET Core snippet as a new web app"
awk '/^<!-- snippet: web -->$/ { f = 1; next } f == 1 && /^```csharp$/ { f = 2; next } f == 2 && /^```$/ { exit } f == 2' \
  README.md >"$apps/ReadmeWeb/Program.cs"
[[ -s $apps/ReadmeWeb/Program.cs ]] || fail "README.md has no '<!-- snippet: web -->' csharp block"
run "building README.md's ASP.NET Core snippet" dotnet build "$apps/ReadmeWeb" -c Release -p:ProxyProtocolVersion="$version" >/dev/null
readme_nc=$(sed -n "s/^\$ printf '\(PROXY TCP4 [^']*\)' | nc 127.0.0.1 8080$/\1/p" README.md)
[[ -n $readme_nc ]] || fail "README.md's quick start has no \"printf 'PROXY TCP4 …' | nc 127.0.0.1 8080\" command"
ASPNETCORE_ENVIRONMENT=Development start_server "$apps/ReadmeWeb" ReadmeWeb 'Now listening on: http://127.0.0.1:'
answer=$(printf "$readme_nc" | nc -w 10 127.0.0.1 "$port" || true)
expect "$answer" "client 192.168.1.100, SNI" "README snippet in Development, README's nc command"
echo "  Development: $(grep -o 'client .*' <<<"$answer")"
stop_server
ASPNETCORE_ENVIRONMENT=Production start_server "$apps/ReadmeWeb" ReadmeWeb 'Now listening on: http://127.0.0.1:'
answer=$(printf "$readme_nc" | nc -w 10 127.0.0.1 "$port" || true)
[[ $answer != *client* ]] || fail "README snippet in Production answered a header from untrusted loopback: $answer"
echo "  Production: no answer (loopback is not a trusted network)"
stop_server

# The command a user types: the machine's sources plus the packed folder (outside $apps, whose source mapping would
# refuse --add-source).
step "tool: dotnet tool install ProxyProtocol.Tool $version"
(cd "$work" && run "installing the tool" dotnet tool install --tool-path "$work/tools" --add-source "$packages" --version "$version" ProxyProtocol.Tool) >/dev/null
restored_is_packed ProxyProtocol.Tool "$work/tools/.store/proxyprotocol.tool/$version"
decoded=$(run "running proxyproto decode --json" "$work/tools/proxyproto" decode --json "$v2hex")
expect "$decoded" '"valid":true' "proxyproto decode --json"
expect "$decoded" '"source":"203.0.113.7:51000"' "proxyproto decode --json"
expect "$decoded" 'example.com' "proxyproto decode --json"
echo "  $decoded"

step "all packages consumed"
