/**
 * RFC 4180 CSV parsing with line numbers: quoted fields, "" as an escaped quote, commas and line breaks
 * inside quotes, LF / CRLF / CR line ends, an optional UTF-8 BOM. Blank lines are skipped.
 */
import { DatasetError } from './dataset-error.js';

/** One record and the (1-based) line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) n++;
  }
  return n;
}

const isEnd = (c: string | undefined): boolean => c === undefined || c === ',' || c === '\n' || c === '\r';

/** Parses the whole text; errors name `file`, the line and what was expected. */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let anyQuoted = false;
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        anyQuoted = true;
        const quoteLine = line;
        const parts: string[] = [];
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new DatasetError(file, `line ${quoteLine}: unterminated quoted field (expected a closing ")`);
          }
          parts.push(text.slice(i, q));
          line += countLineBreaks(text, i, q);
          if (text[q + 1] === '"') {
            parts.push('"');
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        field = parts.join('');
        if (!isEnd(text[i])) {
          throw new DatasetError(
            file,
            `line ${line}: unexpected character after a closing quote (expected a comma or the end of the line)`,
          );
        }
      } else {
        let j = i;
        while (!isEnd(text[j])) j++;
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && !anyQuoted)) records.push({ fields, line: startLine });
  }
  return records;
}
