import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One runner, kinds kept apart (architecture §9.9): unit is fast and hermetic; integration uses real
// loopback sockets, the simulator and PostgreSQL; e2e drives Debian Chromium against browser mode.
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/contract/**/*.test.ts'],
          testTimeout: 20_000,
        },
        // Shell tests (test/unit/electron/shell) get the fake electron module (architecture §9.4).
        // Nothing else imports 'electron' (the layer test enforces it), so the alias touches only them.
        resolve: {
          alias: [
            {
              find: /^electron$/,
              replacement: fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url)),
            },
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Throughput and fault tests measure and time out; on a 2-core box they must not compete.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
