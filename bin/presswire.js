#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through the
// `prepare` script). Development and tests run src/ directly through tsx.
import '../dist/cli/main.js';
