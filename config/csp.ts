// The Content-Security-Policy: only this origin, for everything. The production server sends it
// as a header and the built index.html carries it as a meta tag (for any static host).
import type { Plugin } from 'vite';

const directives: Record<string, string> = {
  'default-src': "'self'",
  // WebAssembly compilation (tfjs wasm backend) needs 'wasm-unsafe-eval'; no JavaScript eval is allowed.
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self'",
  'connect-src': "'self'",
  // blob: shows the person's own photos (object URLs); data: is the empty favicon.
  'img-src': "'self' blob: data:",
  // blob: lets a <video> element decode the person's own clip where WebCodecs cannot (issue 25).
  'media-src': "'self' blob:",
  'style-src': "'self'",
  'font-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

export const CSP = Object.entries(directives)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

/** Headers for the production server (frame-ancestors only works as a header). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${CSP}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function cspMetaPlugin(): Plugin {
  return {
    name: 'tracelens-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}
