/** Statistics for comparisons: pure math, no I/O. */
export { assertFinite, mean, sampleStd, sampleVariance } from './descriptive.js';
export { logBeta, logGamma, regularizedGammaQ, regularizedIncompleteBeta } from './special-functions.js';
export { normalCdf, normalPdf, normalQuantile, normalUpperTail } from './normal.js';
export { tCdf, tPdf, tQuantile, tTwoSidedP, tUpperTail } from './student-t.js';
export { noncentralTCdf } from './noncentral-t.js';
export { CONFIDENCE, pairedDiffs, tInterval, type TInterval } from './t-interval.js';
export { bcaInterval, bcaMeanInterval, bootstrapMeans } from './bootstrap-bca.js';
export { minSignFlipP, signFlipTest } from './sign-flip.js';
export { holmAdjust } from './holm.js';
export { cohenDz, probabilityAGreater } from './effect-size.js';
export { pairedTPower, repeatsNeeded } from './power.js';
export { tost } from './tost.js';
export { readoutKey, sameFunctionGroups, type ReadoutContext } from './same-function.js';
export { formatP, formatPoints } from './format-stats.js';
export { cellCounts, summarizeComparison, type SummarizeOptions } from './summarize-comparison.js';
