#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on load, no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run();
