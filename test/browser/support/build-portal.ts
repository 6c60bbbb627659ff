import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const web = join(root, 'web');

const newest = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
};

/**
 * The browser tests drive the built portal that the API serves from web/dist. Turbo builds
 * it first (this workspace depends on @tandem/web); run alone, build it here when it is
 * missing or older than its sources.
 */
export default function buildPortal(): void {
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(...['src', 'public', 'index.html', 'vite.config.ts'].map((entry) => newest(join(web, entry))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const result = spawnSync('npm', ['run', 'build', '-w', '@tandem/web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the portal (npm run build -w @tandem/web) failed');
}
