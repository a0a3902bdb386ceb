// Builds the web app into one folder the server serves under /app/:
//   node scripts/build.mjs --out <folder>
// 1. `npm ci` when package-lock.json changed since the last install (the only download: the npm registry);
// 2. the Vue shell with Vite (index.html, assets/);
// 3. Elsa Studio's files from the pinned npm package (_framework/, _content/, its stylesheet) and its
//    appsettings.json with quieter logging;
// 4. .br and .gz twins for every compressible file that has none (Studio ships its own twins).
// Builds of several output folders (configurations, parallel builds) take turns through a lock folder, since they
// share node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const studioDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const studioPackage = path.join(studioDir, 'node_modules', '@elsa-workflows', 'elsa-studio-wasm');
const installStamp = path.join(studioDir, 'node_modules', '.intellyhub-install');
const lockDir = path.join(studioDir, '.build-lock');
const compressible = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.wasm', '.dat', '.map', '.txt', '.xml', '.webmanifest', '.ico']);

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
if (outIndex < 0 || !args[outIndex + 1]) {
  console.error('usage: node scripts/build.mjs --out <folder>');
  process.exit(2);
}
const outDir = path.resolve(args[outIndex + 1]);

const started = Date.now();
try {
  await withLock(async () => {
    install();
    typecheck();
    await buildShell();
    copyStudio();
    const compressed = compressMissingTwins(outDir);
    log(`built into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s (${compressed} files precompressed here)`);
  });
} catch (error) {
  console.error(`[web app] error: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

function install() {
  const lockFile = path.join(studioDir, 'package-lock.json');
  const fresh = fs.existsSync(installStamp) && fs.statSync(installStamp).mtimeMs >= fs.statSync(lockFile).mtimeMs;
  if (fresh && fs.existsSync(studioPackage)) return;
  log('npm ci (package-lock.json changed or node_modules missing)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: studioDir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) fail(`npm ci failed (exit ${result.status ?? result.signal})`);
  fs.writeFileSync(installStamp, new Date().toISOString());
}

function typecheck() {
  const tsc = path.join(studioDir, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: studioDir, stdio: 'inherit' });
  if (result.status !== 0) fail('type errors (vue-tsc) in studio/src');
}

async function buildShell() {
  const { build } = await import('vite');
  await build({
    root: studioDir,
    configFile: path.join(studioDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

function copyStudio() {
  if (!fs.existsSync(studioPackage)) fail(`${studioPackage} is missing: run npm ci in studio/`);
  for (const entry of ['_framework', '_content']) {
    fs.cpSync(path.join(studioPackage, entry), path.join(outDir, entry), { recursive: true });
  }
  for (const file of fs.readdirSync(studioPackage)) {
    if (file.startsWith('Elsa.Studio.Host.CustomElements.styles.css')) fs.copyFileSync(path.join(studioPackage, file), path.join(outDir, file));
  }
  // The package's index.html uses a tag that is not registered; the shell is the host page instead. Its
  // appsettings.json: Backend:Url is unused by the custom elements (they get remote-endpoint); the HTTP client logs
  // every request at Information, so logging goes down to warnings.
  const settings = JSON.parse(fs.readFileSync(path.join(studioPackage, 'appsettings.json'), 'utf8'));
  settings.Logging = {
    LogLevel: {
      Default: 'Warning',
      'System.Net.Http.HttpClient': 'Warning',
      'Microsoft.AspNetCore': 'Warning',
    },
  };
  delete settings.Backend;
  fs.writeFileSync(path.join(outDir, 'appsettings.json'), JSON.stringify(settings, null, 2) + '\n');
}

function compressMissingTwins(dir) {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      count += compressMissingTwins(file);
      continue;
    }
    if (!compressible.has(path.extname(entry.name).toLowerCase())) continue;
    const content = fs.readFileSync(file);
    if (content.length < 256) continue;
    let wrote = false;
    if (!fs.existsSync(file + '.br')) {
      const quality = content.length > 2_000_000 ? 9 : 11;
      fs.writeFileSync(file + '.br', zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
      wrote = true;
    }
    if (!fs.existsSync(file + '.gz')) {
      fs.writeFileSync(file + '.gz', zlib.gzipSync(content, { level: 9 }));
      wrote = true;
    }
    if (wrote) count++;
  }
  return count;
}

async function withLock(work) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a build that was killed is older than any real build takes.
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 10 * 60_000) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`another build holds ${lockDir}; remove it if no build is running`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
  try {
    await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function log(message) {
  console.log(`[web app] ${message}`);
}

function fail(message) {
  throw new Error(message);
}
