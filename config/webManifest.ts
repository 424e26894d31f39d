// The web app manifest and its icons, so a browser offers to install TraceLens (issue 27). The icons are
// drawn for the app as SVG (config/icons/) and rendered to PNG here with sharp at build time; the build
// emits them with the manifest, so the service worker's precache list (config/serviceWorker.ts) holds
// them too. `vite dev` serves the same files from memory.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import sharp from 'sharp';

export const MANIFEST_FILE = 'manifest.webmanifest';

/** The page's colours (src/ui/styles.css --bg), light and dark: index.html's theme-color metas say both. */
export const THEME = { light: '#f6f7f9', dark: '#121418' } as const;

interface IconSpec {
  /** Path in the build, relative to the manifest (and the base URL). */
  src: string;
  size: number;
  purpose: 'any' | 'maskable';
  /** The SVG it is drawn from, in config/icons/. */
  from: 'icon.svg' | 'icon-maskable.svg';
}

export const ICONS: readonly IconSpec[] = [
  { src: 'icons/icon-192.png', size: 192, purpose: 'any', from: 'icon.svg' },
  { src: 'icons/icon-512.png', size: 512, purpose: 'any', from: 'icon.svg' },
  { src: 'icons/icon-maskable-192.png', size: 192, purpose: 'maskable', from: 'icon-maskable.svg' },
  { src: 'icons/icon-maskable-512.png', size: 512, purpose: 'maskable', from: 'icon-maskable.svg' },
  // iOS ignores the manifest's icons and reads <link rel="apple-touch-icon"> (index.html); full bleed, as it rounds them itself.
  { src: 'icons/apple-touch-icon.png', size: 180, purpose: 'any', from: 'icon-maskable.svg' },
];

/**
 * What an installed TraceLens opens from the operating system: photos of the formats it analyses
 * (src/decode/sniff.ts) and videos (mp4, webm, mov) for the video analysis being built beside it.
 * The launch queue consumer (src/state/launchQueue.ts) puts them in the drop queue.
 */
export const FILE_TYPES: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  'image/bmp': ['.bmp'],
  'image/avif': ['.avif'],
  'video/mp4': ['.mp4'],
  'video/webm': ['.webm'],
  'video/quicktime': ['.mov'],
};

/** The manifest, its URLs relative to itself (so a build under another base works as is). */
export function webManifest(): Record<string, unknown> {
  return {
    id: './',
    name: 'TraceLens: face manipulation check',
    short_name: 'TraceLens',
    description: 'Check face photos for manipulation in your browser. Nothing is uploaded.',
    lang: 'en',
    dir: 'ltr',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: THEME.light,
    background_color: THEME.light,
    categories: ['photo', 'utilities', 'education'],
    icons: [
      { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ...ICONS.filter((i) => !i.src.includes('apple')).map((i) => ({ src: i.src, sizes: `${i.size}x${i.size}`, type: 'image/png', purpose: i.purpose })),
    ],
    file_handlers: [{ action: './', accept: FILE_TYPES, launch_type: 'single-client' }],
    launch_handler: { client_mode: 'focus-existing' },
  };
}

const svgSource = (name: IconSpec['from']) => readFileSync(new URL(`./icons/${name}`, import.meta.url));

/** Every file the plugin makes: path in the build → bytes. */
export async function manifestFiles(): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  out.set(MANIFEST_FILE, Buffer.from(JSON.stringify(webManifest(), null, 2) + '\n'));
  out.set('icons/icon.svg', svgSource('icon.svg'));
  for (const icon of ICONS)
    out.set(icon.src, await sharp(svgSource(icon.from)).resize(icon.size, icon.size).png().toBuffer());
  return out;
}

const TYPES: Record<string, string> = { webmanifest: 'application/manifest+json', png: 'image/png', svg: 'image/svg+xml' };

export function webManifestPlugin(): Plugin {
  let files: Promise<Map<string, Buffer>> | null = null;
  const made = () => (files ??= manifestFiles());
  return {
    name: 'tracelens-web-manifest',
    async generateBundle() {
      for (const [fileName, source] of await made()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0].replace(/^\//, '');
        void made().then((all) => {
          const body = all.get(path);
          if (!body) return next();
          res.setHeader('Content-Type', TYPES[path.split('.').pop()!] ?? 'application/octet-stream');
          res.end(body);
        }, next);
      });
    },
  };
}
