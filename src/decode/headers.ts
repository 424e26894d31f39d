// Reads what the container headers say before anything is decoded: the pixel dimensions (so a
// decompression bomb is refused before it allocates gigabytes), whether the file was cut short,
// and facts worth a warning (animation, CMYK).

import { jpegSegments } from './jpegSegments';

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
const i32le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

export interface HeaderInfo {
  width: number;
  height: number;
  /** Colour components of a JPEG frame (4 = CMYK). */
  components?: number;
  animated?: boolean;
}

function jpeg(b: Uint8Array): HeaderInfo | null {
  for (const { marker, start } of jpegSegments(b)) {
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    // Frame header: precision (1), height (2), width (2), components (1).
    if (isFrame && start + 6 <= b.length) return { height: u16be(b, start + 1), width: u16be(b, start + 3), components: b[start + 5] };
  }
  return null;
}

function webp(b: Uint8Array): HeaderInfo | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const [b0, b1, b2, b3] = [b[21], b[22], b[23], b[24]];
    return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8X' && b.length >= 30)
    return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27), animated: (b[20] & 0x02) !== 0 };
  return null;
}

/** A looping-animation extension, or more than one graphic control block, means animation. */
function gifAnimated(b: Uint8Array): boolean {
  let controls = 0;
  for (let i = 13; i + 1 < b.length; i++) {
    if (b[i] !== 0x21) continue;
    if (b[i + 1] === 0xf9 && ++controls > 1) return true;
    if (b[i + 1] === 0xff && ascii(b, i + 3, 11) === 'NETSCAPE2.0') return true;
  }
  return false;
}

/** Dimensions from the header of a sniffed format, or null where the header does not say (AVIF). */
export function readHeader(format: string, head: Uint8Array): HeaderInfo | null {
  switch (format) {
    case 'JPEG':
      return jpeg(head);
    case 'PNG':
      return head.length >= 24 ? { width: u32be(head, 16), height: u32be(head, 20) } : null;
    case 'GIF':
      return head.length >= 10 ? { width: u16le(head, 6), height: u16le(head, 8), animated: gifAnimated(head) } : null;
    case 'BMP': {
      if (head.length < 26) return null;
      const headerSize = i32le(head, 14);
      return headerSize === 12
        ? { width: u16le(head, 18), height: u16le(head, 20) }
        : { width: Math.abs(i32le(head, 18)), height: Math.abs(i32le(head, 22)) };
    }
    case 'WebP':
      return webp(head);
    default:
      return null;
  }
}

/** True when the file ends before its format's end marker: browsers would show a half-grey picture. */
export function isTruncated(format: string, tail: Uint8Array): boolean {
  // Some writers pad files after the end marker; allow trailing zeros and whitespace.
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0 || tail[end - 1] === 0x0a || tail[end - 1] === 0x0d || tail[end - 1] === 0x20)) end--;
  const t = tail.subarray(0, end);
  if (format === 'JPEG') {
    for (let i = t.length - 2; i >= 0; i--) if (t[i] === 0xff && t[i + 1] === 0xd9) return false;
    return true;
  }
  if (format === 'PNG') return !ascii(t, Math.max(0, t.length - 12), 12).includes('IEND');
  return false;
}
