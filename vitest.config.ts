import { defineConfig } from "vitest/config";

// Three tiers, selected by file suffix: pure (*.test.ts), real temp files (*.int.test.ts),
// real OpenClaw gateway (*.e2e.test.ts). `npm test` runs all of them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.int.test.ts", "test/**/*.e2e.test.ts", "test/reliability/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "int",
          include: ["test/**/*.int.test.ts"],
          exclude: ["test/reliability/**"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
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
