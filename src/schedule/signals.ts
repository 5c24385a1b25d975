/**
 * SIGTERM and SIGINT for every long command. The first one asks the work to stop
 * at its next safe point; a second one means "now". Installing our own listeners also
 * keeps signal-exit (used by proper-lockfile) from killing the process on the first
 * signal: it stands aside while another listener exists, and still releases the lock on
 * the way out of a `process.exit`.
 */

export type StopSignal = 'SIGTERM' | 'SIGINT';

export interface StopHandlers {
  /** The first signal: stop at the next safe point. */
  first(signal: StopSignal): void;
  /** Any later signal: stop at once. */
  again(signal: StopSignal): void;
}

/** Listen for SIGTERM/SIGINT; returns the function that stops listening. */
export function onStopSignals(handlers: StopHandlers): () => void {
  let received = 0;
  const listener = (signal: StopSignal) => {
    received += 1;
    if (received === 1) handlers.first(signal);
    else handlers.again(signal);
  };
  process.on('SIGTERM', listener);
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGTERM', listener);
    process.off('SIGINT', listener);
  };
}
