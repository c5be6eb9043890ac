// consume's stdout, which carries messages and nothing else. A batch of messages is one write, and the next
// batch is not read before it has been written: a slow reader slows consuming instead of filling memory, and
// "written" is known for certain, which is what --commit written commits. A reader that goes away (`| head`)
// makes the next write fail with EPIPE: the end of the output, not an error.

export class Output {
  readonly #stream: NodeJS.WritableStream;
  #failure: Error | undefined;
  #gone = false;
  #announce: () => void = () => {};
  /** Resolves once nothing more can be written: the reader went away, or writing failed. */
  readonly gone: Promise<void>;

  constructor(stream: NodeJS.WritableStream = process.stdout) {
    this.#stream = stream;
    this.gone = new Promise<void>((resolve) => (this.#announce = resolve));
    // Without a listener, EPIPE would be an uncaught exception.
    stream.on('error', (error: NodeJS.ErrnoException) => this.#end(error));
  }

  /** Why writing failed, when it was not the reader going away (EPIPE); then the command failed. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Resolves true once `bytes` were handed to the OS, false when they never will be. */
  write(bytes: Buffer): Promise<boolean> {
    if (this.#gone) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.#stream.write(bytes, (error?: Error | null) => {
        if (error) this.#end(error as NodeJS.ErrnoException);
        resolve(!error);
      });
    });
  }

  #end(error: NodeJS.ErrnoException): void {
    if (this.#gone) return;
    this.#gone = true;
    if (error.code !== 'EPIPE') this.#failure = error;
    this.#announce();
  }
}
