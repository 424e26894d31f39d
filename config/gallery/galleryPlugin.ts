// Puts the classroom gallery into the production build (dist/gallery/) when faces-v1 is beside the
// checkout (config/testData.ts), with the fixed selection of config/gallery/makeGallery.ts; without it the
// build has no gallery, and the classroom says how to get one. Emitted as build assets, so the
// service worker's list of files (closeBundle) includes them.
import type { Plugin } from 'vite';
import { makeGallery } from './makeGallery.ts';
import { FACES_V1_DIR, facesV1Present } from '../testData.ts';

export function galleryPlugin(dataDir = FACES_V1_DIR): Plugin {
  return {
    name: 'tracelens-gallery',
    apply: 'build',
    generateBundle() {
      if (!facesV1Present(dataDir)) {
        console.log(`classroom gallery: none in this build (${dataDir} is not there)`);
        return;
      }
      const files = makeGallery(dataDir);
      for (const f of files) this.emitFile({ type: 'asset', fileName: `gallery/${f.name}`, source: f.bytes });
      console.log(`classroom gallery: ${files.length - 2} faces from ${dataDir}`);
    },
  };
}
