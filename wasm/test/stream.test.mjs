// 200 MB of detached content streamed through the package with bounded memory: the content is
// a file OpenSSL signs, read back as a Node stream converted to a web ReadableStream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { verify } from 'kyso-wasm';
import { TestPki } from './pki.mjs';

const SIZE = 200 * 1024 * 1024;
const CHUNK = 1024 * 1024;

test('a 200 MB ReadableStream verifies with bounded memory', async () => {
  const pki = new TestPki();
  try {
    const path = pki.path('big-200mb.bin');
    const out = createWriteStream(path);
    const chunk = new Uint8Array(CHUNK);
    for (let i = 0; i < SIZE / CHUNK; i++) {
      for (let j = 0; j < CHUNK; j += 512) chunk[j] = (i * 31 + j) & 0xff;
      if (!out.write(Buffer.from(chunk))) await new Promise((r) => out.once('drain', r));
    }
    out.end();
    await finished(out);
    const sig = pki.sign(pki.person, path);

    // Warm up (engine loaded, allocator settled), then measure the peak while streaming.
    await verify(sig, pki.options({ content: new Uint8Array(0) }));
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const stream = Readable.toWeb(createReadStream(path, { highWaterMark: CHUNK }));
    const started = Date.now();
    const report = await verify(sig, pki.options({ content: stream }));
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const grew = peak - base;
    console.log(`200 MB streamed in ${Date.now() - started} ms; RSS ${(base / 2 ** 20).toFixed(0)} MiB → peak ${(peak / 2 ** 20).toFixed(0)} MiB (+${(grew / 2 ** 20).toFixed(1)} MiB)`);
    assert.equal(report.indication, 'TOTAL-PASSED', JSON.stringify(report.signers[0].findings));
    // Holding the content would cost ≥ 200 MiB; streaming costs a few chunks.
    assert.ok(grew < 64 * 2 ** 20, `RSS grew by ${grew} bytes`);

    // And a tampered 200 MB stream (one bit at the end) fails.
    const tampered = Readable.toWeb(createReadStream(path, { highWaterMark: CHUNK })).pipeThrough(new TransformStream({
      seen: 0,
      transform(c, ctl) {
        this.seen = (this.seen ?? 0) + c.byteLength;
        if (this.seen === SIZE) { c = c.slice(); c[c.length - 1] ^= 1; }
        ctl.enqueue(c);
      },
    }));
    const bad = await verify(sig, pki.options({ content: tampered }));
    assert.equal(bad.sub_indication, 'HASH_FAILURE');
  } finally {
    pki.cleanup();
  }
});
