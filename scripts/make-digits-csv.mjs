// Writes a CSV of one-digit features, the narrowest cells a numeric file can have (the worst case for memory per
// byte of file), for measuring an in-memory read:
//   node scripts/make-digits-csv.mjs digits.csv 500      (500 MB; 50 features, labels a/b)
import { closeSync, openSync, writeSync } from 'node:fs';

const [path, megabytes = '500', columns = '50'] = process.argv.slice(2);
const features = Number(columns);
const fd = openSync(path, 'w');
const header = Array.from({ length: features }, (_, j) => `f${j}`).join(',') + ',label\n';
writeSync(fd, header);
let bytes = header.length;
let state = 12345;
// The high bits of a linear congruential generator (its low bits repeat with short periods).
const draw = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) >>> 16;
while (bytes < Number(megabytes) * 1e6) {
  let block = '';
  for (let r = 0; r < 10000; r++) {
    const row = Array.from({ length: features }, () => draw() % 10);
    block += `${row.join(',')},${draw() % 2 ? 'a' : 'b'}\n`;
  }
  writeSync(fd, block);
  bytes += block.length;
}
closeSync(fd);
console.log(`${path}: ${bytes} bytes`);
