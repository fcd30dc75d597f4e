import { defineConfig } from "vitest/config";

// Tiers, selected by file suffix: pure (*.test.ts), real temp files (*.int.test.ts),
// real OpenClaw gateway (*.e2e.test.ts), and test/reliability/ (crashes, faults, fuzzing; children run dist/).
// `npm test` runs all of them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          setupFiles: ["test/setup/fast-check.ts"],
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.int.test.ts", "test/**/*.e2e.test.ts", "test/reliability/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "int",
          setupFiles: ["test/setup/fast-check.ts"],
          include: ["test/**/*.int.test.ts"],
          exclude: ["test/reliability/**"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        // Faults, crashes, hostile input: figures are printed as `[reliability] <suite>: ...` lines.
        test: {
          name: "reliability",
          setupFiles: ["test/setup/fast-check.ts"],
          include: ["test/reliability/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          pool: "forks",
        },
      },
      {
        test: {
          name: "e2e",
          setupFiles: ["test/setup/fast-check.ts"],
          include: ["test/**/*.e2e.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          pool: "forks",
        },
      },
    ],
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "machines/**/*.ts"],
    },
  },
});
