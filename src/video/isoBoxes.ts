// Tells a clip cut short or filled with noise from a well-formed one with nothing in it (issue 25):
// the two look alike to the demuxer (no track), but deserve different messages.
/**
 * Whether an ISO-BMFF file's top-level boxes run off its end or hold no box name: a download cut
 * short, or bytes that are not the container they start as. Read box header by box header, never whole.
 */
export async function isoBoxesBroken(file: Blob): Promise<boolean> {
  let p = 0;
  for (let boxes = 0; boxes < 10_000 && p < file.size; boxes++) {
    const b = new Uint8Array(await file.slice(p, p + 16).arrayBuffer());
    if (b.length < 8) return true;
    const view = new DataView(b.buffer);
    let size = view.getUint32(0);
    if (!/^[\x20-\x7e\xa9]{4}$/.test(String.fromCharCode(...b.subarray(4, 8)))) return true;
    if (size === 1) {
      if (b.length < 16) return true;
      size = Number(view.getBigUint64(8));
    } else if (size === 0) size = file.size - p;
    if (size < 8 || p + size > file.size) return true;
    p += size;
  }
  return false;
}
