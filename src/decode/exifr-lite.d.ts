// Types for exifr's "lite" bundle (JPEG and HEIC; TIFF/EXIF and XMP): the same API as the full
// bundle, which the package's own types describe. The lite bundle keeps the JavaScript within
// the size budget; photos with camera EXIF are JPEG or HEIC.
declare module 'exifr/dist/lite.esm.mjs' {
  import exifr from 'exifr';
  export default exifr;
}
