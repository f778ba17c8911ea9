/**
 * Imported first by the entry: zod 4 compiles object parsers with `new Function` unless told not to, and even
 * its feature probe would be reported as a CSP violation under a policy without 'unsafe-eval'.
 */
import { config } from 'zod';

config({ jitless: true });
