#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through the
// `prepare` script). Development runs src/ directly through tsx; the end-to-end tests run a
// bundle of src/ made the same way at the start of each run.
import '../dist/cli/main.js';
