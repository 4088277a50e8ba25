// Preloaded by the benchmarks (node -r) where GNU time is missing: writes the process's peak
// resident memory in bytes to $ISCLS_MAXRSS when it exits.
const { writeFileSync, mkdirSync } = require('node:fs');
const { dirname } = require('node:path');
process.on('exit', () => {
  const file = process.env.ISCLS_MAXRSS;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
