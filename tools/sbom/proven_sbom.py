#!/usr/bin/env python3
"""Proven's own SBOM: a CycloneDX 1.6 JSON document (make sbom, docs/sbom.md).

Lists what Proven is built and tested with:
  * the Debian packages of BUILD_PKGS (scope "required") and TEST_PKGS (scope "optional") in the
    Makefile, at the versions dpkg reports on this machine. A package that is not installed is
    still listed, without a version, with the property proven:installed = false;
  * the npm packages of package-lock.json (the browser tests' tools: "dev" ones are optional).

purls follow purl-spec (types/deb and types/npm in tests/fixtures/sbom/conformance/purl-spec):
pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-<VERSION_ID> and pkg:npm/<name>@<version>,
a scope written %40scope/name; names percent-encoded (g++ is g%2B%2B). Versions are percent-encoded except for purl-spec's unreserved
characters and ':' (its canonical form keeps a Debian epoch as "1:2.4.47-2", and encodes '+').

The output is deterministic: components sorted by bom-ref, the timestamp from SOURCE_DATE_EPOCH or
else the commit time of HEAD, and the serialNumber a UUID (version 5) of the SHA-256 of the document
without it. Python 3 standard library only.

Usage: tools/sbom/proven_sbom.py [--output FILE] [--source-dir DIR]   (prints the file written)
"""

import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
import uuid

SPEC_VERSION = "1.6"
# The namespace of the serialNumber UUIDs: fixed, so that equal content gives an equal serial.
SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "proven:tools/sbom/proven_sbom.py")
# Characters a purl version keeps as they are (purl-spec: unreserved, and ':' in the canonical form).
PURL_SAFE = ":"


def run(args, cwd):
    """A command's stdout (stripped), or None when it is missing or fails."""
    try:
        out = subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def makefile_variables(path):
    """NAME := value assignments of a Makefile, with backslash continuations joined."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    variables = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:?=\s*(.*)$", line)
        if m:
            variables[m.group(1)] = m.group(2).strip()
    return variables


def project_version(cmakelists):
    with open(cmakelists, encoding="utf-8") as f:
        m = re.search(r"project\s*\(\s*\S+[^)]*?\bVERSION\s+([0-9][0-9A-Za-z.+-]*)", f.read())
    return m.group(1) if m else None


def debian_distro():
    """distro qualifier: debian-<VERSION_ID> from /etc/os-release (debian-12 on the target)."""
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    except OSError:
        return "debian-12"
    os_id = fields.get("ID", "").strip('"')
    version_id = fields.get("VERSION_ID", "").strip('"')
    if os_id == "debian" and version_id:
        return "debian-" + version_id
    return "debian-12"


def dpkg_status(names):
    """{name: (version, arch)} of the installed ones among `names`, from one dpkg-query call (it
    exits non-zero when some name is unknown, and still prints the others)."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Package}\t${db:Status-Status}\t${Version}\t${Architecture}\n"]
            + sorted(names), capture_output=True, text=True).stdout
    except OSError:
        return {}
    native = run(["dpkg", "--print-architecture"], cwd=None)
    installed = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] != "installed" or not parts[2]:
            continue
        name, _, version, arch = parts
        # Multi-Arch: the native (or arch: all) package wins over a foreign one of the same name.
        if name not in installed or arch in (native, "all"):
            installed[name] = (version, arch)
    return installed


def purl_version(version):
    return urllib.parse.quote(version, safe=PURL_SAFE)


def debian_component(name, scope, distro, status):
    if status:
        version, arch = status
        purl = "pkg:deb/debian/{}@{}?arch={}&distro={}".format(
            urllib.parse.quote(name, safe=""), purl_version(version), arch, distro)
        component = {"type": "library", "bom-ref": purl, "name": name, "version": version,
                     "scope": scope, "purl": purl,
                     "properties": [{"name": "proven:installed", "value": "true"}]}
    else:
        purl = "pkg:deb/debian/{}?distro={}".format(urllib.parse.quote(name, safe=""), distro)
        component = {"type": "library", "bom-ref": purl, "name": name, "scope": scope, "purl": purl,
                     "properties": [
                         {"name": "proven:installed", "value": "false"},
                         {"name": "proven:note",
                          "value": "not installed where this SBOM was made: version unknown"}]}
    component["properties"].append(
        {"name": "proven:makefile-list", "value": "BUILD_PKGS" if scope == "required" else "TEST_PKGS"})
    return component


def spdx_license_ids(source_dir):
    path = os.path.join(source_dir, "data", "sbom", "schemas", "spdx.schema.json")
    try:
        with open(path, encoding="utf-8") as f:
            return set(json.load(f).get("enum", []))
    except (OSError, ValueError):
        return set()


def npm_purl(name, version):
    if name.startswith("@") and "/" in name:
        scope, base = name.split("/", 1)
        name = "%40" + urllib.parse.quote(scope[1:], safe="") + "/" + urllib.parse.quote(base, safe="")
    else:
        name = urllib.parse.quote(name, safe="")
    return "pkg:npm/{}@{}".format(name, purl_version(version))


def integrity_hashes(integrity):
    """npm "integrity" (SRI: sha512-<base64> ...) as CycloneDX hashes."""
    algs = {"sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512"}
    hashes = []
    for token in (integrity or "").split():
        alg, _, b64 = token.partition("-")
        if alg in algs and b64:
            try:
                hashes.append({"alg": algs[alg], "content": base64.b64decode(b64).hex()})
            except ValueError:
                continue
    return hashes


def npm_components(lock_path, license_ids):
    """Components of a package-lock.json (lockfileVersion 2 or 3: the "packages" map), and each
    one's dependencies as bom-refs (resolved the way node does: nearest node_modules upwards)."""
    if not os.path.exists(lock_path):
        return [], {}
    with open(lock_path, encoding="utf-8") as f:
        lock = json.load(f)
    packages = lock.get("packages")
    if packages is None:
        sys.exit("{}: lockfileVersion {} has no \"packages\" map (npm 7 or later writes one)".format(
            lock_path, lock.get("lockfileVersion")))
    refs = {}
    for path, entry in packages.items():
        if not path or entry.get("link") or "node_modules/" not in path:
            continue
        name = entry.get("name") or path.rsplit("node_modules/", 1)[1]
        version = entry.get("version")
        if version:
            refs[path] = (name, version, npm_purl(name, version))

    def resolve(from_path, dep):
        base = from_path
        while True:
            candidate = (base + "/node_modules/" if base else "node_modules/") + dep
            if candidate in refs:
                return refs[candidate][2]
            if not base:
                return None
            cut = base.rfind("/node_modules/")
            base = base[:cut] if cut >= 0 else ""

    components = {}
    depends = {}
    for path, (name, version, purl) in refs.items():
        entry = packages[path]
        component = {"type": "library", "bom-ref": purl}
        if name.startswith("@") and "/" in name:
            component["group"], component["name"] = name.split("/", 1)
        else:
            component["name"] = name
        component["version"] = version
        component["scope"] = "optional" if entry.get("dev") or entry.get("optional") else "required"
        hashes = integrity_hashes(entry.get("integrity"))
        if hashes:
            component["hashes"] = hashes
        license_text = entry.get("license")
        if isinstance(license_text, str) and license_text:
            if license_text in license_ids:
                component["licenses"] = [{"license": {"id": license_text}}]
            else:
                component["licenses"] = [{"expression": license_text}]
        component["purl"] = purl
        if entry.get("resolved"):
            component["externalReferences"] = [{"type": "distribution", "url": entry["resolved"]}]
        component["properties"] = [{"name": "proven:package-lock-path", "value": path}]
        if purl in components:
            # The same name@version installed at two paths is one component.
            continue
        components[purl] = component
        deps = set()
        for field in ("dependencies", "optionalDependencies", "peerDependencies"):
            for dep in entry.get(field, {}) or {}:
                ref = resolve(path, dep)
                if ref:
                    deps.add(ref)
        depends[purl] = sorted(deps)
    return list(components.values()), depends


def timestamp(source_dir):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        epoch = run(["git", "log", "-1", "--format=%ct"], cwd=source_dir)
    try:
        seconds = int(epoch or 0)
    except ValueError:
        sys.exit("SOURCE_DATE_EPOCH is not a number of seconds: {!r}".format(epoch))
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_document(source_dir):
    variables = makefile_variables(os.path.join(source_dir, "Makefile"))
    for needed in ("BUILD_PKGS", "TEST_PKGS"):
        if needed not in variables:
            sys.exit("{}: no {} variable".format(os.path.join(source_dir, "Makefile"), needed))
    for needed in ("BUILD_PKGS", "TEST_PKGS"):
        if "$" in variables[needed]:
            sys.exit("{}: {} refers to another variable; this script reads plain lists only".format(
                os.path.join(source_dir, "Makefile"), needed))
    distro = debian_distro()
    scopes = {}
    for name in variables["TEST_PKGS"].split():
        scopes[name] = "optional"
    for name in variables["BUILD_PKGS"].split():
        scopes[name] = "required"  # in both lists: needed to build, so required
    installed = dpkg_status(scopes.keys())
    components = [debian_component(name, scope, distro, installed.get(name)) for name, scope in scopes.items()]
    npm, npm_depends = npm_components(os.path.join(source_dir, "package-lock.json"),
                                      spdx_license_ids(source_dir))
    components += npm
    components.sort(key=lambda c: c["bom-ref"])

    version = project_version(os.path.join(source_dir, "CMakeLists.txt"))
    describe = run(["git", "describe", "--always", "--dirty"], cwd=source_dir)
    if not version:
        version = describe or "unknown"
    proven = {"type": "application", "bom-ref": "proven", "name": "proven", "version": version,
              "description": "Proven (this repository), as built and tested from its Makefile"}
    if describe:
        proven["properties"] = [{"name": "proven:git-describe", "value": describe}]

    dependencies = [{"ref": "proven", "dependsOn": [c["bom-ref"] for c in components]}]
    for ref in sorted(npm_depends):
        dependencies.append({"ref": ref, "dependsOn": npm_depends[ref]})

    document = {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": {
            "timestamp": timestamp(source_dir),
            "tools": {"components": [{"type": "application", "name": "proven_sbom.py",
                                      "description": "tools/sbom/proven_sbom.py (make sbom)"}]},
            "component": proven,
        },
        "components": components,
        "dependencies": dependencies,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    serial = uuid.uuid5(SERIAL_NAMESPACE, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    return {"$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
            "bomFormat": document.pop("bomFormat"), "specVersion": document.pop("specVersion"),
            "serialNumber": "urn:uuid:" + str(serial), **document}


def main():
    default_source = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser = argparse.ArgumentParser(description="Write Proven's own SBOM (CycloneDX 1.6 JSON).")
    parser.add_argument("--source-dir", default=default_source, help="the repository (default: this script's)")
    parser.add_argument("--output", help="the file to write (default: SOURCE/build/sbom/proven.cdx.json)")
    args = parser.parse_args()
    output = args.output or os.path.join(args.source_dir, "build", "sbom", "proven.cdx.json")
    document = build_document(args.source_dir)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    temporary = output + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(temporary, output)
    print(output)


if __name__ == "__main__":
    main()
