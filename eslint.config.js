/**
 * ESLint (npm run lint, run by npm test before the tests). Type-aware rules of typescript-eslint,
 * the layers of the code (no-restricted-imports per folder), and what carries weight here: no floating
 * promises, no `as never`. Formatting is Prettier's (.prettierrc.json); eslint-config-prettier
 * turns off the rules it owns. A rule turned off needs a one-line reason beside it.
 */
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", "data/", "coverage/", "test-results/", "bench/results/"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "TSAsExpression > TSNeverKeyword", message: "«as never» hides a type error: give the value its real type." },
      ],
    },
  },
  {
    files: ["public/js/**/*.js"],
    languageOptions: { globals: globals.browser, sourceType: "script" },
  },
  {
    files: ["*.js", "*.config.ts"],
    languageOptions: { globals: globals.node },
  },
  // The layers: lib is plumbing and knows nothing of access or the modules; access knows lib
  // (and config); a module reaches another module only through that module's *.service.ts.
  {
    files: ["src/lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^\\.\\./(access|modules)/", message: "lib/ is plumbing: it must not import access/ or modules/ (pass what it needs in from app.ts)." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/access/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^\\.\\./modules/", message: "access/ must not import modules/: modules build on access, not the other way round." }] },
      ],
    },
  },
  {
    files: ["src/modules/*/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(?!\\.\\./)[^/]+/(?![^/]+\\.service\\.ts$)",
              message: "Another module is reached only through its *.service.ts exports.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
