import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Builds dist/ unless it is already the build of the current sources.
    globalSetup: ['__fixtures__/global-setup.ts'],
    // End-to-end tests spawn the bundle and wait on a real (local) emulator; unit tests never wait.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The end-to-end files mostly wait on child processes and the emulator's clock, not the CPU.
    maxWorkers: 4,
    // GitHub's workflow parser imports its JSON schemas without import attributes: let Vite transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
})
