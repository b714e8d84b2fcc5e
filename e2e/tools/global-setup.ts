import type { TestProject } from 'vitest/node';
import { startStack, type StackInfo } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The stack every browser test of the run shares (see stack.ts). */
    stack: StackInfo;
  }
}

/** One stack for the whole e2e run; each test makes the records it changes. */
export default async function setup(project: TestProject) {
  const stack = await startStack();
  const { stop, ...info } = stack;
  project.provide('stack', info);
  return stop;
}
