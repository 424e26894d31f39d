// How every browser run of this project starts Chromium: Debian's build (Playwright cannot
// download its own here), no sandbox (CI runs as root), no background traffic.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 137+ only offers its software WebGL (SwiftShader) when asked; headless has no GPU.
  '--enable-unsafe-swiftshader',
];
