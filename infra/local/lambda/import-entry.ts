// How a handler's entry file becomes a module: imported by its URL (through tsx under `npm start`). The tests'
// prebuilt runtime (tests/support/prebuilt-baton.ts) bundles the handlers and puts a table of them in this
// file's place, so this is the one line a bundle must replace.
export const importEntry = (fileUrl: string): Promise<unknown> => import(fileUrl);
