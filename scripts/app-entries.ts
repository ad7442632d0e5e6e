/**
 * The files smslog runs from, bundled into dist/app/ by scripts/bundle-app.mjs: the CLI (the
 * package's bin) and each file a thread starts from, by the name it has there. A thread's file
 * is found beside the module that starts it (`new URL("./worker.js", import.meta.url)`), so
 * each must be here under that name: test/app-bundle.test.ts checks every one the sources name.
 */
export const APP_ENTRIES: Readonly<Record<string, string>> = {
  main: "src/cli/main.js",
  worker: "src/ingest/worker.js",
  "discover-worker": "src/ingest/discover-worker.js",
};
