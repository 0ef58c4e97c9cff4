// Runs in every test worker before its test files: one private adb server per worker.
const base = Number(process.env.AURORA_TEST_ADB_PORT_BASE ?? 5140);
const worker = Number(process.env.VITEST_POOL_ID ?? 1);
process.env.ANDROID_ADB_SERVER_PORT = String(base + worker);
