"""Benchmark of `cartograph mcp` at the client (the official MCP Python SDK over stdio).

usage: target/mcp-venv/bin/python scripts/bench-mcp.py BINARY REPO [ROUNDS]

Prints, in milliseconds: a warm `cartograph map` (the index already current), the first call
after start-up (`symbol`, from spawning the server through its answer, and from `initialize`'s
answer), then `search` and `symbol` with nothing changed: median, p90 and max over ROUNDS calls;
and the server's memory (Linux only, from /proc): its peak (VmHWM) and current (VmRSS) resident
set after the first call and again after all the calls.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

QUERIES = ["how are http cookies parsed", "json decoder errors", "asyncio event loop policy",
           "zip file extraction", "email header folding"]
SYMBOLS = ["JSONDecoder", "urlparse", "get_event_loop", "ZipFile", "Message"]


def ms(seconds):
    return round(seconds * 1000, 1)


def server_memory():
    """VmHWM and VmRSS in MB of this process's `cartograph` child (the server), if found."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) != os.getpid():
                continue
            with open(f"/proc/{entry}/status") as status:
                lines = dict(line.split(":", 1) for line in status if ":" in line)
        except (OSError, ValueError, IndexError):
            continue
        if "VmHWM" in lines:
            kb = lambda key: int(lines[key].split()[0])
            return {"peak_mb": round(kb("VmHWM") / 1024, 1), "current_mb": round(kb("VmRSS") / 1024, 1)}
    return None


def summary(samples):
    samples = sorted(samples)
    return {"median": ms(statistics.median(samples)),
            "p90": ms(samples[int(0.9 * (len(samples) - 1))]),
            "max": ms(samples[-1])}


async def main():
    binary, repo = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    subprocess.run([binary, "-C", repo, "map", "--structural", "-q"], check=True)
    started = time.perf_counter()
    subprocess.run([binary, "-C", repo, "map", "--structural", "-q"], check=True)
    warm_map = time.perf_counter() - started

    # CARTOGRAPH_LOG (e.g. `debug`) reaches the server, whose log goes to this script's stderr.
    env = {"CARTOGRAPH_LOG": os.environ["CARTOGRAPH_LOG"]} if "CARTOGRAPH_LOG" in os.environ else None
    params = StdioServerParameters(command=binary, args=["-C", repo, "mcp", "-q"], env=env)
    spawned = time.perf_counter()
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            initialized = time.perf_counter()
            await session.call_tool("symbol", {"name": SYMBOLS[0]})
            first = time.perf_counter()
            memory_after_first = server_memory()
            searches, symbols = [], []
            for round_ in range(rounds):
                started = time.perf_counter()
                result = await session.call_tool("search", {"query": QUERIES[round_ % len(QUERIES)]})
                searches.append(time.perf_counter() - started)
                assert not result.is_error, result
                started = time.perf_counter()
                result = await session.call_tool("symbol", {"name": SYMBOLS[round_ % len(SYMBOLS)]})
                symbols.append(time.perf_counter() - started)
            memory_after_all = server_memory()
    print(json.dumps({
        "warm_map_ms": ms(warm_map),
        "first_call_from_spawn_ms": ms(first - spawned),
        "first_call_after_initialize_ms": ms(first - initialized),
        "search_ms": summary(searches),
        "symbol_ms": summary(symbols),
        "rounds": rounds,
        "server_memory_after_first_call": memory_after_first,
        "server_memory_after_all_calls": memory_after_all,
    }, indent=2))


asyncio.run(main())
