/** Exit codes shared by every command, and the one-line error for bad input. */
export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_BAD_INPUT = 2;

import { InputError } from "../properties/input-error.ts";

/** Bad input or usage: printed as one line, exit code 2, never a stack trace (as the library's InputError). */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
