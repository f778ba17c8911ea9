/** Bad usage or config: the CLI prints the message (naming the flag and the allowed range) and exits 2. */
export class UsageError extends Error {}

/** A run failed or a check mismatched: exit 1. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
