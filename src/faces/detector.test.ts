// The shipped face detector, run in Node on the same backend family as the app: it finds the
// faces of a composed photo (face crops from face-api's own sample photos, src/node/sampleFaces.ts)
// where they were put, and the shipped weights are the npm package's.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { composePhoto } from '../node/composePhoto';
import { sampleFace } from '../node/sampleFaces';
import { FaceDetector } from './detector';
import { findFaces } from './findFaces';
import { iou } from './framing';

const SHIPPED = 'public/models/face-detector-tiny';

describe('face detector', () => {
  it('ships face-api’s tiny detector weights unchanged', () => {
    for (const f of readdirSync(SHIPPED).filter((n) => n.startsWith('tiny_face_detector')))
      expect(readFileSync(`${SHIPPED}/${f}`).equals(readFileSync(`node_modules/@vladmandic/face-api/model/${f}`)), f).toBe(true);
  });

  it('finds each face of a composed photo where it was placed, and leaks no tensors', async () => {
    await useNodeBackend('wasm');
    const detector = await FaceDetector.load('tiny', fsModelSource(SHIPPED));
    // Crops framed as the app frames a face (as faces-v1 frames its faces on average, docs/FACES.md).
    const faces = await Promise.all(['sample3-1.png', 'sample1-1.png'].map(sampleFace));
    const photo = await composePhoto(faces, [300, 160], 1400, 900, 7);
    const { data, info } = await sharp(photo.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const before = tf.memory().numTensors;
    const found = await findFaces(detector, image, { width: info.width, height: info.height });
    expect(tf.memory().numTensors).toBe(before);
    expect(found).toHaveLength(2);
    for (const truth of photo.boxes) expect(Math.max(...found.map((f) => iou(f.box, truth)))).toBeGreaterThanOrEqual(0.5);
    expect(found.every((f) => f.origin === 'detected' && f.score! > 0.4)).toBe(true);
    // A photo with no face in it gives no face.
    const blank = { width: 300, height: 200, data: new Uint8Array(300 * 200 * 4).fill(200) };
    expect(await findFaces(detector, blank, { width: 300, height: 200 })).toEqual([]);
    detector.dispose();
  });
});
