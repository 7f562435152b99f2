// `npm run lint`: typescript-eslint's recommended rules plus the typed rules that catch real
// bugs (a promise nobody awaits, a promise passed where a callback's result is ignored).
// Style is left to the reviewer; dead exports and files are knip's job (`npm run knip`).
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // What .gitignore lists: dependencies, generated client, builds, run data, test output.
  { ignores: ["node_modules/", "generated/", ".next/", "dist/", "var/", "tests/output/", "next-env.d.ts"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
);
