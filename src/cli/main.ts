#!/usr/bin/env node
// The `softgrad` executable.
import { processIO } from './io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), processIO);
