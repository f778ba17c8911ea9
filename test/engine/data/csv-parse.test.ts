import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/engine/data/csv-parse.js';

describe('parseCsv', () => {
  it('parses plain fields with line numbers', () => {
    expect(parseCsv('a,b\nc,d\n', 'f')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
    ]);
  });

  it('handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufefftext,label\r\n"hello, ""world""",pos\r\n"two\r\nlines",neg\r\nlast,"x"';
    expect(parseCsv(text, 'f')).toEqual([
      { fields: ['text', 'label'], line: 1 },
      { fields: ['hello, "world"', 'pos'], line: 2 },
      { fields: ['two\r\nlines', 'neg'], line: 3 },
      { fields: ['last', 'x'], line: 5 },
    ]);
  });

  it('skips blank lines but keeps empty fields and a quoted empty record', () => {
    expect(parseCsv('a,b\n\n,\n""\n\r\n', 'f')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['', ''], line: 3 },
      { fields: [''], line: 4 },
    ]);
    expect(parseCsv('a,', 'f')).toEqual([{ fields: ['a', ''], line: 1 }]);
    expect(parseCsv('', 'f')).toEqual([]);
  });

  it('accepts bare CR line ends and stray quotes inside unquoted fields', () => {
    expect(parseCsv('a,5" tall\rb,c', 'f')).toEqual([
      { fields: ['a', '5" tall'], line: 1 },
      { fields: ['b', 'c'], line: 2 },
    ]);
  });

  it('reports an unterminated quote at the line where it opens', () => {
    expect(() => parseCsv('text,label\nok,1\n"never\nclosed,2\n', 'data.csv')).toThrow(
      /^data\.csv: line 3: unterminated quoted field/,
    );
  });

  it('reports text after a closing quote with its line', () => {
    expect(() => parseCsv('text,label\n"a\nb"x,1\n', 'data.csv')).toThrow(
      /^data\.csv: line 3: unexpected character after a closing quote/,
    );
  });
});
