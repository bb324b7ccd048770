#!/usr/bin/env python3
"""Reference Python import edges for a repository, from Python's own `ast`.

An independent second reading of the rules cartograph's resolver follows (see README, "The
import graph"), written against the import system rather than against cartograph's code:

- sys.path for a file: the directory of its top-level package (or its own directory when it is
  in no package), then the repository root, `src/`, and every directory holding a top-level
  package (shallowest first);
- `import a.b.c` is the module a/b/c (a/b/c.py or a/b/c/__init__.py), not its parents;
- `from a.b import x` is a/b/x when that is a module (unless a/b/__init__.py defines a
  function or class x after its last import of that module, which rebinds the name), else the
  package a/b;
- relative imports climb from the file's package.

Prints one JSON object per line: {"from": path, "to": path}, unique, without self-edges.
Usage: python_imports.py REPO_DIR   (files: `git ls-files` when REPO_DIR is a git work tree)
"""
import ast
import json
import os
import subprocess
import sys


def list_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                             capture_output=True).stdout
        return [p for p in out.decode("utf-8", "replace").split("\0") if p]
    except (subprocess.CalledProcessError, FileNotFoundError):
        found = []
        for dirpath, _, names in os.walk(root):
            for name in names:
                found.append(os.path.relpath(os.path.join(dirpath, name), root))
        return found


def main():
    root = sys.argv[1]
    files = set(p for p in list_files(root) if p.endswith(".py"))

    def is_module(path):
        return path in files

    def dirname(path):
        return path.rsplit("/", 1)[0] if "/" in path else ""

    def join(*parts):
        return "/".join(p for p in parts if p)

    inits = {dirname(p) for p in files if p.endswith("__init__.py") and p.split("/")[-1] == "__init__.py"}
    tops = {d for d in inits if d and dirname(d) not in inits}
    roots_all = sorted({dirname(d) for d in tops}, key=lambda d: (len([x for x in d.split("/") if x]), d))

    def module_file(base, dotted):
        rel = dotted.replace(".", "/")
        for cand in (join(base, rel + ".py"), join(base, rel, "__init__.py")):
            if is_module(cand):
                return cand
        return None

    def sys_path(path):
        d = dirname(path)
        first = d
        if d in inits:
            top = d
            while dirname(top) in inits and top:
                top = dirname(top)
            first = dirname(top)
        order = [first]
        for r in ["", "src"] + roots_all:
            if r not in order:
                order.append(r)
        return order

    rebound_cache = {}

    def rebound(init, name):
        """True when `init` (a package's __init__.py) defines a function or class `name` at
        top level after its last import of the submodule `name`, so that the definition, not
        the submodule, is what `from package import name` gets."""
        if init not in rebound_cache:
            defined, imported = {}, {}
            try:
                with open(os.path.join(root, init), "rb") as handle:
                    tree = ast.parse(handle.read(), filename=init)
                for node in tree.body:
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        defined.setdefault(node.name, node.lineno)
                for node in ast.walk(tree):
                    if isinstance(node, ast.ImportFrom):
                        raw = "." * node.level + (node.module or "")
                        imported.setdefault(raw, []).append(node.lineno)
            except (SyntaxError, ValueError, OSError):
                pass
            rebound_cache[init] = (defined, imported)
        defined, imported = rebound_cache[init]
        if name not in defined:
            return False
        sub = "." + name
        later = [line for raw, lines in imported.items()
                 if raw == sub or raw.startswith(sub + ".") or raw.endswith(sub)
                 for line in lines if line > defined[name]]
        return not later

    edges = set()
    for path in sorted(files):
        try:
            with open(os.path.join(root, path), "rb") as handle:
                tree = ast.parse(handle.read(), filename=path)
        except (SyntaxError, ValueError, OSError):
            continue
        paths = sys_path(path)
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found = None
                    for base in paths:
                        found = module_file(base, alias.name)
                        if found:
                            break
                    if not found:
                        parts = alias.name.split(".")
                        for n in range(len(parts) - 1, 0, -1):
                            for base in paths:
                                found = module_file(base, ".".join(parts[:n]))
                                if found:
                                    break
                            if found:
                                break
                    targets.append(found)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = dirname(path)
                    ok = True
                    for _ in range(node.level - 1):
                        if not base:
                            ok = False
                            break
                        base = dirname(base)
                    if not ok:
                        continue
                    bases = [base]
                else:
                    bases = paths
                for alias in node.names:
                    found = None
                    for base in bases:
                        pkg = join(base, (node.module or "").replace(".", "/"))
                        if alias.name != "*":
                            init = join(pkg, "__init__.py")
                            if is_module(init) and rebound(init, alias.name):
                                found = init
                                break
                            sub = module_file(pkg, alias.name)
                            if sub:
                                found = sub
                                break
                        if node.module:
                            found = module_file(base, node.module)
                        elif is_module(join(pkg, "__init__.py")):
                            found = join(pkg, "__init__.py")
                        if found:
                            break
                    if not found and node.module and not node.level:
                        parts = node.module.split(".")
                        for n in range(len(parts) - 1, 0, -1):
                            for base in bases:
                                found = module_file(base, ".".join(parts[:n]))
                                if found:
                                    break
                            if found:
                                break
                    targets.append(found)
            for target in targets:
                if target and target != path:
                    edges.add((path, target))
    for source, target in sorted(edges):
        print(json.dumps({"from": source, "to": target}))


if __name__ == "__main__":
    main()
