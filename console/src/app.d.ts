// See https://svelte.dev/docs/kit/types#app.d.ts for what these interfaces can hold.
declare global {
  namespace App {
    // interface Error {}
    // interface Locals {}
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
