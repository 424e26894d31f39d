import { describe, expect, it } from 'vitest';
import { isMediaHead } from './sniffMedia';
import { isoBoxesBroken } from './isoBoxes';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
/** An ISO-BMFF box: 32-bit size, type, payload. */
const box = (type: string, payload: number[] = [], size = 8 + payload.length) => bytes([size >>> 24, (size >> 16) & 255, (size >> 8) & 255, size & 255], type, payload);

describe('isMediaHead', () => {
  it('knows MP4, MOV, WebM and sound files, and leaves AVIF, HEIC and JPEG to the photo path', () => {
    expect(isMediaHead(box('ftyp', [...'isom'].map((c) => c.charCodeAt(0)), 16))).toBe(true);
    expect(isMediaHead(box('ftyp', [...'qt  '].map((c) => c.charCodeAt(0)), 16))).toBe(true);
    expect(isMediaHead(bytes([0x1a, 0x45, 0xdf, 0xa3], new Array(12).fill(0)))).toBe(true);
    expect(isMediaHead(bytes('RIFF', [0, 0, 0, 0], 'WAVE', [0, 0, 0, 0]))).toBe(true);
    expect(isMediaHead(bytes('ID3', new Array(13).fill(0)))).toBe(true);
    expect(isMediaHead(box('ftyp', [...'avif'].map((c) => c.charCodeAt(0)), 16))).toBe(false);
    expect(isMediaHead(box('ftyp', [...'heic'].map((c) => c.charCodeAt(0)), 16))).toBe(false);
    expect(isMediaHead(bytes([0xff, 0xd8, 0xff, 0xe0], new Array(12).fill(0)))).toBe(false);
    expect(isMediaHead(bytes([0x89], 'PNG', new Array(12).fill(0)))).toBe(false);
  });
});

describe('isoBoxesBroken', () => {
  it('passes boxes that end with the file, and refuses one that runs past it or has no name', async () => {
    const ok = bytes([...box('ftyp', [1, 2, 3, 4])], [...box('moov', [0, 0])]);
    expect(await isoBoxesBroken(new Blob([ok]))).toBe(false);
    expect(await isoBoxesBroken(new Blob([ok.subarray(0, ok.length - 1)]))).toBe(true);
    expect(await isoBoxesBroken(new Blob([bytes([...box('ftyp', [1, 2, 3, 4])], new Array(40).fill(0x5a))]))).toBe(true);
  });
});
