/**
 * Streams the objects of a top-level JSON array (`[{...},{...}]`) from a file, one at a time, without holding
 * the whole text or every parsed object: a byte scanner tracks strings, escapes and nesting across chunks and
 * JSON.parses each object alone. (Structural bytes are ASCII, so UTF-8 text inside strings is never split.)
 */
import { createReadStream } from 'node:fs';
import { DatasetError } from '../../engine/data/dataset-error.js';

export async function forEachJsonRecord(path: string, shown: string, onRecord: (value: unknown, index: number) => void): Promise<number> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let pieces: Buffer[] = [];
  let count = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const raw of stream) {
      const chunk = raw as Buffer;
      let from = depth > 0 ? 0 : -1;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) inString = false;
          continue;
        }
        if (b === 0x22) inString = true;
        else if (b === 0x5b && !started && depth === 0) started = true;
        else if (b === 0x7b) {
          if (!started) throw new DatasetError(shown, 'expected a JSON array of objects');
          if (depth++ === 0) from = i;
        } else if (b === 0x7d) {
          if (--depth === 0) {
            pieces.push(chunk.subarray(from, i + 1));
            const text = Buffer.concat(pieces).toString('utf8');
            pieces = [];
            from = -1;
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch {
              throw new DatasetError(shown, `record ${count + 1} is not valid JSON`);
            }
            onRecord(value, count++);
          }
        }
      }
      if (depth > 0 && from >= 0) pieces.push(Buffer.from(chunk.subarray(from)));
    }
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(shown, `cannot read: ${(err as Error).message}`);
  }
  if (depth !== 0 || inString) throw new DatasetError(shown, `cut short inside record ${count + 1}`);
  return count;
}
