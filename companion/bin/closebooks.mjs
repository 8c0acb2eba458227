#!/usr/bin/env node
// The `closebooks` bin (`npx closebooks …`): loads the TypeScript entry through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/closebooks.ts');
