// Runs once before the end-to-end tests: writes the face fixtures (crops of the sample photos the
// @vladmandic/face-api package ships, see src/node/sampleFaces.ts) into FIXTURES, so a fresh clone
// runs every test that needs no labelled faces with no photo committed.
import { rmSync } from 'node:fs';
import { writeSampleFaces } from '../../src/node/sampleFaces';
import { FIXTURES } from './TraceLensPage';

export default async function globalSetup(): Promise<void> {
  rmSync(FIXTURES, { recursive: true, force: true });
  await writeSampleFaces(FIXTURES);
}
