import { defineConfig } from 'vitest/config'
import { TEST_TIMEOUT_MS, WORKERS } from './__fixtures__/time-scale.mjs'

// Two projects: unit (rules, parsing, the run's stages with fakes; milliseconds, no build) and e2e (the bundle as
// the runner runs it, against the emulators; built first unless dist/ is the build of the current sources).
// npm test runs both; npm run test:unit is the fast loop.
export default defineConfig({
  test: {
    // End-to-end tests spawn the bundle and wait on a real (local) emulator; unit tests never wait. Both limits grow
    // with the machine's load (__fixtures__/time-scale.mjs).
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    pool: 'forks',
    // npm test gives each project its own count (scripts/test.mjs); a bare `vitest` run uses the larger.
    maxWorkers: WORKERS.e2e,
    // GitHub's workflow parser imports its JSON schemas without import attributes: let Vite transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    projects: [
      // The unit files share a worker's modules (no re-import of the SDK per file): none keeps state of its own.
      { extends: true, test: { name: 'unit', include: ['__tests__/unit/**/*.test.ts'], isolate: false } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          // The files share a worker's modules too: each test starts emulators and processes of its own.
          isolate: false,
          // Builds dist/ unless it is already the build of the current sources.
          globalSetup: ['__fixtures__/global-setup.ts'],
        },
      },
    ],
    // The lines of src/ the in-process tests run (the end-to-end tests run the bundle in child processes).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/index.ts'],
      reporter: ['text-summary', 'json-summary', 'json'],
      // The unit tests' own floor; CI holds 90% for both layers together (scripts/coverage.mjs).
      thresholds: { lines: 60 },
      reportsDirectory: 'node_modules/.cache/personalize-dataset-import-action/coverage',
    },
  },
})
