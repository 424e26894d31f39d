import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './parseCsv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, with CRLF or LF line ends', () => {
    expect(parseCsv('a,"b, c","d ""e"""\r\n1,"two\nlines",3\n')).toEqual([
      ['a', 'b, c', 'd "e"'],
      ['1', 'two\nlines', '3'],
    ]);
    expect(parseCsv('x,y\n1,2')).toEqual([
      ['x', 'y'],
      ['1', '2'],
    ]);
    expect(parseCsv('only,empty,\n')).toEqual([['only', 'empty', '']]);
  });

  it('keys rows by the header', () => {
    expect(parseCsvRecords('path,label\na.jpg,real\n')).toEqual([{ path: 'a.jpg', label: 'real' }]);
  });
});
