// Identifies a file's real format from its first bytes, so a bad file gets a specific message
// ("this is a PDF", "HEIC is not decoded by browsers") instead of a generic decode failure.

export type SniffResult =
  | { ok: true; format: string }
  | { ok: false; reason: string };

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, start + len));

/** Formats browsers decode, keyed by the name shown to the person. */
export const SUPPORTED_FORMATS = ['JPEG', 'PNG', 'WebP', 'GIF', 'BMP', 'AVIF'] as const;

export function sniffImage(head: Uint8Array, fileSize: number): SniffResult {
  if (fileSize === 0) return { ok: false, reason: 'The file is empty (0 bytes).' };
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
      return {
        ok: false,
        reason: 'HEIC/HEIF photos cannot be decoded by the browser. Export the photo as JPEG or PNG and add it again.',
      };
    return { ok: false, reason: `This is a video or ISO media file (brand "${brand.trim()}"), not a photo.` };
  }
  if (ascii(b, 0, 5) === '%PDF-') return { ok: false, reason: 'This is a PDF document, not an image. Export the page as an image first.' };
  if (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) return { ok: false, reason: 'TIFF images are not decoded by browsers. Convert it to PNG or JPEG.' };
  if (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a) return { ok: false, reason: 'TIFF images are not decoded by browsers. Convert it to PNG or JPEG.' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg')))
    return { ok: false, reason: 'SVG drawings are not photos and are not analysed.' };
  if (isMostlyText(b)) return { ok: false, reason: 'This is a text file, not an image.' };
  return { ok: false, reason: 'Not a supported image: the file does not start like a JPEG, PNG, WebP, GIF, BMP or AVIF.' };
}

function isMostlyText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let printable = 0;
  for (const c of b) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc0) printable++;
  return printable / b.length > 0.95;
}
