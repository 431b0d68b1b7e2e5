// When each part of the local runtime's start began and ended, so that `npm run bench:start` can say where a
// start's time goes (and what ran side by side). Recording costs two clock reads per part; nothing reads it
// unless asked (`BATON_STARTUP_TIMINGS=1 npm start` prints it).
import { performance } from 'node:perf_hooks';

export interface StartupPhase {
  name: string;
  /** Milliseconds since `startLocalRuntime` was called. */
  startMs: number;
  endMs: number;
}

export interface StartupTimings {
  /** Milliseconds from the process's start to `startLocalRuntime`: Node loading the code. */
  loadingMs: number;
  /** Milliseconds from `startLocalRuntime` to ready. */
  totalMs: number;
  phases: StartupPhase[];
}

export interface StartupTimeline {
  /** Runs `work` as the named part of the start, recording when it began and ended (also when it failed). */
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** The same for work that blocks (the data folder's lock, which may wait for a killed runtime's JVM to drain). */
  timeSync<T>(name: string, work: () => T): T;
  /** Everything recorded so far, with the total up to now. */
  timings(): StartupTimings;
}

export function startupTimeline(): StartupTimeline {
  // performance.now() counts from the process's start (its time origin).
  const origin = performance.now();
  const phases: StartupPhase[] = [];
  const since = () => Math.round((performance.now() - origin) * 10) / 10;
  return {
    async time(name, work) {
      const startMs = since();
      try {
        return await work();
      } finally {
        phases.push({ name, startMs, endMs: since() });
      }
    },
    timeSync(name, work) {
      const startMs = since();
      try {
        return work();
      } finally {
        phases.push({ name, startMs, endMs: since() });
      }
    },
    timings: () => ({ loadingMs: Math.round(origin), totalMs: since(), phases: [...phases].sort((a, b) => a.startMs - b.startMs) }),
  };
}
