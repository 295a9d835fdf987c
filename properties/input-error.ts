/**
 * Bad input to the library (an unknown bug, scope or invariant; a plugin that does not load or is malformed): the
 * CLI prints the message on one line and exits 2, never with a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
