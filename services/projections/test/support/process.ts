import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/projector-process.ts', import.meta.url));

export interface ProjectorProcess {
  child: ChildProcess;
  role: string;
  position: string | null;
  /** Resolves when a report satisfies `predicate`, rejects after `timeoutMs`. */
  until(predicate: (p: { role: string; position: string | null }) => boolean, timeoutMs: number): Promise<number>;
  kill(): Promise<void>;
}

export const startProjectorProcess = (storeUrl: string, readModelsUrl: string, batchSize = 50): ProjectorProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, storeUrl, readModelsUrl, String(batchSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const waiters: (() => void)[] = [];
  const state: ProjectorProcess = {
    child,
    role: 'starting',
    position: null,
    until(predicate, timeoutMs) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(state)) {
            resolve(Date.now() - started);
            return true;
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(
          () => reject(new Error(`projector process: no such report within ${timeoutMs} ms (role ${state.role}, position ${state.position})`)),
          timeoutMs,
        );
        const waiter = () => {
          if (check()) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(waiter), 1);
          }
        };
        waiters.push(waiter);
      });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const report = JSON.parse(line) as { role: string; position: string | null };
      state.role = report.role;
      state.position = report.position;
      for (const w of [...waiters]) w();
    } catch {
      // not a report
    }
  });
  return state;
};
