// Preloaded with `node --import ./scripts/stream-rss.mjs ...`: prints the process's peak resident set size
// on stderr when it exits, as `peak RSS: <kilobytes> kB` (process.resourceUsage().maxRSS).
process.on('exit', () => {
  process.stderr.write(`peak RSS: ${process.resourceUsage().maxRSS} kB\n`);
});
