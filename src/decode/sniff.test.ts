import { describe, expect, it } from 'vitest';
import { sniffImage } from './sniff';
import { localize } from '../i18n/messages';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImage', () => {
  it('recognises every format the browser decodes', () => {
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0]), 10)).toEqual({ ok: true, format: 'JPEG' });
    expect(sniffImage(bytes([0x89], 'PNG', [13, 10, 26, 10]), 10)).toEqual({ ok: true, format: 'PNG' });
    expect(sniffImage(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 10)).toEqual({ ok: true, format: 'WebP' });
    expect(sniffImage(bytes('GIF89a'), 10)).toEqual({ ok: true, format: 'GIF' });
    expect(sniffImage(bytes('BM', [0, 0, 0, 0]), 10)).toEqual({ ok: true, format: 'BMP' });
    expect(sniffImage(bytes([0, 0, 0, 28], 'ftypavif'), 10)).toEqual({ ok: true, format: 'AVIF' });
  });

  it('explains what an unsupported file is', () => {
    const reason = (b: Uint8Array, size = 100) => {
      const r = sniffImage(b, size);
      return r.ok ? 'ok' : localize('en', r.reason);
    };
    expect(reason(new Uint8Array(), 0)).toMatch(/empty/);
    expect(reason(bytes([0, 0, 0, 24], 'ftypheic'))).toMatch(/HEIC/);
    expect(reason(bytes('%PDF-1.7\n'))).toMatch(/PDF/);
    expect(reason(bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'))).toMatch(/SVG/);
    expect(reason(bytes('hello, this is just some text\n'))).toMatch(/text file/);
    expect(reason(bytes([0x00, 0x13, 0xfe, 0x01, 0x99, 0x02, 0x00, 0x7f]))).toMatch(/Not a supported image/);
  });
});
