/**
 * Raw DEFLATE through the platform's CompressionStream (every browser we ship to, and Node 20),
 * so a share link carries a whole scenario in a few hundred characters without a library.
 * Inflating stops at a size limit: a link cannot make the page allocate without bound.
 */

/** Why inflating failed. */
export class InflateError extends Error {
  constructor(readonly reason: 'corrupt' | 'too-large') {
    super(reason === 'corrupt' ? 'not valid compressed data' : 'the decompressed data is too large');
  }
}

async function pump(
  stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<BufferSource> },
  input: Uint8Array,
  maxBytes: number,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the readable side; these promises must not reject unobserved.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw new InflateError('corrupt');
    }
    if (step.done) break;
    total += step.value.length;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw new InflateError('too-large');
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Compresses bytes with raw DEFLATE. */
export function deflateRaw(input: Uint8Array): Promise<Uint8Array> {
  return pump(new CompressionStream('deflate-raw'), input, Number.POSITIVE_INFINITY);
}

/** Decompresses raw DEFLATE; throws {@link InflateError} on corrupt data or past `maxBytes`. */
export function inflateRaw(input: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return pump(new DecompressionStream('deflate-raw'), input, maxBytes);
}
