"""Drives `cartograph mcp` with the official MCP Python SDK and prints one JSON object of what
it saw; the Rust test (tests/mcp.rs) checks it against the index.

usage: client.py stdio BINARY REPO | client.py http URL [TOKEN]

The calls come on stdin as JSON: `[[tool, arguments], ...]`; `["!run", [argv...]]` runs a
command between two calls instead.
"""

import asyncio
import json
import subprocess
import sys

import httpx2
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError


def tool_result(result):
    text = "".join(block.text for block in result.content if getattr(block, "type", "") == "text")
    return {"is_error": bool(result.is_error), "text": text, "structured": result.structured_content}


async def call(session, name, arguments):
    # Not a tool: a command the test runs between two calls of the same session (a commit).
    if name == "!run":
        done = subprocess.run(arguments, capture_output=True, text=True)
        return {"run": done.returncode, "stderr": done.stderr}
    try:
        return tool_result(await session.call_tool(name, arguments))
    except MCPError as error:
        return {"mcp_error": {"code": error.error.code, "message": error.error.message}}


async def exercise(session):
    seen = {}
    await session.initialize()
    tools = await session.list_tools()
    seen["tools"] = {
        tool.name: {"input": tool.input_schema, "output": tool.output_schema} for tool in tools.tools
    }
    calls = json.loads(sys.stdin.read())
    seen["calls"] = [await call(session, name, arguments) for name, arguments in calls]
    resources = await session.list_resources()
    seen["resources"] = [str(resource.uri) for resource in resources.resources]
    if resources.resources:
        contents = await session.read_resource(resources.resources[0].uri)
        seen["first_resource"] = contents.contents[0].text
    try:
        await session.read_resource("cartograph://docs/../../etc/passwd")
        seen["bad_resource"] = "read"
    except MCPError as error:
        seen["bad_resource"] = error.error.message
    return seen


async def main():
    mode = sys.argv[1]
    if mode == "stdio":
        params = StdioServerParameters(command=sys.argv[2], args=["-C", sys.argv[3], "mcp"])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                seen = await exercise(session)
    else:
        headers = {"Authorization": f"Bearer {sys.argv[3]}"} if len(sys.argv) > 3 else {}
        async with httpx2.AsyncClient(headers=headers, timeout=120) as http:
            async with streamable_http_client(sys.argv[2], http_client=http) as (read, write):
                async with ClientSession(read, write) as session:
                    seen = await exercise(session)
    print(json.dumps(seen))


asyncio.run(main())
