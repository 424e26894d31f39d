// Walks a JPEG's marker segments up to the image data. Both the header check (frame size,
// components) and the quality estimate (quantisation tables) read segments; this is the one walker.

export interface JpegSegment {
  marker: number;
  /** Offset of the segment's payload (after the 2-byte length). */
  start: number;
  /** Offset just past the segment. */
  end: number;
}

/** Segments from SOI until start-of-scan or end-of-image (or until `bytes` runs out). */
export function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return;
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return;
    const marker = bytes[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2; // stand-alone markers carry no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return;
    const end = p + 2 + ((bytes[p + 2] << 8) | bytes[p + 3]);
    yield { marker, start: p + 4, end };
    p = end;
  }
}
