/** Statistics for comparisons: pure math, no I/O. */
export { assertFinite, mean, sampleStd, sampleVariance } from './descriptive.js';
export { logBeta, logGamma, regularizedGammaQ, regularizedIncompleteBeta } from './special-functions.js';
export { normalCdf, normalPdf, normalQuantile, normalUpperTail } from './normal.js';
export { tCdf, tPdf, tQuantile, tTwoSidedP, tUpperTail } from './student-t.js';
export { CONFIDENCE, pairedComparison, type PairedStats } from './paired.js';
export { comparisonVerdict, formatPoints, ONE_REPEAT_TEXT, pairVerdict, type PairSummary } from './verdict.js';
export { cellCounts, summarizeComparison } from './summarize-comparison.js';
