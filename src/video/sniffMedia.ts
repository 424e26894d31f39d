// Whether a file's first bytes are a video (or sound) container, which goes the video way
// (frames sampled and followed) rather than the photo way. Image formats that share a container
// (AVIF and HEIC in ISO-BMFF) stay photos.
const ascii = (b: Uint8Array, start: number, len: number): string => String.fromCharCode(...b.subarray(start, start + len));

/** ISO-BMFF brands that are still images: decoded (AVIF) or refused with their own message (HEIC) by the photo path. */
const IMAGE_BRANDS = ['avif', 'avis', 'heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];

export function isMediaHead(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const box = ascii(b, 4, 4);
  // MP4, MOV, M4A, 3GP; old QuickTime files start with a movie or data box.
  if (box === 'ftyp') return !IMAGE_BRANDS.includes(ascii(b, 8, 4));
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(box)) return true;
  // Matroska and WebM (EBML).
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return true;
  return isSoundOnlyHead(b);
}

/** Sound-only containers: Ogg, WAVE, FLAC, MP3 with an ID3 tag or a bare frame sync (not JPEG's FF D8). */
export function isSoundOnlyHead(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  if (ascii(b, 0, 4) === 'OggS' || ascii(b, 0, 4) === 'fLaC' || ascii(b, 0, 3) === 'ID3') return true;
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return true;
  return b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && b[1] !== 0xd8;
}

/** Reads the first bytes of a file and says whether it is a video (or sound) file. */
export async function isMediaFile(file: Blob): Promise<boolean> {
  return isMediaHead(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
}
