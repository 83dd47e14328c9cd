// Vite (and so Vitest) imports a file's text with the `?raw` suffix; tests use it to read
// configuration such as wrangler.jsonc without Node's fs.
declare module "*?raw" {
  const text: string;
  export default text;
}
