#!/usr/bin/env python3
"""Adds the symbols that PublicApiAnalyzers reports as undeclared (RS0016) to PublicAPI.Unshipped.txt, and
removes the ones it reports as gone (RS0017). Run after an intended public API change, then review the diff:
  python3 eng/update-public-api.py src/ProxyProtocol/ProxyProtocol.csproj"""
import re, subprocess, sys, os

proj = sys.argv[1]
folder = os.path.dirname(os.path.abspath(proj))
out = subprocess.run(["dotnet", "build", proj, "--no-incremental", "-p:TreatWarningsAsErrors=false"],
                     capture_output=True, text=True).stdout
add, remove = set(), set()
for m in re.finditer(r"warning (RS0016|RS0017): Symbol '(.+?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found)", out):
    (add if m.group(1) == "RS0016" else remove).add(m.group(2))
path = os.path.join(folder, "PublicAPI.Unshipped.txt")
lines = [l.rstrip("\n") for l in open(path)] if os.path.exists(path) else ["#nullable enable"]
body = [l for l in lines[1:] if l and l not in remove] + sorted(add - set(lines))
with open(path, "w") as f:
    f.write("\n".join(["#nullable enable"] + sorted(set(body), key=lambda s: s.lstrip("~").replace("static ", "").replace("override ", "").replace("abstract ", ""))) + "\n")
print(f"added {len(add)}, removed {len(remove)}")
