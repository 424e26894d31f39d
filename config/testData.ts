// Where the build, the tests and the copy check find the shared data sets: beside the checkout, in
// ../shared/datasets/ (CI has it; a fresh clone may not). Tests that need labelled real and
// manipulated faces skip, saying FACES_V1_MISSING, when faces-v1 is not there.
// TRACELENS_DATASETS=<dir> looks elsewhere (a missing folder: build and test as a fresh clone would).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATASETS_DIR = process.env.TRACELENS_DATASETS ?? fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
export const FACES_V1_DIR = join(SHARED_DATASETS_DIR, 'faces-v1');

export const facesV1Present = (dir = FACES_V1_DIR): boolean => existsSync(join(dir, 'manifest.csv'));

export const FACES_V1_MISSING = `needs labelled real and manipulated faces from faces-v1, which is not at ${FACES_V1_DIR}`;
