// Estimates a JPEG's quality setting from its quantisation tables (DQT), by finding the IJG
// quality (libjpeg's 1-100 scale) whose scaled standard tables are closest to the file's. Heavy
// re-compression is the main source of false alarms for manipulation detectors, so the app shows it.
import { jpegSegments } from './jpegSegments';

/** The IJG standard tables (ITU-T T.81 Annex K), in natural (row-major) order. */
const STD_LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100,
  103, 99,
];
const STD_CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];
/** DQT stores entries in zigzag order: ZIGZAG[k] is the natural index of the k-th stored entry. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49,
  56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

export interface JpegQuality {
  /** Best-fitting IJG quality, 1-100. */
  quality: number;
  /** Mean absolute difference per entry between the file's tables and the IJG tables at that quality (0: exactly IJG). */
  meanError: number;
}

/** Quantisation tables by table id (0 luminance, 1 chrominance usually), natural order; empty if none. */
export function readQuantTables(bytes: Uint8Array): Map<number, number[]> {
  const tables = new Map<number, number[]>();
  for (const { marker, start, end } of jpegSegments(bytes)) {
    if (marker !== 0xdb) continue;
    // A DQT segment holds one or more tables: a precision/id byte, then 64 entries of 1 or 2 bytes.
    let q = start;
    while (q < end && q < bytes.length) {
      const precision = bytes[q] >> 4;
      const id = bytes[q] & 0x0f;
      q++;
      const table = new Array<number>(64);
      for (let k = 0; k < 64; k++) {
        table[ZIGZAG[k]] = precision ? (bytes[q] << 8) | bytes[q + 1] : bytes[q];
        q += precision ? 2 : 1;
      }
      if (table.every(Number.isFinite)) tables.set(id, table);
    }
  }
  return tables;
}

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (baseline: entries capped at 255). */
export function ijgTable(std: readonly number[], quality: number): number[] {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  return std.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

export function estimateJpegQuality(bytes: Uint8Array): JpegQuality | null {
  const tables = readQuantTables(bytes);
  const luma = tables.get(0);
  if (!luma) return null;
  const chroma = tables.get(1);
  let best: JpegQuality = { quality: 0, meanError: Infinity };
  for (let q = 1; q <= 100; q++) {
    let err = 0;
    const l = ijgTable(STD_LUMINANCE, q);
    for (let i = 0; i < 64; i++) err += Math.abs(l[i] - luma[i]);
    let n = 64;
    if (chroma) {
      const c = ijgTable(STD_CHROMINANCE, q);
      for (let i = 0; i < 64; i++) err += Math.abs(c[i] - chroma[i]);
      n += 64;
    }
    if (err / n < best.meanError) best = { quality: q, meanError: err / n };
  }
  return { quality: best.quality, meanError: Math.round(best.meanError * 100) / 100 };
}
