// The one shape of a box on a photo, from the face detector to the exports: the face's box, the
// square the model is shown, a region read from the photo, the window the resize samples.

/** [x, y, width, height] in the photo's pixel coordinates (after EXIF orientation). */
export type Box = [number, number, number, number];

/** How a face's region was chosen: by the detector, as the whole photo, or by the person. */
export type FaceOrigin = 'detected' | 'whole-image' | 'drawn' | 'adjusted';

/** The whole of a width x height image. */
export const wholeBox = (width: number, height: number): Box => [0, 0, width, height];
