// Ctrl-C for a command that reports before it exits. Left to Node, SIGINT ends the process at once and
// the user never learns what was done; with a listener the command winds down itself, and a user who
// does not want to wait for that presses Ctrl-C again.

/** What a shell reports for a process stopped by SIGINT (128 + 2), so scripts see the same either way. */
export const interruptedExitCode = 130;

export interface Interrupt {
  /** Resolves at the first Ctrl-C. */
  readonly signalled: Promise<void>;
  readonly happened: boolean;
}

/**
 * Listens from now until the process ends: the first Ctrl-C (or another of `signals`: SIGTERM is how service
 * managers ask) resolves `signalled`, the second exits 130.
 */
export function catchInterrupt(signals: NodeJS.Signals[] = ['SIGINT']): Interrupt {
  let happened = false;
  let resolve: () => void = () => {};
  const signalled = new Promise<void>((settle) => (resolve = settle));
  const listener = () => {
    if (happened) process.exit(interruptedExitCode);
    happened = true;
    resolve();
  };
  for (const signal of signals) process.on(signal, listener);
  return {
    signalled,
    get happened() {
      return happened;
    },
  };
}
