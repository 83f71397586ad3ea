// Svelte compiler options shared by Vite, svelte-check and the linter: runes mode everywhere.
export default {
  compilerOptions: { runes: true },
};
