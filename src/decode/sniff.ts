// Identifies a file's real format from its first bytes, so a bad file gets a specific message
// ("this is a PDF", "HEIC is not decoded by browsers") instead of a generic decode failure.
import { localized, type Localized } from '../i18n/localized';

export type SniffResult =
  | { ok: true; format: string }
  | { ok: false; reason: Localized };

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, start + len));

/** Formats browsers decode, keyed by the name shown to the person. */
export const SUPPORTED_FORMATS = ['JPEG', 'PNG', 'WebP', 'GIF', 'BMP', 'AVIF'] as const;

export function sniffImage(head: Uint8Array, fileSize: number): SniffResult {
  if (fileSize === 0) return { ok: false, reason: localized('decodeEmpty', {}) };
  const b = head;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { ok: true, format: 'JPEG' };
  if (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return { ok: true, format: 'PNG' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { ok: true, format: 'WebP' };
  if (ascii(b, 0, 4) === 'GIF8') return { ok: true, format: 'GIF' };
  if (ascii(b, 0, 2) === 'BM') return { ok: true, format: 'BMP' };
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'avif' || brand === 'avis') return { ok: true, format: 'AVIF' };
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))
      return { ok: false, reason: localized('decodeHeic', {}) };
    return { ok: false, reason: localized('decodeMedia', { brand: brand.trim() }) };
  }
  if (ascii(b, 0, 5) === '%PDF-') return { ok: false, reason: localized('decodePdf', {}) };
  const tiff = (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a);
  if (tiff) return { ok: false, reason: localized('decodeTiff', {}) };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg')))
    return { ok: false, reason: localized('decodeSvg', {}) };
  if (isMostlyText(b)) return { ok: false, reason: localized('decodeText', {}) };
  return { ok: false, reason: localized('decodeUnknown', {}) };
}

function isMostlyText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let printable = 0;
  for (const c of b) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc0) printable++;
  return printable / b.length > 0.95;
}
