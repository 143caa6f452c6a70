import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc's figures (USER_HZ, 100 on Linux everywhere). */
const TICKS = 100;

/**
 * Milliseconds of CPU time the calling thread has used, from /proc/thread-self/stat (Linux;
 * 10 ms resolution), or undefined where there is no such file. Unlike wall-clock time, it does
 * not count the time the thread waited for a core, so it tells a thread's work apart from the
 * load of the machine.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // The fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}
