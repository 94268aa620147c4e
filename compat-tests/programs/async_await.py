# Coroutines driven by hand and by asyncio: await chains, async generators, async with,
# async for, asyncio.gather ordering, exceptions through await.
import types

class Yield:
    def __await__(self):
        got = yield "suspend"
        return got

async def leaf(x):
    got = await Yield()
    return x * 10 + got

async def middle():
    a = await leaf(1)
    b = await leaf(2)
    return a + b

coro = middle()
print(type(coro).__name__, coro.cr_running)
print(coro.send(None))
print(coro.send(5))
try:
    coro.send(7)
except StopIteration as e:
    print("result", e.value)

class ACM:
    async def __aenter__(self):
        print("enter")
        return self
    async def __aexit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)
        return True

async def agen(n):
    for i in range(n):
        await Yield()
        yield i

async def uses_all():
    out = []
    async with ACM():
        async for v in agen(3):
            out.append(v)
        raise KeyError("swallowed")
    out.append([v async for v in agen(2)])
    return out

c = uses_all()
try:
    while True:
        c.send(None)
except StopIteration as e:
    print("uses_all", e.value)

@types.coroutine
def old_style():
    yield "old"
async def awaits_old():
    await old_style()
    return "ok"
c = awaits_old()
print(c.send(None))
try:
    c.send(None)
except StopIteration as e:
    print(e.value)

import asyncio

async def worker(name, delay, log):
    await asyncio.sleep(delay)
    log.append(name)
    return name.upper()

async def main():
    log = []
    results = await asyncio.gather(worker("a", 0.02, log), worker("b", 0.01, log), worker("c", 0, log))
    print(results, log)
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.01)
    except asyncio.TimeoutError:
        print("timeout")
    q = asyncio.Queue()
    async def producer():
        for i in range(3):
            await q.put(i)
        await q.put(None)
    async def consumer():
        items = []
        while (item := await q.get()) is not None:
            items.append(item)
        return items
    _, items = await asyncio.gather(producer(), consumer())
    print(items)
    return "main done"

print(asyncio.run(main()))
