#!/usr/bin/env python3
"""Compares the import edges of a cartograph index.json with reference edges (JSON lines of
{"from", "to"}), restricted on both sides to files whose extension is given (several separated by commas:
`.ts,.tsx,.js`): precision, recall, F1, and a sample of the differences.

With `--references` the index's `references` (file A uses a name file B defines) are compared
instead of its import `edges`. With `--files LIST` both sides keep only edges between the files
listed (one a line): the files the reference could read (`rust_scip --files`: those
rust-analyzer reached with the features it could enable).

Usage: compare_edges.py INDEX_JSON REFERENCE_JSONL EXT[,EXT...] [--show N] [--references] [--files LIST]
"""
import json
import sys


def main():
    index_path, reference_path, ext = sys.argv[1:4]
    ext = tuple(ext.split(","))
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    with open(index_path) as handle:
        index = json.load(handle)
    graph = "references" if "--references" in sys.argv else "edges"
    ours = {(e["from"], e["to"]) for e in index[graph]
            if e["from"].endswith(ext) and e["to"].endswith(ext) and e["from"] != e["to"]}
    with open(reference_path) as handle:
        reference = {(e["from"], e["to"]) for e in map(json.loads, handle)
                     if e and e["from"].endswith(ext) and e["to"].endswith(ext)}
    if "--files" in sys.argv:
        with open(sys.argv[sys.argv.index("--files") + 1]) as handle:
            listed = {line.strip() for line in handle if line.strip()}
        ours = {(a, b) for a, b in ours if a in listed and b in listed}
        reference = {(a, b) for a, b in reference if a in listed and b in listed}
    both = ours & reference
    precision = len(both) / len(ours) if ours else 1.0
    recall = len(both) / len(reference) if reference else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({"ours": len(ours), "reference": len(reference), "common": len(both),
                      "precision": round(precision, 4), "recall": round(recall, 4),
                      "f1": round(f1, 4)}))
    for label, edges in (("only ours", ours - reference), ("only reference", reference - ours)):
        for source, target in sorted(edges)[:show]:
            print(f"  {label}: {source} -> {target}")


if __name__ == "__main__":
    main()
