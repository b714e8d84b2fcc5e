/** Writes schema/schema.graphql, the SDL clients generate their types from. */
import { writeFile } from 'node:fs/promises';
import { printSdl } from '../src/schema.ts';

const file = new URL('../schema.graphql', import.meta.url);
await writeFile(file, printSdl());
console.log('wrote schema/schema.graphql');
