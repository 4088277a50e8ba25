// Re-export barrel: the manuscript engine now lives in `./manuscript/`. Kept so existing imports
// keep working; new code should import from './manuscript'.
export * from './manuscript';
